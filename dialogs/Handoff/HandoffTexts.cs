using System.Globalization;

namespace HelpBot.Dialogs.Handoff;

/// <summary>What HelpBot says about reaching a person: the queue, call-backs, out-of-hours, the survey.</summary>
public static class HandoffTexts
{
    public const string ServiceDeskPhone = "617-432-2000";

    public const string Purpose = "bring in a person from the HMS IT Service Desk";

    public const string PrivateChatOnly =
        "To bring in a person from the Service Desk, open a one-to-one chat with HelpBot (select my name and choose Chat) and ask me there, so only you and the agent see the conversation. You can also call the HMS IT Service Desk at 617-432-2000.";

    public const string SoonOpening = "as soon as the desk opens";

    public const string AgentFallbackName = "A Service Desk agent";

    public static string Queued(string ticket, int position) => string.Create(CultureInfo.InvariantCulture,
        $"I've asked a person at the HMS IT Service Desk to join this chat. Your ticket is {ticket} and you're number {position} in the queue. Stay in this chat: they'll write to you right here, and they'll see what we've talked about (never your codes or passwords). Anything you type now goes to them. Say \"cancel\" to withdraw the request, or \"call me\" to leave a number for a call back instead.");

    public static string StillWaiting(int position) => position == 1
        ? "You're next in the queue. Thanks for waiting: a person will be with you shortly."
        : string.Create(CultureInfo.InvariantCulture, $"You're number {position} in the queue. Thanks for waiting: a person will be with you as soon as they can.");

    public static string MovedUp(int position) => position == 1
        ? "You're next in the queue now."
        : string.Create(CultureInfo.InvariantCulture, $"You're now number {position} in the queue.");

    public const string CancelChoice = "Cancel my request";

    public const string CallbackChoice = "Call me back instead";

    public static string AgentJoined(string agentName) => $"{agentName} from the HMS IT Service Desk has joined the chat.";

    /// <summary>Who an agent is, next to their name on their messages.</summary>
    public const string DeskName = "HMS IT Service Desk";

    public const string Resolved = "The Service Desk has closed this conversation. Thanks for your patience. You're back with HelpBot now.";

    public static string Cancelled(string ticket) => $"OK, I've withdrawn your request ({ticket}). I'm still here if you need anything: just tell me what you need.";

    public const string AskCallbackNumber = "What number should the Service Desk call you on? A US number like 617-555-0101, or an international one starting with +.";

    public const string CallbackNumberRetry = "That doesn't look like a phone number. Please type a number like 617-555-0101 (or +44 20 7946 0958), or say \"cancel\" to keep waiting in the chat.";

    public const string CallbackNumberGaveUp = "Let's leave the number for now: you're still in the queue. You can also call the Service Desk yourself at 617-432-2000.";

    public static string CallbackBooked(string ticket, string maskedNumber) =>
        $"Thanks. The Service Desk will call you at {maskedNumber} about ticket {ticket}. You're back with HelpBot in the meantime.";

    public const string AlreadyTaken = "A person from the Service Desk has just picked up your request, so there's no need for a call back: they'll write to you here.";

    public const string KeptWaiting = "OK, you're still in the queue.";

    public const string TooManyRequests =
        "I've already passed several requests from here to the Service Desk today, so I can't open another one in the chat. Please call the HMS IT Service Desk at 617-432-2000: they'll help you right away.";

    public static string OutOfHours(string ticket, string nextOpening) =>
        $"The HMS IT Service Desk is closed right now, so nobody can join this chat. I've recorded your request as ticket {ticket}, with what we've talked about, and someone will follow up when the desk opens ({nextOpening}). If it's urgent, call 617-432-2000.";

    public static string AlreadyWaiting(string ticket, int? position) => position is { } p
        ? string.Create(CultureInfo.InvariantCulture, $"You're already in the queue for a person (ticket {ticket}, number {p}).")
        : $"A person from the Service Desk is already with you on ticket {ticket}.";

    /// <summary>The answer to each message while waiting for a person: passed on, where they are, how to withdraw.</summary>
    public static string PassedOn(string ticket, int? position) => position is { } n
        ? string.Create(CultureInfo.InvariantCulture, $"I've passed that on to the Service Desk; the person who takes your request ({ticket}) will see it. You're number {n} in the queue. Say \"cancel my request\" if you no longer need them.")
        : $"I've passed that on to the Service Desk; the person who takes your request ({ticket}) will see it. Say \"cancel my request\" if you no longer need them.";

    /// <summary>A thanks or an "ok" while waiting: a short line, with where they are.</summary>
    public static string AcknowledgedWhileWaiting(bool thanked, int? position)
    {
        var welcome = thanked ? "You're welcome! " : "";
        return position switch
        {
            1 => $"{welcome}You're next in the queue, and a person will be with you soon.",
            { } n => string.Create(CultureInfo.InvariantCulture, $"{welcome}You're number {n} in the queue, and a person will be with you as soon as they can."),
            null => $"{welcome}A person will be with you as soon as they can.",
        };
    }

    /// <summary>"What's the desk's number?" while waiting.</summary>
    public static string DeskWhileWaiting(string ticket) =>
        $"The HMS IT Service Desk is at 617-432-2000 if you'd rather call. Your request ({ticket}) stays in the queue meanwhile; say \"cancel my request\" if you no longer need it.";

    public const string NotRelayed = "I couldn't pass that on just now. Please try again, or call the HMS IT Service Desk at 617-432-2000.";

    public const string OfferPerson =
        "I'm sorry, I'm having trouble understanding. Would you like me to bring in a person from the HMS IT Service Desk? (You can also call them at 617-432-2000.)";

    public const string TalkToAPersonChoice = "Talk to a person";

    public const string NoThanksChoice = "No thanks";

    public const string SurveyThanks = "Thank you for the feedback! Is there anything else I can help you with?";

    public const string SurveyRetry = "Please pick a number from 1 (very unsatisfied) to 5 (very satisfied).";

    public const string HubCompleted = "The Service Desk has finished with this conversation. You're back with HelpBot now: what can I help you with?";

    public const string HubFailed = "I couldn't reach a person just now. Please call the HMS IT Service Desk at 617-432-2000, or try again later. You're back with HelpBot.";

    public const string DepartmentalHandoff =
        "That's a departmental (shared) account. For everyone's safety, departmental accounts can't be unlocked or reset here, so I'm bringing in a Service Desk representative. If you'd rather call, the HMS IT Service Desk is at 617-432-2000.";
}
