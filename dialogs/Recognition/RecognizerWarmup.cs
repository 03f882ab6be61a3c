using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HelpBot.Dialogs.Recognition;

/// <summary>
/// Loads the intent model in the background as the host starts, so the first message does not pay for it and the
/// host does not wait for it either (the bot must answer within 3 s of process start).
/// </summary>
public sealed class RecognizerWarmup(EmbeddedIntentRecognizer recognizer, ILogger<RecognizerWarmup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                await recognizer.WarmUpAsync().ConfigureAwait(false);
                logger.LogInformation("Intent model loaded in {Elapsed:0} ms", System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!EmbeddedModel.ModelIsCurrent)
                {
                    logger.LogWarning("The intent model is older than train.tsv; retrain with: dotnet run --project bot -- intents train");
                }
            }
#pragma warning disable CA1031 // a warm-up failure must not stop the host; the first message reports it again
            catch (Exception ex)
#pragma warning restore CA1031
            {
                logger.LogError(ex, "The intent model could not be loaded");
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
