using HelpBot.Dialogs.Handoff;

namespace HelpBot.Bot.Teams;

/// <summary>What HelpBot says to agents in the service desk's Teams channel.</summary>
public static class DeskChannelTexts
{
    public const string NotATicketThread = "I relay replies only in an escalation's thread: reply under its card (and mention HelpBot).";

    public const string UnknownTicket = "I can't find that request any more.";

    public const string UserFallbackName = "User";

    public static string State(Escalation e) => e.Status switch
    {
        EscalationStatus.Waiting => "Waiting",
        EscalationStatus.Taken => $"Taken by {e.AgentName ?? "an agent"}",
        EscalationStatus.Resolved => e.AgentName is { } agent ? $"Resolved by {agent}" : "Resolved",
        EscalationStatus.Cancelled => "Cancelled by the user",
        EscalationStatus.CallbackRequested => "Call back requested",
        EscalationStatus.OutOfHours => "Out of hours: follow up",
        _ => e.Status.ToString(),
    };

    public static string Taking(string agentName) => $"{agentName} is taking it…";

    public static string AlreadyTaken(string agentName, string ticket, string? holder) =>
        $"{agentName}, {ticket} is already taken by {holder ?? "another agent"}.";

    public static string TakeFirst(string ticket) => $"{ticket} is waiting: take it with the card's button first, then your replies here reach the user.";

    public static string NotYours(string ticket, string? holder) => $"Only {holder ?? "the agent who has it"} can write to the user about {ticket}.";

    public static string Closed(string ticket) => $"{ticket} is closed; the user is back with HelpBot.";

    public static string NotRelayed(string ticket) => $"I couldn't pass that on to the user of {ticket}. Please try again.";
}
