using System.Globalization;
using System.Security.Claims;
using HelpBot.Bot.Adapters;
using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.Turn;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace HelpBot.Bot.DirectLine;

/// <summary>
/// Runs the bot in this process for Web Chat conversations on the built-in Direct Line endpoint: what the bot sends is
/// stored in the conversation's history and pushed to its sockets. Turns of one conversation run one at a time.
/// Proactive messages (e.g. a human agent's relayed reply) go through <see cref="ContinueConversationAsync(ConversationReference, BotCallbackHandler, CancellationToken)"/>
/// with a reference whose <see cref="ConversationReference.ServiceUrl"/> is <see cref="ServiceUrl"/>.
/// </summary>
public sealed class DirectLineAdapter : BotAdapter
{
    /// <summary>The serviceUrl of every activity and conversation reference from this endpoint: route proactive messages here by it.</summary>
    public const string ServiceUrl = "urn:helpbot:directline";

    /// <summary>The channelId the bot sees, as on Azure Direct Line.</summary>
    public const string ChannelId = Microsoft.Bot.Connector.Channels.Directline;

    public const string BotId = "helpbot";

    /// <summary>The sender id of a message a desk agent wrote: this prefix and the agent's name.</summary>
    public const string AgentIdPrefix = "helpbot-agent:";
    public const string BotName = "HelpBot";

    /// <summary>The turn running on this async flow, to refuse a same-conversation proactive call that would wait on itself.</summary>
    private static readonly AsyncLocal<TurnMarker?> CurrentTurn = new();

    private readonly DirectLineConversations _conversations;
    private readonly IBot _bot;
    private readonly TimeProvider _clock;

    public DirectLineAdapter(DirectLineConversations conversations, IBot bot, TurnErrorHandler errors, IEnumerable<Microsoft.Bot.Builder.IMiddleware> middleware, TimeProvider clock)
    {
        _conversations = conversations;
        _bot = bot;
        _clock = clock;
        foreach (var m in middleware)
        {
            Use(m);
        }
        OnTurnError = errors.HandleAsync;
    }

    internal static ChannelAccount BotAccount => new(BotId, BotName, RoleTypes.Bot);

    /// <summary>Sends the bot the conversationUpdate that lets it greet (members added: the bot and the user).</summary>
    internal Task StartAsync(DirectLineConversation conversation, string? locale, CancellationToken cancellationToken)
    {
        var update = NewActivity(conversation, ActivityTypes.ConversationUpdate);
        update.Locale = locale;
        update.MembersAdded = [BotAccount, UserAccount(conversation)];
        return RunTurnAsync(conversation, update, beforeTurn: null, _bot.OnTurnAsync, cancellationToken);
    }

    /// <summary>
    /// A user's activity: echo it to the client (stored, unless typing) with the same id the bot sees, then run the turn.
    /// The caller has already stamped id, from, recipient and conversation (see <see cref="DirectLineEndpoints"/>).
    /// </summary>
    internal Task ReceiveAsync(DirectLineConversation conversation, Activity activity, CancellationToken cancellationToken, string? clientAddress = null) =>
        RunTurnAsync(conversation, activity, () => PublishAsync(conversation, activity, cancellationToken), (context, ct) =>
        {
            // For the limits kept per address (new escalations); in the turn's state only, never stored.
            ClientAddress.Set(context, clientAddress);
            return _bot.OnTurnAsync(context, ct);
        }, cancellationToken);

    /// <summary>Runs <paramref name="callback"/> as a turn in a Direct Line conversation, queued behind any turn already running there.</summary>
    public Task ContinueConversationAsync(ConversationReference reference, BotCallbackHandler callback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return ContinueAsync(reference.GetContinuationActivity(), callback, cancellationToken);
    }

    public override Task ContinueConversationAsync(string botId, ConversationReference reference, BotCallbackHandler callback, CancellationToken cancellationToken) =>
        ContinueConversationAsync(reference, callback, cancellationToken);

    public override Task ContinueConversationAsync(ClaimsIdentity claimsIdentity, ConversationReference reference, BotCallbackHandler callback, CancellationToken cancellationToken) =>
        ContinueConversationAsync(reference, callback, cancellationToken);

    public override Task ContinueConversationAsync(ClaimsIdentity claimsIdentity, ConversationReference reference, string audience, BotCallbackHandler callback, CancellationToken cancellationToken) =>
        ContinueConversationAsync(reference, callback, cancellationToken);

    public override Task ContinueConversationAsync(string botId, Activity continuationActivity, BotCallbackHandler callback, CancellationToken cancellationToken) =>
        ContinueAsync(continuationActivity, callback, cancellationToken);

    public override Task ContinueConversationAsync(ClaimsIdentity claimsIdentity, Activity continuationActivity, BotCallbackHandler callback, CancellationToken cancellationToken) =>
        ContinueAsync(continuationActivity, callback, cancellationToken);

    public override Task ContinueConversationAsync(ClaimsIdentity claimsIdentity, Activity continuationActivity, string audience, BotCallbackHandler callback, CancellationToken cancellationToken) =>
        ContinueAsync(continuationActivity, callback, cancellationToken);

    public override async Task<ResourceResponse[]> SendActivitiesAsync(ITurnContext turnContext, Activity[] activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activities);
        var responses = new ResourceResponse[activities.Length];
        for (var i = 0; i < activities.Length; i++)
        {
            var activity = activities[i];
            if (activity.Type == ActivityTypesEx.Delay)
            {
                // The Bot Framework's pause between messages; value is milliseconds.
                var ms = activity.Value is null ? 1000 : Convert.ToInt32(activity.Value, CultureInfo.InvariantCulture);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(ms, 0, 10_000)), _clock, cancellationToken).ConfigureAwait(false);
                responses[i] = new ResourceResponse();
                continue;
            }
            if (activity.Type == ActivityTypesEx.InvokeResponse)
            {
                // Web Chat sends no invokes; nothing to answer.
                responses[i] = new ResourceResponse();
                continue;
            }
            var conversation = await FindConversationAsync(activity.Conversation?.Id, cancellationToken).ConfigureAwait(false);
            activity.Id = activity.Type == ActivityTypes.Typing ? $"{conversation.Id}|typing-{DirectLineTokens.RandomId()}" : conversation.NextActivityId();
            StampFromBot(conversation, activity);
            await PublishAsync(conversation, activity, cancellationToken).ConfigureAwait(false);
            responses[i] = new ResourceResponse(activity.Id);
        }
        return responses;
    }

    public override async Task<ResourceResponse> UpdateActivityAsync(ITurnContext turnContext, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var conversation = await FindConversationAsync(activity.Conversation?.Id, cancellationToken).ConfigureAwait(false);
        var previous = activity.Id is null ? null : conversation.Find(activity.Id);
        if (previous is null)
        {
            throw new InvalidOperationException($"Activity {activity.Id} is not in Direct Line conversation {conversation.Id}, so it cannot be updated.");
        }
        StampFromBot(conversation, activity);
        // Keep the original time: Web Chat orders by timestamp, and an updated card should stay where it was.
        if (JObject.Parse(previous)["timestamp"] is JValue { Value: not null } timestamp)
        {
            activity.Timestamp = timestamp.ToObject<DateTimeOffset>();
        }
        // Same id, new watermark position: Web Chat replaces the activity it has with that id.
        await PublishAsync(conversation, activity, cancellationToken).ConfigureAwait(false);
        return new ResourceResponse(activity.Id);
    }

    /// <summary>Removes the activity from the history. Direct Line has no way to tell a connected client, so Web Chat keeps showing it until reloaded.</summary>
    public override async Task DeleteActivityAsync(ITurnContext turnContext, ConversationReference reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var conversation = await FindConversationAsync(reference.Conversation?.Id, cancellationToken).ConfigureAwait(false);
        if (reference.ActivityId is not null)
        {
            await _conversations.RemoveAsync(conversation, reference.ActivityId, cancellationToken).ConfigureAwait(false);
        }
    }

    internal Activity NewActivity(DirectLineConversation conversation, string type) => new(type)
    {
        Id = conversation.NextActivityId(),
        Timestamp = _clock.GetUtcNow(),
        ChannelId = ChannelId,
        ServiceUrl = ServiceUrl,
        Conversation = new ConversationAccount(id: conversation.Id),
        From = UserAccount(conversation),
        Recipient = BotAccount,
    };

    internal static ChannelAccount UserAccount(DirectLineConversation conversation) =>
        new(conversation.Record.UserId, conversation.Record.UserName, RoleTypes.User);

    private async Task ContinueAsync(Activity continuation, BotCallbackHandler callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(callback);
        var conversation = await FindConversationAsync(continuation.Conversation?.Id, cancellationToken).ConfigureAwait(false);
        continuation.ChannelId = ChannelId;
        continuation.ServiceUrl = ServiceUrl;
        continuation.Conversation = new ConversationAccount(id: conversation.Id);
        continuation.Recipient ??= BotAccount;
        continuation.From ??= UserAccount(conversation);
        await RunTurnAsync(conversation, continuation, beforeTurn: null, callback, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunTurnAsync(DirectLineConversation conversation, Activity activity, Func<Task>? beforeTurn, BotCallbackHandler callback, CancellationToken cancellationToken)
    {
        if (CurrentTurn.Value is { Running: true } turn && turn.Conversation == conversation)
        {
            throw new InvalidOperationException(
                $"A turn of Direct Line conversation {conversation.Id} is still running on this call path; waiting for it would never end. Send with that turn's ITurnContext instead of ContinueConversationAsync.");
        }
        await conversation.TurnLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        var marker = new TurnMarker(conversation);
        try
        {
            CurrentTurn.Value = marker;
            if (beforeTurn is not null)
            {
                await beforeTurn().ConfigureAwait(false);
            }
            using var context = new TurnContext(this, activity);
            await RunPipelineAsync(context, callback, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            marker.Running = false;
            conversation.TurnLock.Release();
        }
    }

    private void StampFromBot(DirectLineConversation conversation, Activity activity)
    {
        activity.Timestamp = _clock.GetUtcNow();
        activity.ChannelId = ChannelId;
        activity.ServiceUrl = ServiceUrl;
        activity.Conversation = new ConversationAccount(id: conversation.Id);
        activity.From ??= BotAccount;
        if (string.IsNullOrEmpty(activity.From.Id))
        {
            activity.From.Id = BotId;
        }
        if (AgentMessage.AgentOf(activity) is { } agent)
        {
            // A person at the desk wrote this: it comes from them, so Web Chat shows it apart from the bot's messages.
            activity.From = new ChannelAccount(AgentIdPrefix + agent.Name, agent.Name);
        }
        activity.From.Role = RoleTypes.Bot;
        activity.Recipient ??= UserAccount(conversation);
        // Web Chat holds back an activity whose replyToId it has not seen for up to 5 s, so only point at activities
        // the client has (not at conversationUpdate or a proactive turn's continuation event, which it never gets).
        if (activity.ReplyToId is not null && !conversation.Contains(activity.ReplyToId))
        {
            activity.ReplyToId = null;
        }
    }

    private Task PublishAsync(DirectLineConversation conversation, Activity activity, CancellationToken cancellationToken)
    {
        var json = DirectLineJson.Serialize(activity);
        return activity.Type == ActivityTypes.Typing
            ? _conversations.PushTransientAsync(conversation, activity.Id, json, cancellationToken)
            : _conversations.AppendAsync(conversation, activity.Id, json, cancellationToken);
    }

    private async Task<DirectLineConversation> FindConversationAsync(string? conversationId, CancellationToken cancellationToken)
    {
        var conversation = string.IsNullOrEmpty(conversationId) ? null : await _conversations.FindAsync(conversationId, cancellationToken).ConfigureAwait(false);
        return conversation ?? throw new InvalidOperationException($"There is no Direct Line conversation '{conversationId}'.");
    }

    private sealed class TurnMarker(DirectLineConversation conversation)
    {
        public DirectLineConversation Conversation { get; } = conversation;
        public volatile bool Running = true;
    }
}
