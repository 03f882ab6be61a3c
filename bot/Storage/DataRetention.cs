using System.Globalization;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Storage;

/// <summary>
/// How long HelpBot keeps each kind of record (issue 15, finding 7), section <c>Retention</c>. What is not listed here
/// is either removed by its own store when it is done with it (rate-limit events, the outbox once sent) or needed for
/// as long as it exists (accounts, agents, guest invitations, Teams chats remembered for reminders): see
/// docs/operations.md, "What is stored and for how long".
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary><c>false</c> stops the background purge (a legal hold): nothing is deleted until it is set back.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the purge runs (it also runs once at start).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>SafeCode challenges (and ended 24-hour blocks) are removed this long after they expire.</summary>
    public TimeSpan SafeCodeChallenges { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Reset links are removed this long after they expire (used or not).</summary>
    public TimeSpan ResetLinks { get; set; } = TimeSpan.FromDays(1);

    /// <summary>A Web Chat conversation (its history and its conversation state) is removed this long after its last activity.</summary>
    public TimeSpan DirectLineConversations { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A resolved or cancelled escalation (its transcript, its desk card) is removed this long after it closed; open ones are kept.</summary>
    public TimeSpan ClosedEscalations { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Registration requests from affiliated-hospital staff and pending profile changes, this long after they were made.</summary>
    public TimeSpan Requests { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Audit entries, this long after they were written.</summary>
    public TimeSpan Audit { get; set; } = TimeSpan.FromDays(365);
}

/// <summary>
/// A kind of record with a retention period. Each store that keeps such records implements it; its feature's
/// <c>AddXxx()</c> registers it with <see cref="DataRetentionSetup.AddRetained{TStore}"/>.
/// </summary>
public interface IRetainedData
{
    /// <summary>What is purged, for the log (collection names).</summary>
    string Name { get; }

    /// <summary>Removes what <paramref name="retention"/> no longer keeps at <paramref name="now"/>; returns how many records went.</summary>
    Task<int> PurgeAsync(DateTimeOffset now, RetentionOptions retention, CancellationToken cancellationToken);
}

public static class DataRetentionSetup
{
    public static IServiceCollection AddDataRetention(this IServiceCollection services)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.AddSingleton<DataRetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<DataRetentionService>());
        return services;
    }

    /// <summary>Purges <typeparamref name="TStore"/>'s records on schedule when the registered implementation keeps any (a test's stand-in may not).</summary>
    public static IServiceCollection AddRetained<TStore>(this IServiceCollection services) where TStore : class =>
        services.AddSingleton<IRetainedData>(sp => sp.GetRequiredService<TStore>() as IRetainedData ?? KeepsNothing.Instance);

    private sealed class KeepsNothing : IRetainedData
    {
        public static readonly KeepsNothing Instance = new();

        public string Name => "nothing";

        public Task<int> PurgeAsync(DateTimeOffset now, RetentionOptions retention, CancellationToken cancellationToken) => Task.FromResult(0);
    }
}

/// <summary>Runs every <see cref="IRetainedData"/> once at start and then every <see cref="RetentionOptions.Interval"/>, on the host's <see cref="TimeProvider"/>.</summary>
public sealed partial class DataRetentionService(
    IEnumerable<IRetainedData> retained,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<DataRetentionService> logger) : BackgroundService
{
    /// <summary>One pass over every kind of record; returns how many records went.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var total = 0;
        foreach (var data in retained.DistinctBy(d => d.Name))
        {
            try
            {
                var purged = await data.PurgeAsync(now, options.Value, cancellationToken).ConfigureAwait(false);
                if (purged > 0)
                {
                    LogPurged(purged, data.Name);
                }
                total += purged;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // One collection that fails to purge must not keep the others from being purged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPurgeFailed(ex, data.Name);
            }
        }
        return total;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled();
            return;
        }
        await Task.Yield();
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Retention:Enabled is false: nothing HelpBot stores is purged until it is set back")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: removed {Count} records from {Collection}")]
    private partial void LogPurged(int count, string collection);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention: purging {Collection} failed; the next pass tries again")]
    private partial void LogPurgeFailed(Exception ex, string collection);
}

internal sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    private static readonly TimeSpan TenYears = TimeSpan.FromDays(3650);

    public ValidateOptionsResult Validate(string? name, RetentionOptions o)
    {
        var errors = new List<string>();
        if (o.Interval < TimeSpan.FromMinutes(1) || o.Interval > TimeSpan.FromDays(1))
        {
            errors.Add(Invariant($"Retention:Interval is {o.Interval}; use a duration from 00:01:00 to 1.00:00:00 (default 01:00:00)."));
        }
        Period(errors, "SafeCodeChallenges", o.SafeCodeChallenges, TimeSpan.FromHours(1), "1.00:00:00");
        Period(errors, "ResetLinks", o.ResetLinks, TimeSpan.FromHours(1), "1.00:00:00");
        Period(errors, "DirectLineConversations", o.DirectLineConversations, TimeSpan.FromDays(1), "30.00:00:00");
        Period(errors, "ClosedEscalations", o.ClosedEscalations, TimeSpan.FromDays(1), "90.00:00:00");
        Period(errors, "Requests", o.Requests, TimeSpan.FromDays(7), "90.00:00:00");
        // Someone who reports an unlock they never asked for may do so weeks later: the audit must still answer.
        Period(errors, "Audit", o.Audit, TimeSpan.FromDays(90), "365.00:00:00");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Period(List<string> errors, string key, TimeSpan value, TimeSpan least, string byDefault)
    {
        if (value < least || value > TenYears)
        {
            errors.Add(Invariant($"Retention:{key} is {value}; use a duration from {least} to 3650.00:00:00 (default {byDefault})."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
