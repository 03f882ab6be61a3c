namespace HelpBot.Bot.Messaging;

/// <summary>Section <c>Messaging</c>: how SafeCodes and notices leave HelpBot.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary><c>Outbox</c> (default: a line in <see cref="OutboxPath"/>) or <c>Smtp</c>.</summary>
    public string Email { get; set; } = "Outbox";

    /// <summary><c>Outbox</c> (default) or <c>Twilio</c>.</summary>
    public string Text { get; set; } = "Outbox";

    /// <summary>The outbox file (JSON lines), relative to the content root unless absolute.</summary>
    public string OutboxPath { get; set; } = "data/outbox.jsonl";

    /// <summary>
    /// Base64 AES-256 key sealing messages while they wait in the <c>outbox</c> collection; empty: generated once into
    /// <c>outbox.key</c> in the keys folder. Never logged.
    /// </summary>
    public string? OutboxKey { get; set; }

    /// <summary>
    /// With <c>Storage:Provider=Postgres</c> the outbox is shared by the instances: a message stays claimed by the
    /// instance that queued it for this long; after that (the instance died before sending it) another sends it.
    /// </summary>
    public int SharedOutboxClaimSeconds { get; set; } = 60;

    /// <summary>How often each instance looks in the shared outbox for messages whose claim has lapsed.</summary>
    public int SharedOutboxSweepSeconds { get; set; } = 15;

    public SmtpOptions Smtp { get; set; } = new();

    public TwilioOptions Twilio { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary>The sender, e.g. "HMS IT &lt;no-reply@hms.harvard.edu&gt;".</summary>
    public string? From { get; set; }
    public string? UserName { get; set; }
    /// <summary>Never logged.</summary>
    public string? Password { get; set; }
    /// <summary><c>StartTls</c> (default), <c>SslOnConnect</c>, <c>StartTlsWhenAvailable</c>, <c>Auto</c> or <c>None</c> (a local relay only).</summary>
    public string Security { get; set; } = "StartTls";
}

public sealed class TwilioOptions
{
    public string? AccountSid { get; set; }
    /// <summary>Never logged.</summary>
    public string? AuthToken { get; set; }
    /// <summary>The sending number (E.164) or a messaging service sid (MG…).</summary>
    public string? From { get; set; }
    /// <summary>Empty for Twilio itself; a local stand-in's URL (e.g. http://127.0.0.1:5099) in tests.</summary>
    public Uri? BaseUrl { get; set; }
}
