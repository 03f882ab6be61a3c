namespace HelpBot.Dialogs.GuestKeys;

/// <summary>The <c>GuestKeys</c> section. Validated at start-up by the host (bot/GuestKeys/GuestKeysSetup.cs).</summary>
public sealed class GuestKeyOptions
{
    public const string Section = "GuestKeys";

    /// <summary>Days an issued key works if nobody uses it (default 30, the figure).</summary>
    public int UnusedKeyLifetimeDays { get; set; } = 30;

    /// <summary>Days before a guest's last day of access at which the sponsor is told (default 14).</summary>
    public int EndingNoticeDays { get; set; } = 14;

    /// <summary>How often sponsor notices are looked for and ended accesses are disabled (default one hour).</summary>
    public TimeSpan NoticeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Base64 key for the guest-key HMAC; empty: generated once into <c>guestkey.key</c> beside the database.</summary>
    public string? HashKey { get; set; }

    /// <summary>Wrong guest keys one conversation may try per <see cref="FailureWindow"/> before it must wait.</summary>
    public int MaxFailuresPerConversation { get; set; } = 5;

    /// <summary>
    /// Wrong guest keys per last name, and per channel user id, across all conversations per <see cref="FailureWindow"/>.
    /// The bot never sees an IP address (Direct Line and Teams hide it), so the channel's user id stands in for it.
    /// </summary>
    public int MaxFailuresPerLastName { get; set; } = 10;

    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The latest last day of access a sponsor may choose: one year from today.</summary>
    public static DateOnly LatestLastDay(DateOnly today) => today.AddYears(1);
}

/// <summary>The HMAC key guest keys are hashed with (never logged).</summary>
public sealed class GuestKeyHashKey
{
    public const int MinimumBytes = 32;

    public GuestKeyHashKey(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinimumBytes)
        {
            throw new ArgumentException($"The guest-key hash key must have at least {MinimumBytes} bytes.", nameof(key));
        }
        Bytes = key;
    }

    internal byte[] Bytes { get; }

    public override string ToString() => "GuestKeyHashKey(redacted)";
}
