using HelpBot.Cards;
using HelpBot.Dialogs.SmallTalk;
using HelpBot.Dialogs.Turn;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.Handoff;

/// <summary>
/// A turn stage around MainDialog (<see cref="TurnStageOrder.Handoff"/>). It keeps the recent conversation (redacted before it is stored, H2) for the
/// escalation record, and while the conversation is with the desk it takes the turn: the user's words are relayed
/// to the agent, not interpreted (except "cancel" and "call me" while still waiting); typing is passed on. After
/// the desk resolves, it takes the survey answer; and it applies <c>handoff.status</c> events (H1). When the bot
/// answered, the account the flows noted is kept for an escalation in a later turn.
/// </summary>
public sealed partial class HandoffGate(HandoffService handoff, HandoffMemory memory) : ITurnStage
{
    private static readonly HashSet<string> CallbackPhrases = new(StringComparer.OrdinalIgnoreCase)
    {
        HandoffTexts.CallbackChoice, "call me", "call me back", "call back", "callback", "phone me", "leave a number", "leave my number",
    };

    public int Order => TurnStageOrder.Handoff;

    public async Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (!await TakesTurnAsync(turnContext, cancellationToken).ConfigureAwait(false))
        {
            await next(cancellationToken).ConfigureAwait(false);
            await KeepNotedAccountAsync(turnContext, cancellationToken).ConfigureAwait(false);
        }
        // What this turn changed in the handoff memory is saved with the conversation state (SaveStateStage).
        await memory.StoreAsync(turnContext, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when the turn was handled here and MainDialog must not see it.</summary>
    private async Task<bool> TakesTurnAsync(ITurnContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var activity = context.Activity;
        if (activity.Type == ActivityTypes.Event && activity.Name == HandoffEventNames.HandoffStatus)
        {
            await ApplyHubStatusAsync(context, cancellationToken).ConfigureAwait(false);
            return true;
        }
        var conversationId = activity.Conversation?.Id;
        if (string.IsNullOrEmpty(conversationId) || activity.Type is not (ActivityTypes.Message or ActivityTypes.Typing))
        {
            return false;
        }
        var conversation = await memory.GetAsync(context, cancellationToken).ConfigureAwait(false);
        if (activity.Type == ActivityTypes.Message)
        {
            Record(context, conversation);
        }

        var live = await handoff.LiveEscalationAsync(conversationId, cancellationToken).ConfigureAwait(false);
        if (activity.Type == ActivityTypes.Typing)
        {
            if (live is not null)
            {
                await handoff.UserTypingAsync(live, cancellationToken).ConfigureAwait(false);
            }
            return live is not null;
        }
        if (live is not null)
        {
            conversation.Ticket = live.Ticket;
            return await WithTheDeskAsync(context, conversation, live, cancellationToken).ConfigureAwait(false);
        }
        return await AfterTheDeskAsync(context, conversation, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>At the end of a turn the bot answered: keep the account the flows noted, for an escalation in a later turn.</summary>
    private async Task KeepNotedAccountAsync(ITurnContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (HandoffContext.NotedAccount(context) is { Username: { } username } noted)
        {
            var conversation = await memory.GetAsync(context, cancellationToken).ConfigureAwait(false);
            var same = string.Equals(conversation.Username, username, StringComparison.OrdinalIgnoreCase);
            conversation.Username = username;
            conversation.DisplayName = noted.DisplayName ?? (same ? conversation.DisplayName : null);
            conversation.Verified = noted.Verified || (same && conversation.Verified);
        }
    }

    private async Task<bool> WithTheDeskAsync(ITurnContext context, HandoffConversation conversation, Escalation live, CancellationToken cancellationToken)
    {
        var text = context.Activity.Text?.Trim() ?? "";
        if (live.Status == EscalationStatus.Waiting)
        {
            if (conversation.AwaitingCallbackNumber)
            {
                await CallbackNumberAsync(context, conversation, live, text, cancellationToken).ConfigureAwait(false);
                return true;
            }
            if (context.Activity.Value is null && (Interruptions.Classify(text) == Interruption.Cancel || text.Equals(HandoffTexts.CancelChoice, StringComparison.OrdinalIgnoreCase)
                || WithdrawsTheRequest(text)))
            {
                if (await handoff.CancelAsync(context, live, "by the user", cancellationToken).ConfigureAwait(false))
                {
                    conversation.Ticket = null;
                    await context.SendActivityAsync(HandoffTexts.Cancelled(live.Ticket), cancellationToken: cancellationToken).ConfigureAwait(false);
                    return true;
                }
                // Taken in the meantime: the words go to the agent, who can end it.
            }
            else if (context.Activity.Value is null && (CallbackPhrases.Contains(text.TrimEnd('.', '!')) || CallbackRequest().IsMatch(text)))
            {
                conversation.CallbackNumberAttempts = 0;
                if (PhoneNumber().Match(text) is { Success: true } typed && CallbackNumber.TryNormalize(typed.Value, out _))
                {
                    // "actually can you call me instead? 617 555 0199": the request and its number in one message.
                    await CallbackNumberAsync(context, conversation, live, typed.Value, cancellationToken).ConfigureAwait(false);
                    return true;
                }
                conversation.AwaitingCallbackNumber = true;
                await context.SendActivityAsync(HandoffTexts.AskCallbackNumber, cancellationToken: cancellationToken).ConfigureAwait(false);
                return true;
            }
        }
        var said = WordsOf(context.Activity);
        if (said.Length > 0 && !await handoff.RelayUserMessageAsync(live, DeskRedaction.Redact(said), cancellationToken).ConfigureAwait(false))
        {
            await context.SendActivityAsync(HandoffTexts.NotRelayed, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else if (said.Length > 0 && live.Status == EscalationStatus.Waiting)
        {
            // Nobody has it yet: every message is answered (passed on, where they are in the queue, how to withdraw),
            // "what's the desk's number?" gets it, and a thanks or an "ok" a short line, not the same long one each time.
            var answer = HelpBot.Dialogs.Conversation.ConversationCues.AsksForTheServiceDesk(said) || AsksForTheNumber(said)
                ? HandoffTexts.DeskWhileWaiting(live.Ticket)
                : WhileWaiting(said, live.Ticket, await handoff.QueuePositionAsync(live.Ticket, cancellationToken).ConfigureAwait(false));
            await context.SendActivityAsync(answer, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    private static string WhileWaiting(string said, string ticket, int? position) => SmallTalk.SmallTalk.Classify(said) switch
    {
        SmallTalkKind.Thanks => HandoffTexts.AcknowledgedWhileWaiting(thanked: true, position),
        SmallTalkKind.Acknowledged => HandoffTexts.AcknowledgedWhileWaiting(thanked: false, position),
        _ => HandoffTexts.PassedOn(ticket, position),
    };

    /// <summary>"Never mind, I figured it out, you can cancel my request", "ok actually cancel it": withdrawn, however it's put.</summary>
    private static bool WithdrawsTheRequest(string text) => Withdraw().IsMatch(text);

    /// <summary>"what's the number?", "can I call instead?", "can I just ring them? which number" while waiting (not "what number am I in the queue?").</summary>
    private static bool AsksForTheNumber(string text) => NumberQuestion().IsMatch(text);

    // "can you call me instead?", "could someone phone me back", "I'd rather get a call back" (not "can I call you instead?").
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(call|phone|ring) me( back)?\b|\bcall ?back\b|\bleave (a|my) (phone )?number\b|\bget a call\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex CallbackRequest();

    // A phone number inside a sentence: "617 555 0199", "(617) 555-0199", "+1 617-555-0199".
    [System.Text.RegularExpressions.GeneratedRegex(@"\+?\(?\d[\d ().-]{8,16}\d")]
    private static partial System.Text.RegularExpressions.Regex PhoneNumber();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(cancel (it|that|this|my request|the request|my ticket)|withdraw|never ?mind|don'?t need (a person|anyone|them|it|help) (any ?more|now)|no longer need|figured it out)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex Withdraw();

    [System.Text.RegularExpressions.GeneratedRegex(@"\b(what'?s|what is|what|which|give me)\b[^.?!]*\bnumber\b(?! am i\b| (i'?m|i am) in\b)|\b(call|phone|ring) (you|them|the (service |help )?desk|instead|directly)\b|\bphone number\b|\bi'?ll (just )?(call|phone|ring)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex NumberQuestion();

    private async Task CallbackNumberAsync(ITurnContext context, HandoffConversation conversation, Escalation live, string text, CancellationToken cancellationToken)
    {
        if (Interruptions.Classify(text) == Interruption.Cancel)
        {
            conversation.AwaitingCallbackNumber = false;
            await context.SendActivityAsync(HandoffTexts.KeptWaiting, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }
        if (!CallbackNumber.TryNormalize(text, out var number))
        {
            conversation.CallbackNumberAttempts++;
            var giveUp = conversation.CallbackNumberAttempts >= 3;
            conversation.AwaitingCallbackNumber = !giveUp;
            await context.SendActivityAsync(giveUp ? HandoffTexts.CallbackNumberGaveUp : HandoffTexts.CallbackNumberRetry, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }
        conversation.AwaitingCallbackNumber = false;
        if (await handoff.RequestCallbackAsync(context, live, number, cancellationToken).ConfigureAwait(false))
        {
            conversation.Ticket = null;
            // Not echoed in full: the chat may be read over a shoulder or kept in a history.
            await context.SendActivityAsync(HandoffTexts.CallbackBooked(live.Ticket, Messaging.Mask.Phone(number)), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await context.SendActivityAsync(HandoffTexts.AlreadyTaken, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>No live escalation: a survey answer for the one just resolved, or back to the bot.</summary>
    private async Task<bool> AfterTheDeskAsync(ITurnContext context, HandoffConversation conversation, CancellationToken cancellationToken)
    {
        var submitted = SurveySubmit(context.Activity);
        var ticket = submitted?.Ticket ?? conversation.Ticket;
        if (ticket is null)
        {
            return false;
        }
        conversation.Ticket = null;
        var escalation = await handoff.EscalationAsync(ticket, cancellationToken).ConfigureAwait(false);
        var score = submitted?.Score ?? Score(context.Activity.Text);
        if (escalation is null || escalation.ConversationId != context.Activity.Conversation?.Id)
        {
            return submitted is not null && await ThankAsync(context, cancellationToken).ConfigureAwait(false);
        }
        if (escalation is { Status: EscalationStatus.Resolved, Satisfaction: null } && score is { } s)
        {
            await handoff.RateAsync(ticket, s, cancellationToken).ConfigureAwait(false);
            return await ThankAsync(context, cancellationToken).ConfigureAwait(false);
        }
        // An old survey button, or not an answer at all: the user is back with the bot.
        return submitted is not null && await ThankAsync(context, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> ThankAsync(ITurnContext context, CancellationToken cancellationToken)
    {
        await context.SendActivityAsync(HandoffTexts.SurveyThanks, cancellationToken: cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task ApplyHubStatusAsync(ITurnContext context, CancellationToken cancellationToken)
    {
        var value = context.Activity.Value switch
        {
            JObject o => o,
            string s when s.TrimStart().StartsWith('{') => TryParse(s),
            _ => null,
        };
        var tell = await handoff.ApplyHubStatusAsync(context, (string?)value?["state"], (string?)value?["message"], cancellationToken).ConfigureAwait(false);
        if (tell is not null)
        {
            await context.SendActivityAsync(tell, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Keeps the user's message and, through the send hook, the bot's replies: redacted, the last N only.</summary>
    private void Record(ITurnContext context, HandoffConversation conversation)
    {
        var limit = handoff.Options.TranscriptMessages;
        var said = WordsOf(context.Activity);
        if (said.Length > 0 && !conversation.AwaitingCallbackNumber)
        {
            Add(conversation, TranscriptFrom.User, said, limit);
        }
        context.OnSendActivities(async (_, activities, next) =>
        {
            foreach (var sent in activities.Where(a => a.Type == ActivityTypes.Message))
            {
                var words = BotWords(sent);
                if (words.Length > 0)
                {
                    Add(conversation, TranscriptFrom.Bot, words, limit);
                }
            }
            return await next().ConfigureAwait(false);
        });
    }

    private void Add(HandoffConversation conversation, TranscriptFrom from, string text, int limit)
    {
        conversation.Recent.Add(new RecentMessage { From = from, Text = DeskRedaction.Redact(text), At = handoff.Now });
        if (conversation.Recent.Count > limit)
        {
            conversation.Recent.RemoveRange(0, conversation.Recent.Count - limit);
        }
    }

    /// <summary>What the user said: typed text, or the words behind a welcome button; other card submits are not words.</summary>
    private static string WordsOf(IActivity activity)
    {
        var utterance = MainDialog.UtteranceOf(activity);
        return utterance.Text ?? "";
    }

    /// <summary>The bot's text, or a card's text blocks (what the user read).</summary>
    private static string BotWords(Activity activity)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(activity.Text))
        {
            parts.Add(activity.Text.Trim());
        }
        foreach (var attachment in activity.Attachments ?? [])
        {
            // Our cards are JObjects already (CardAttachments): read as they are, not copied through the serializer.
            if (attachment.ContentType == AdaptiveCard.ContentType && (attachment.Content as JObject ?? JToken.FromObject(attachment.Content)) is JObject card && card["body"] is JArray body)
            {
                parts.AddRange(body.OfType<JObject>().Where(b => (string?)b["type"] == "TextBlock").Select(b => (string?)b["text"]).OfType<string>());
            }
        }
        return string.Join(" ", parts);
    }

    private static (string Ticket, int Score)? SurveySubmit(Activity activity)
    {
        if (activity.Value is JObject value
            && (string?)value["action"] == SatisfactionSurveyCard.Payload.ActionName
            && (string?)value["ticket"] is { Length: > 0 } ticket
            && value["score"]?.Type == JTokenType.Integer && (int)value["score"]! is >= 1 and <= 5 and var score)
        {
            return (ticket, score);
        }
        return null;
    }

    /// <summary>"4", "4/5", "4 stars", a button title "5 · Very satisfied".</summary>
    internal static int? Score(string? text)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0 || !char.IsAsciiDigit(t[0]) || (t.Length > 1 && char.IsAsciiDigit(t[1])))
        {
            return null;
        }
        var n = t[0] - '0';
        return n is >= 1 and <= 5 ? n : null;
    }

    private static JObject? TryParse(string json)
    {
        try
        {
            return JObject.Parse(json);
        }
        catch (Newtonsoft.Json.JsonReaderException)
        {
            return null;
        }
    }
}
