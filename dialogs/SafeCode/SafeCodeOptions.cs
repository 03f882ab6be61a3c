namespace HelpBot.Dialogs.SafeCode;

/// <summary>Section <c>SafeCode</c>. The defaults are the limits of rules S2 and S5–S7 (docs/security.md); the host refuses looser values.</summary>
public sealed class SafeCodeOptions
{
    public const string Section = "SafeCode";

    /// <summary>How long a code works (S2): at most 10 minutes.</summary>
    public TimeSpan Lifetime { get; set; } = DefaultLifetime;

    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The HMAC-SHA256 key codes are hashed with (S4), base64, at least 32 bytes. Empty: a key is generated once and
    /// kept in <c>safecode.key</c> beside the database.
    /// </summary>
    public string? HashKey { get; set; }

    /// <summary>Wrong entries after which a challenge dies (S5).</summary>
    public int MaxAttemptsPerChallenge { get; set; } = 5;

    /// <summary>Failed verifications per account in <see cref="FailureWindow"/> before self-service is blocked (S6).</summary>
    public int MaxFailuresPerAccount { get; set; } = 5;

    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long self-service stays blocked once the failure limit is reached (S6).</summary>
    public TimeSpan BlockDuration { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Text messages per account per <see cref="TextWindow"/> (S7).</summary>
    public int MaxTextsPerAccount { get; set; } = 5;

    public TimeSpan TextWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>E-mails per account per <see cref="EmailWindow"/> (S7).</summary>
    public int MaxEmailsPerAccount { get; set; } = 10;

    public TimeSpan EmailWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Codes per conversation per <see cref="ConversationWindow"/>, whatever the account (S7).</summary>
    public int MaxSendsPerConversation { get; set; } = 10;

    public TimeSpan ConversationWindow { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>The secret key SafeCode hashes are keyed with (S4). The host provides it from configuration or a key file.</summary>
public sealed class SafeCodeHashKey
{
    public const int MinimumBytes = 32;

    private readonly byte[] _key;

    public SafeCodeHashKey(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinimumBytes)
        {
            throw new ArgumentException($"A SafeCode hash key needs at least {MinimumBytes} bytes.", nameof(key));
        }
        _key = (byte[])key.Clone();
    }

    internal ReadOnlySpan<byte> Bytes => _key;

    /// <summary>A keyed hash of <paramref name="material"/>, in lower-case hex: an identifier kept without the identifier.</summary>
    public string HashHex(string material) =>
        Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(_key, System.Text.Encoding.UTF8.GetBytes(material)));

    /// <summary>Never the key itself.</summary>
    public override string ToString() => "SafeCodeHashKey(redacted)";
}
