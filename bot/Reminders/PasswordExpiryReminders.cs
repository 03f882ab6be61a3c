using HelpBot.Cards;
using HelpBot.Dialogs;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.PasswordReset;
using HelpBot.Dialogs.Reminders;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Reminders;

/// <summary>
/// Reminds Teams users, in their personal chat with HelpBot, that their eCommons password expires soon: every
/// <see cref="RemindersOptions.Interval"/> (and once at start) each stored Teams user is looked up in the directory, and
/// when the expiry is within a threshold whose reminder was not sent yet, a card with "Change it now" is sent. Only the
/// smallest threshold the expiry is within fires (3 days away: the 7-day reminder, not also the 14-day one).
/// </summary>
public sealed partial class PasswordExpiryReminders(
    IConversationReferences conversations,
    IAccountDirectory directory,
    IProactiveMessenger messenger,
    ISentReminders sent,
    TimeProvider time,
    IOptions<RemindersOptions> options,
    IOptions<PasswordResetOptions> resetOptions,
    ILogger<PasswordExpiryReminders> logger) : BackgroundService
{
    // One pass at a time: the timer's and a caller's (tests, an admin command) never overlap.
    private readonly SemaphoreSlim _pass = new(1, 1);

    /// <summary>The threshold whose reminder is due: the smallest one the expiry is within; none when expired or far off.</summary>
    public static int? DueThreshold(DateTimeOffset expires, DateTimeOffset now, IReadOnlyList<int> thresholdsDays)
    {
        var left = expires - now;
        if (left <= TimeSpan.Zero)
        {
            return null;
        }
        foreach (var days in thresholdsDays.Order())
        {
            if (left <= TimeSpan.FromDays(days))
            {
                return days;
            }
        }
        return null;
    }

    /// <summary>Checks every stored Teams user once; returns how many reminders were sent.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var count = 0;
            foreach (var user in await conversations.GetAllAsync(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (await RemindAsync(user, cancellationToken).ConfigureAwait(false))
                {
                    count++;
                }
            }
            return count;
        }
        finally
        {
            _pass.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Never hold up the host's start with the first pass.
        await Task.Yield();
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                var count = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                if (count > 0)
                {
                    LogSent(count);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // One failed pass (directory down) must not stop the reminders for good.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPassFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task<bool> RemindAsync(StoredConversationReference user, CancellationToken cancellationToken)
    {
        Account? account;
        try
        {
            account = await directory.FindByTeamsIdentityAsync(user.AadObjectId, user.UserPrincipalName, cancellationToken).ConfigureAwait(false);
        }
        catch (DirectoryUnavailableException ex)
        {
            LogDirectoryUnavailable(ex);
            return false;
        }
        if (account is not { PasswordExpiresAt: { } expires, IsDisabled: false } || account.IsDepartmental)
        {
            return false;
        }
        var now = time.GetUtcNow();
        if (DueThreshold(expires, now, options.Value.Thresholds) is not { } threshold)
        {
            return false;
        }
        var localExpiry = TimeZoneInfo.ConvertTime(expires, ChatPasswordChangeNotifications.ZoneOf(resetOptions.Value.TimeZone));
        var expiresOn = DateOnly.FromDateTime(localExpiry.DateTime);
        var key = ISentReminders.Key(account.Username, threshold, expiresOn);
        // Claimed before sending, so a restart (or a second pass) never sends it twice; released if the send fails.
        if (!await sent.TryClaimAsync(key, now, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }
        var days = Math.Max(1, (int)Math.Ceiling((expires - now).TotalDays));
        try
        {
            await messenger.SendAsync(user.Conversation, PasswordExpiryReminderCard.Build(expiresOn, days).ToMessage(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await sent.ReleaseAsync(key, CancellationToken.None).ConfigureAwait(false);
            LogSendFailed(ex, threshold);
            return false;
        }
        return true;
    }

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Count} password-expiry reminders")]
    private partial void LogSent(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "A password-expiry reminder pass failed; the next one runs on schedule")]
    private partial void LogPassFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The directory did not answer; a Teams user's password-expiry reminder waits for the next pass")]
    private partial void LogDirectoryUnavailable(Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Threshold}-day password-expiry reminder could not be sent; the next pass tries again")]
    private partial void LogSendFailed(Exception ex, int threshold);
}
