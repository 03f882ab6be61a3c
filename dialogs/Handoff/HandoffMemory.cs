using HelpBot.Dialogs.State;
using Microsoft.Bot.Builder;

namespace HelpBot.Dialogs.Handoff;

/// <summary>
/// What the handoff keeps per conversation (ConversationState property <c>Handoff</c>): the last messages, already
/// redacted (so nothing secret is ever stored, H2), the account the flows learned, the live ticket, and whether a
/// call-back number is being asked for.
/// </summary>
public sealed class HandoffConversation
{
    public List<RecentMessage> Recent { get; set; } = [];

    public string? Username { get; set; }

    public string? DisplayName { get; set; }

    public bool Verified { get; set; }

    /// <summary>The ticket this conversation was handed off with (until the user is back with the bot and surveyed).</summary>
    public string? Ticket { get; set; }

    public bool AwaitingCallbackNumber { get; set; }

    public int CallbackNumberAttempts { get; set; }
}

/// <summary>One redacted message of the recent conversation.</summary>
public sealed class RecentMessage
{
    public TranscriptFrom From { get; set; }

    public string Text { get; set; } = "";

    public DateTimeOffset At { get; set; }
}

/// <summary>
/// The <see cref="HandoffConversation"/> of the current turn, through a ConversationState accessor. It is read once per
/// turn (System.Text.Json) and put back as JSON text (<see cref="StoredJson"/>) by <see cref="StoreAsync"/> just
/// before the state is saved.
/// </summary>
public sealed class HandoffMemory(ConversationState conversationState)
{
    public const string PropertyName = "Handoff";

    private static readonly System.Text.Json.JsonSerializerOptions Json = new()
    {
        // Older state was written by Newtonsoft (PascalCase names, enums as numbers): the same shape both ways.
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
    };

    private readonly IStatePropertyAccessor<object> _accessor = conversationState.CreateProperty<object>(PropertyName);

    private const string TurnKey = "HelpBot.Handoff.Conversation";

    /// <summary>The same object for the whole turn; <see cref="StoreAsync"/> saves what the turn changed.</summary>
    public async Task<HandoffConversation> GetAsync(ITurnContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.TurnState.Get<HandoffConversation>(TurnKey) is { } cached)
        {
            return cached;
        }
        var stored = StoredJson.TextOf(await _accessor.GetAsync(context, () => null!, cancellationToken).ConfigureAwait(false));
        var conversation = Read(stored) ?? new HandoffConversation();
        context.TurnState[TurnKey] = conversation;
        return conversation;
    }

    /// <summary>Puts this turn's memory (if the turn read it) back into the conversation state, before it is saved.</summary>
    public async Task StoreAsync(ITurnContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.TurnState.Get<HandoffConversation>(TurnKey) is { } conversation)
        {
            var json = System.Text.Json.JsonSerializer.Serialize(conversation, Json);
            await _accessor.SetAsync(context, StoredJson.ToStored(json), cancellationToken).ConfigureAwait(false);
        }
    }

    private static HandoffConversation? Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<HandoffConversation>(json, Json);
        }
        catch (System.Text.Json.JsonException)
        {
            // Unreadable memory must not wedge the conversation: it starts again empty.
            return null;
        }
    }
}

/// <summary>
/// What a flow ends with when it reached a dead end a person can get past (a departmental account, a 24-hour block,
/// no way to send a SafeCode …): <c>return await step.EndDialogAsync(new NeedsPerson(EscalationReason.NeedsSsn), …)</c>.
/// MainDialog then brings a person in, with the flow's intent.
/// </summary>
/// <param name="Reason">Why.</param>
/// <param name="Username">The account concerned, if the flow knows it.</param>
public sealed record NeedsPerson(EscalationReason Reason, string? Username = null, string? DisplayName = null, bool Verified = false);

/// <summary>How the handoff flow starts: why, the account if known, and the flow that ended (its intent).</summary>
public sealed record HandoffRequest(EscalationReason Reason, string? Username = null, string? DisplayName = null, bool Verified = false, string? Intent = null);

/// <summary>
/// How flows tell the handoff, within a turn, which account the conversation is about (what an agent sees if one is
/// brought in later); the handoff picks it up at the end of the turn. A flow that needs a person ends with <see cref="NeedsPerson"/>.
/// </summary>
public static class HandoffContext
{
    private const string AccountKey = "HelpBot.Handoff.Account";

    /// <summary>The account this conversation is about, and whether it was verified with a SafeCode: what the agent sees.</summary>
    public static void NoteAccount(ITurnContext context, string username, string? displayName, bool verified)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.TurnState[AccountKey] = new HandoffRequest(EscalationReason.Other, username, displayName, verified);
    }

    internal static HandoffRequest? NotedAccount(ITurnContext context) => context.TurnState.Get<HandoffRequest>(AccountKey);
}
