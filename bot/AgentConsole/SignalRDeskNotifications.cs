using HelpBot.Dialogs.Handoff;
using Microsoft.AspNetCore.SignalR;

namespace HelpBot.Bot.AgentConsole;

/// <summary>The console's <see cref="IDeskNotifications"/>: pushes queue changes, user lines and typing to the agents' browsers.</summary>
public sealed class SignalRDeskNotifications(IHubContext<DeskHub, IDeskClient> hub) : IDeskNotifications
{
    public async Task EscalationChangedAsync(Escalation escalation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        await hub.Clients.All.QueueChanged().ConfigureAwait(false);
        await hub.Clients.All.TicketChanged(escalation.Ticket).ConfigureAwait(false);
    }

    public Task UserMessageAsync(Escalation escalation, TranscriptLine line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        ArgumentNullException.ThrowIfNull(line);
        return hub.Clients.Group(DeskHub.GroupOf(escalation.Ticket)).Line(escalation.Ticket, LineView.Of(line));
    }

    public Task UserTypingAsync(Escalation escalation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        return hub.Clients.Group(DeskHub.GroupOf(escalation.Ticket)).Typing(escalation.Ticket);
    }
}
