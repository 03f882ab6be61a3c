using HelpBot.Dialogs.GuestKeys;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.GuestKeys;

/// <summary>
/// Runs <see cref="GuestSponsorNotices"/> once at start and then every <see cref="GuestKeyOptions.NoticeInterval"/>:
/// sponsors hear when their guest registered and when a guest's access is about to end, and ended accesses are
/// disabled. What was sent is recorded in the store before sending, so restarts never repeat a notice.
/// </summary>
public sealed partial class GuestSponsorNoticesService(
    GuestSponsorNotices notices,
    IOptions<GuestKeyOptions> options,
    TimeProvider time,
    ILogger<GuestSponsorNoticesService> logger) : BackgroundService
{
    public Task<int> RunOnceAsync(CancellationToken cancellationToken) => notices.RunOnceAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var timer = new PeriodicTimer(options.Value.NoticeInterval, time);
        do
        {
            try
            {
                var count = await notices.RunOnceAsync(stoppingToken).ConfigureAwait(false);
                if (count > 0)
                {
                    LogSent(count);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // One failed pass (directory down) must not stop the notices for good.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPassFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued {Count} guest sponsor notices")]
    private partial void LogSent(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "A guest sponsor notice pass failed; the next one runs on schedule")]
    private partial void LogPassFailed(Exception ex);
}
