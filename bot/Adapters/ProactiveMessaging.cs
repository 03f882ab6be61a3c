using HelpBot.Dialogs.Messaging;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace HelpBot.Bot.Adapters;

/// <summary>
/// Routes a proactive message to the adapter its conversation came from: the first registered
/// <see cref="IProactiveChannel"/> that handles the conversation reference sends it.
/// </summary>
public sealed class ProactiveMessenger(IEnumerable<IProactiveChannel> channels, ILogger<ProactiveMessenger> logger) : IProactiveMessenger
{
    public async Task SendAsync(ConversationReference conversation, IActivity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(activity);
        var channel = channels.FirstOrDefault(c => c.Handles(conversation));
        if (channel is null)
        {
            logger.LogWarning("No adapter can reach conversation {ConversationId} on {ChannelId}; the proactive message was dropped",
                conversation.Conversation?.Id, conversation.ChannelId);
            throw new InvalidOperationException($"No proactive channel handles conversations on '{conversation.ChannelId}'.");
        }
        await channel.SendAsync(conversation, activity, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// Reaches an adapter's conversations with <see cref="BotAdapter.ContinueConversationAsync(string, ConversationReference, BotCallbackHandler, CancellationToken)"/>.
/// The CloudAdapter registers one for http(s) service URLs (Teams, Azure Bot Service). The built-in Direct Line adapter
/// registers its own for <see cref="DirectLineServiceUrl"/>:
/// <code>services.AddSingleton&lt;IProactiveChannel&gt;(sp => new BotAdapterProactiveChannel(
///     sp.GetRequiredService&lt;DirectLineAdapter&gt;(), botAppId: null, BotAdapterProactiveChannel.IsDirectLine));</code>
/// </summary>
public sealed class BotAdapterProactiveChannel(BotAdapter adapter, string? botAppId, Func<ConversationReference, bool> handles) : IProactiveChannel
{
    public const string DirectLineServiceUrl = "urn:helpbot:directline";

    public bool Handles(ConversationReference conversation) => handles(conversation);

    public Task SendAsync(ConversationReference conversation, IActivity activity, CancellationToken cancellationToken = default) =>
        // An empty app id is local developer mode (no credentials), as for /api/messages.
        adapter.ContinueConversationAsync(botAppId ?? "", conversation,
            async (turn, ct) => await turn.SendActivityAsync(activity, ct).ConfigureAwait(false), cancellationToken);

    /// <summary>Conversations of the Bot Framework Connector: an http or https service URL.</summary>
    public static bool IsConnector(ConversationReference conversation) =>
        Uri.TryCreate(conversation.ServiceUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);

    public static bool IsDirectLine(ConversationReference conversation) =>
        string.Equals(conversation.ServiceUrl, DirectLineServiceUrl, StringComparison.OrdinalIgnoreCase);
}
