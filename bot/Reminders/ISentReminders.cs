namespace HelpBot.Bot.Reminders;

/// <summary>
/// The reminders already sent, durably, keyed by (username, threshold, expiry day): a restart never sends one twice, a
/// new password (a new expiry day) starts afresh, and of several instances running their passes at once only the one
/// that claims a reminder sends it.
/// </summary>
public interface ISentReminders
{
    /// <summary>The key of one reminder: the account (any case), the threshold in days, the expiry day.</summary>
    static string Key(string username, int thresholdDays, DateOnly expiresOn)
    {
        ArgumentNullException.ThrowIfNull(username);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{username.ToLowerInvariant()}|{thresholdDays}|{expiresOn:yyyy-MM-dd}");
    }

    /// <summary>Claims the reminder before it is sent, atomically; false when it was already claimed (sent, or being sent).</summary>
    Task<bool> TryClaimAsync(string key, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The send failed: the next pass may try again.</summary>
    Task ReleaseAsync(string key, CancellationToken cancellationToken = default);
}
