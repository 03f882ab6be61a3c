using System.ComponentModel.DataAnnotations;

namespace HelpBot.Bot.Hosting;

/// <summary>
/// The Bot Framework identity. These keys live at the root of configuration because that is where
/// <c>ConfigurationBotFrameworkAuthentication</c> and the Azure Bot Service documentation expect them.
/// </summary>
public sealed class BotIdentityOptions
{
    public string? MicrosoftAppId { get; set; }
    public string? MicrosoftAppPassword { get; set; }
    /// <summary>MultiTenant, SingleTenant or UserAssignedMSI (empty means MultiTenant).</summary>
    public string? MicrosoftAppType { get; set; }
    public string? MicrosoftAppTenantId { get; set; }

    /// <summary>With no app id the bot runs as a local developer bot: no JWT checks, loopback only (docs/security.md, C2).</summary>
    public bool IsLocalDeveloperMode => string.IsNullOrWhiteSpace(MicrosoftAppId);
}

/// <summary>Section <c>Storage</c>: where conversation state and HelpBot's data live.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>
    /// Where the bot's conversation state lives: <c>LiteDb</c> (default, the embedded file), <c>Postgres</c> (a
    /// PostgreSQL database several instances share, <see cref="Postgres"/>) or <c>Memory</c> (tests and throwaway
    /// demos). HelpBot's other records stay in the LiteDB file in this version.
    /// </summary>
    [Required]
    public string Provider { get; set; } = "LiteDb";

    /// <summary>With <c>Provider=Postgres</c>: the Npgsql connection string (<c>Host=…;Port=5432;Database=helpbot;Username=…;Password=…</c>).</summary>
    public string Postgres { get; set; } = "";

    /// <summary>The LiteDB file, relative to the content root unless absolute.</summary>
    [Required]
    public string Path { get; set; } = "data/helpbot.db";

    /// <summary>
    /// How LiteDB opens the file: <c>Direct</c> (default: this process alone, fastest) or <c>Shared</c> (several
    /// processes on one machine, slower on every operation). See <c>HelpBotDatabase</c>.
    /// </summary>
    [Required]
    public string Connection { get; set; } = "Direct";

    /// <summary>
    /// The folder of HelpBot's secret keys (SafeCode and guest-key hashing, Direct Line token signing), relative to the
    /// content root unless absolute. Empty (the default): the database's folder. See <c>KeyRing</c>.
    /// </summary>
    public string KeysPath { get; set; } = "";
}

/// <summary>Section <c>WebChat</c>: the page at <c>/</c> and the embeddable widget.</summary>
public sealed class WebChatOptions
{
    public const string Section = "WebChat";

    /// <summary><c>BuiltIn</c> (default: this process's Direct Line endpoint) or <c>Azure</c> (Azure Bot Service Direct Line).</summary>
    [Required]
    public string DirectLine { get; set; } = "BuiltIn";

    /// <summary>With <c>DirectLine = Azure</c>: the Direct Line secret the page's backend exchanges for a token. Never sent to a browser.</summary>
    public string? AzureDirectLineSecret { get; set; }

    /// <summary>With <c>DirectLine = Azure</c>: the Direct Line domain, e.g. https://directline.botframework.com/v3/directline.</summary>
    public string AzureDirectLineDomain { get; set; } = "https://directline.botframework.com/v3/directline";

    /// <summary>Origins allowed to embed the widget and call the token endpoint cross-origin (the IT site). Empty: same origin only.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>How many Web Chat tokens one client address may mint per minute (each starts a conversation); over it, 429.</summary>
    public int TokenRequestsPerMinute { get; set; } = 60;
}
