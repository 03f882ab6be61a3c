using HelpBot.Cards;
using HelpBot.Dialogs.Messaging;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;

namespace HelpBot.Dialogs.Handoff;

/// <summary>The <see cref="IAgentRelay"/> over the host's proactive path (CloudAdapter for Teams, built-in Direct Line for Web Chat).</summary>
public sealed partial class AgentRelay(IEscalationStore store, IProactiveMessenger messenger, TimeProvider time, ILogger<AgentRelay> logger) : IAgentRelay
{
    public async Task<bool> SendToUserAsync(string ticket, string agentName, string text, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var name = string.IsNullOrWhiteSpace(agentName) ? HandoffTexts.AgentFallbackName : agentName.Trim();
        // The user sees exactly what the agent wrote, as from the agent; the stored copy is redacted like everything else (H2).
        return await SendAsync(ticket, conversation => AgentMessage.Create(conversation.ChannelId, name, text.Trim()),
            new TranscriptLine(TranscriptFrom.Agent, DeskRedaction.Redact(text.Trim()), time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
    }

    public Task<bool> SendTypingAsync(string ticket, CancellationToken cancellationToken = default) =>
        SendAsync(ticket, new Activity(ActivityTypes.Typing), null, cancellationToken);

    public async Task<bool> NotifyTakenAsync(string ticket, CancellationToken cancellationToken = default)
    {
        var escalation = await store.GetAsync(ticket, cancellationToken).ConfigureAwait(false);
        if (escalation is not { Status: EscalationStatus.Taken })
        {
            return false;
        }
        var text = HandoffTexts.AgentJoined(escalation.AgentName ?? HandoffTexts.AgentFallbackName);
        return await SendAsync(ticket, MessageFactory.Text(text), new TranscriptLine(TranscriptFrom.System, text, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> NotifyResolvedAsync(string ticket, CancellationToken cancellationToken = default)
    {
        var card = SatisfactionSurveyCard.Build(ticket).ToMessage(HandoffTexts.Resolved);
        return await SendAsync(ticket, card, new TranscriptLine(TranscriptFrom.System, HandoffTexts.Resolved, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
    }

    // Queue updates are not part of the conversation with the agent: they stay out of the transcript.
    public Task<bool> SendStatusAsync(string ticket, string text, CancellationToken cancellationToken = default) =>
        SendAsync(ticket, MessageFactory.Text(text), null, cancellationToken);

    private Task<bool> SendAsync(string ticket, IActivity activity, TranscriptLine? line, CancellationToken cancellationToken) =>
        SendAsync(ticket, _ => activity, line, cancellationToken);

    private async Task<bool> SendAsync(string ticket, Func<ConversationReference, IActivity> activityFor, TranscriptLine? line, CancellationToken cancellationToken)
    {
        var escalation = await store.GetAsync(ticket, cancellationToken).ConfigureAwait(false);
        if (escalation is null || ReferenceOf(escalation) is not { } conversation)
        {
            return false;
        }
        try
        {
            await messenger.SendAsync(conversation, activityFor(conversation), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The exception type only: a transport's message can quote the text.
            LogUnreachable(ticket, ex.GetType().Name);
            return false;
        }
        if (line is not null)
        {
            await store.AppendLineAsync(ticket, line, cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    internal static ConversationReference? ReferenceOf(Escalation escalation)
    {
        try
        {
            return JsonConvert.DeserializeObject<ConversationReference>(escalation.ConversationReference);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Escalation {Ticket}: the user's conversation could not be reached ({Error})")]
    private partial void LogUnreachable(string ticket, string error);
}
