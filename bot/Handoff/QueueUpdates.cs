using System.Collections.Concurrent;
using HelpBot.Dialogs.Handoff;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Handoff;

/// <summary>
/// Keeps waiting users told (issue 6: "keeps being told while waiting"): when their place in the queue improves they
/// hear "you're now number N" at the next check, and every <see cref="HandoffOptions.UpdateInterval"/> without news
/// they hear that they are still waiting. Sent proactively into their own conversation through <see cref="IAgentRelay"/>.
/// </summary>
public sealed partial class QueueUpdates(IEscalationStore store, IAgentRelay relay, TimeProvider time, IOptions<HandoffOptions> options, ILogger<QueueUpdates> logger)
    : BackgroundService
{
    /// <summary>How often positions are checked: often enough that "you're next" is timely, whatever the reminder interval.</summary>
    public static readonly TimeSpan MaxCheckPeriod = TimeSpan.FromSeconds(10);

    // What each waiting user was last told. In memory: after a restart users hear their place again, which is harmless.
    private readonly ConcurrentDictionary<string, (int Position, DateTimeOffset At)> _told = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _pass = new(1, 1);

    /// <summary>One check of every waiting escalation; returns how many users were sent an update.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            var waiting = (await store.ListOpenAsync(cancellationToken).ConfigureAwait(false)).Where(e => e.Status == EscalationStatus.Waiting).ToList();
            foreach (var gone in _told.Keys.Except(waiting.Select(e => e.Ticket)).ToList())
            {
                _told.TryRemove(gone, out _);
            }
            var sent = 0;
            for (var i = 0; i < waiting.Count; i++)
            {
                var escalation = waiting[i];
                var position = i + 1;
                // The user heard their place when the request was made (HandoffDialog).
                var last = _told.GetOrAdd(escalation.Ticket, _ => (position, escalation.CreatedAt));
                var text = position < last.Position ? HandoffTexts.MovedUp(position)
                    : now - last.At >= options.Value.UpdateInterval ? HandoffTexts.StillWaiting(position)
                    : null;
                if (text is null)
                {
                    continue;
                }
                if (await relay.SendStatusAsync(escalation.Ticket, text, cancellationToken).ConfigureAwait(false))
                {
                    sent++;
                }
                // Recorded even when the user could not be reached, so an unreachable one is retried at the interval, not every check.
                _told[escalation.Ticket] = (position, now);
            }
            return sent;
        }
        finally
        {
            _pass.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var period = options.Value.UpdateInterval < MaxCheckPeriod ? options.Value.UpdateInterval : MaxCheckPeriod;
        using var timer = new PeriodicTimer(period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // One failed check must not stop the updates for good.
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    LogCheckFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped: a cancelled background service must end quietly, or the host takes it for a crash and stops.
        }
    }

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A queue-position check failed; the next one runs on schedule")]
    private partial void LogCheckFailed(Exception ex);
}
