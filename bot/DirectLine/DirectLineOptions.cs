using Microsoft.Extensions.Options;

namespace HelpBot.Bot.DirectLine;

/// <summary>Section <c>DirectLine</c>: the built-in Direct Line 3.0 endpoint at <c>/v3/directline</c>.</summary>
public sealed class DirectLineOptions
{
    public const string Section = "DirectLine";

    /// <summary>
    /// Base64 HMAC-SHA256 key (at least 32 bytes) that signs Direct Line tokens. Empty: one is generated once and kept
    /// beside the LiteDB file (<c>directline.key</c>), so tokens outlive a restart.
    /// </summary>
    public string? TokenSigningKey { get; set; }

    /// <summary>
    /// Optional. When set, <c>POST /v3/directline/tokens/generate</c> accepts it as <c>Authorization: Bearer</c>, like an
    /// Azure Direct Line secret. Empty: that route answers 404; the page's backend mints tokens in-process instead.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>How long a token is valid. Web Chat refreshes every 15 minutes, so it must be longer than that.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Activities kept per conversation (older ones are dropped), so memory stays bounded.</summary>
    public int HistoryLimit { get; set; } = 500;

    /// <summary>Largest request body accepted, in bytes; larger posts get 413.</summary>
    public int MaxRequestBytes { get; set; } = 256 * 1024;

    /// <summary>How long <c>POST .../activities</c> waits for the bot's turn before answering anyway (Web Chat gives up after 20 s).</summary>
    public TimeSpan TurnResponseTimeout { get; set; } = TimeSpan.FromSeconds(15);

    internal static readonly TimeSpan WebChatRefreshInterval = TimeSpan.FromMinutes(15);
    internal const int MinimumKeyBytes = 32;
}

internal sealed class DirectLineOptionsValidator : IValidateOptions<DirectLineOptions>
{
    public ValidateOptionsResult Validate(string? name, DirectLineOptions o)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(o.TokenSigningKey) && !IsLongEnoughBase64(o.TokenSigningKey))
        {
            errors.Add($"DirectLine:TokenSigningKey is not base64 of at least {DirectLineOptions.MinimumKeyBytes} bytes; generate one with `openssl rand -base64 32`, or leave it empty to have HelpBot generate and keep one beside the database.");
        }
        if (o.Secret is { } secret && secret.Length > 0 && secret.Trim().Length < 32)
        {
            errors.Add("DirectLine:Secret is shorter than 32 characters; use a long random value (e.g. `openssl rand -base64 32`) or leave it empty to turn off POST /v3/directline/tokens/generate.");
        }
        if (o.TokenLifetime <= DirectLineOptions.WebChatRefreshInterval + TimeSpan.FromMinutes(1) || o.TokenLifetime > TimeSpan.FromHours(24))
        {
            errors.Add($"DirectLine:TokenLifetime is {o.TokenLifetime}; use between 00:16:00 and 24:00:00 (default 00:30:00): Web Chat refreshes its token every 15 minutes.");
        }
        if (o.HistoryLimit is < 50 or > 10_000)
        {
            errors.Add($"DirectLine:HistoryLimit is {o.HistoryLimit}; use between 50 and 10000 activities per conversation (default 500).");
        }
        if (o.MaxRequestBytes is < 16 * 1024 or > 4 * 1024 * 1024)
        {
            errors.Add($"DirectLine:MaxRequestBytes is {o.MaxRequestBytes}; use between 16384 and 4194304 bytes (default 262144).");
        }
        if (o.TurnResponseTimeout <= TimeSpan.Zero || o.TurnResponseTimeout > TimeSpan.FromSeconds(19))
        {
            errors.Add($"DirectLine:TurnResponseTimeout is {o.TurnResponseTimeout}; use more than 0 and at most 00:00:19 (Web Chat times out at 20 s).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static bool IsLongEnoughBase64(string value)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value.Trim(), buffer, out var written) && written >= DirectLineOptions.MinimumKeyBytes;
    }
}
