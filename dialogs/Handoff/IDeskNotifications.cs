using Microsoft.Extensions.Logging;

namespace HelpBot.Dialogs.Handoff;

/// <summary>
/// How the service desk hears about escalations. The host registers several (the agent console's SignalR hub, the
/// Teams service-desk channel, the logging default); <see cref="DeskNotifier"/> calls them all. Texts passed here are
/// already redacted (docs/security.md, H2).
/// </summary>
public interface IDeskNotifications
{
    /// <summary>An escalation was created or changed state (taken, transferred, resolved, cancelled, call-back …).</summary>
    Task EscalationChangedAsync(Escalation escalation, CancellationToken cancellationToken = default);

    /// <summary>The user wrote to the desk (the line is in the transcript already).</summary>
    Task UserMessageAsync(Escalation escalation, TranscriptLine line, CancellationToken cancellationToken = default);

    /// <summary>The user is typing.</summary>
    Task UserTypingAsync(Escalation escalation, CancellationToken cancellationToken = default);
}

/// <summary>Always registered, so the bot works without a console: logs the ticket and its state, never the words.</summary>
public sealed partial class LoggingDeskNotifications(ILogger<LoggingDeskNotifications> logger) : IDeskNotifications
{
    public Task EscalationChangedAsync(Escalation escalation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        LogChanged(escalation.Ticket, escalation.Status, escalation.Reason);
        return Task.CompletedTask;
    }

    public Task UserMessageAsync(Escalation escalation, TranscriptLine line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        LogUserMessage(escalation.Ticket);
        return Task.CompletedTask;
    }

    public Task UserTypingAsync(Escalation escalation, CancellationToken cancellationToken = default) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalation {Ticket} is {Status} ({Reason})")]
    private partial void LogChanged(string ticket, EscalationStatus status, EscalationReason reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Escalation {Ticket}: the user wrote to the desk")]
    private partial void LogUserMessage(string ticket);
}

/// <summary>
/// Fans out to every registered <see cref="IDeskNotifications"/>. One that fails (a Teams outage) is logged and the
/// others still hear: the user's request is stored either way.
/// </summary>
public sealed partial class DeskNotifier(IEnumerable<IDeskNotifications> desks, ILogger<DeskNotifier> logger)
{
    public Task EscalationChangedAsync(Escalation escalation, CancellationToken cancellationToken = default) =>
        EachAsync(d => d.EscalationChangedAsync(escalation, cancellationToken), escalation.Ticket);

    public Task UserMessageAsync(Escalation escalation, TranscriptLine line, CancellationToken cancellationToken = default) =>
        EachAsync(d => d.UserMessageAsync(escalation, line, cancellationToken), escalation.Ticket);

    public Task UserTypingAsync(Escalation escalation, CancellationToken cancellationToken = default) =>
        EachAsync(d => d.UserTypingAsync(escalation, cancellationToken), escalation.Ticket);

    private async Task EachAsync(Func<IDeskNotifications, Task> notify, string ticket)
    {
        foreach (var desk in desks)
        {
            try
            {
                await notify(desk).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // One desk being down must not stop the others hearing, nor fail the user's turn.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                LogFailed(desk.GetType().Name, ticket, ex.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Desk} could not be told about escalation {Ticket}: {Error}")]
    private partial void LogFailed(string desk, string ticket, string error);
}
