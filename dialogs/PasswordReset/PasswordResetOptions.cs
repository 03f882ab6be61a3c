namespace HelpBot.Dialogs.PasswordReset;

/// <summary>Section <c>PasswordReset</c>: the one-time reset page (R4). Validated at start-up by the host.</summary>
public sealed class PasswordResetOptions
{
    public const string Section = "PasswordReset";

    public static readonly TimeSpan MaximumLinkLifetime = TimeSpan.FromMinutes(15);

    /// <summary>How long a link works, at most 15 minutes (R4). Default 15 minutes.</summary>
    public TimeSpan LinkLifetime { get; set; } = MaximumLinkLifetime;

    /// <summary>
    /// The address users reach this bot's web server at, e.g. https://helpbot.hms.harvard.edu. Links are
    /// <c>{PublicBaseUrl}/reset/{token}</c>. A link is issued during a bot turn, which does not know the public host
    /// name (the request came from a channel, not from the user's browser), so this must be set in production. The
    /// default, http://localhost:3978, is right only for a developer running the bot locally.
    /// </summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:3978";

    /// <summary>The time zone of the "your password was changed at 14:02" message (an IANA or Windows id). Default: Boston.</summary>
    public string TimeZone { get; set; } = "America/New_York";
}
