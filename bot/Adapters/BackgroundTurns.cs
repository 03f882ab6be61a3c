using System.Collections.Concurrent;
using System.Security.Claims;
using HelpBot.Dialogs.Messaging;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace HelpBot.Bot.Adapters;

/// <summary>
/// Runs continued turns (<see cref="ITurnContinuations"/>) in the background on the adapter the original turn came
/// from, with that turn's Bot Framework identity, so the continuation passes through the same middleware (one turn at a
/// time per conversation) and replies through the same connector. On shutdown the running ones are cancelled and
/// awaited, so none is cut off half-way through saving state.
/// </summary>
public sealed partial class BackgroundTurns(IConfiguration configuration, ILogger<BackgroundTurns> logger) : ITurnContinuations, IHostedService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, bool> _running = new();
    private volatile bool _disposed;

    public void ContinueAfter(ITurnContext turn, Activity continuation, BotCallbackHandler callback)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(continuation);
        ArgumentNullException.ThrowIfNull(callback);
        var adapter = turn.Adapter;
        var identity = turn.TurnState.Get<ClaimsIdentity>(BotAdapter.BotIdentityKey);
        var token = _stopping.Token;
        var task = Task.Run(async () =>
        {
            try
            {
                if (identity is not null)
                {
                    await adapter.ContinueConversationAsync(identity, continuation, callback, token).ConfigureAwait(false);
                }
                else
                {
                    // An empty app id is local developer mode, as for /api/messages.
                    await adapter.ContinueConversationAsync(configuration["MicrosoftAppId"] ?? "", continuation, callback, token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // shutting down
            }
#pragma warning disable CA1031 // A continued turn that fails has already been answered by the turn error handler; it must not crash the host.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFailed(ex, continuation.Conversation?.Id);
            }
        }, CancellationToken.None);
        _running.TryAdd(task, true);
        task.ContinueWith(t => _running.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Waits until every continued turn started so far has finished (tests, shutdown).</summary>
    public Task IdleAsync() => Task.WhenAll(_running.Keys);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // A host torn down out of order (a test factory disposing its services first) has nothing left to stop.
        if (_disposed)
        {
            return;
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        await IdleAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _disposed = true;
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A continued turn in conversation {ConversationId} failed")]
    private partial void LogFailed(Exception ex, string? conversationId);
}
