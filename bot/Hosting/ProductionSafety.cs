using HelpBot.Bot.Accounts;
using HelpBot.Bot.Messaging;
using HelpBot.Dialogs.PasswordReset;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Hosting;

/// <summary>Section <c>Demo</c>: running the demo on a Production host.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>
    /// Starts in Production even with demo settings (the seeded directory, the outbox file, localhost reset links),
    /// with a warning in the log. For a demo deployment only: the demo directory's passwords are in the README.
    /// </summary>
    public bool AllowInProduction { get; set; }
}

/// <summary>
/// Issue 15, finding 4: in Production HelpBot refuses to start on the settings meant for a demo on a laptop, with one
/// message naming every setting to change, unless <c>Demo:AllowInProduction</c> is true (then it warns at start).
/// Like <c>AgentConsole:DemoAgent</c>, the check is an options validation, so it stops the start before anything runs.
/// </summary>
public static class ProductionSafety
{
    public static IHostApplicationBuilder AddProductionSafety(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DemoOptions>, DemoOptionsValidator>();
        return builder;
    }

    /// <summary>
    /// The demo settings in effect, one sentence each: what the setting is, why it is wrong for real users, and what
    /// to set instead. Read from configuration with each section's defaults, so a missing key counts as its default.
    /// </summary>
    public static IReadOnlyList<string> DemoSettingsIn(IConfiguration configuration)
    {
        var found = new List<string>();
        var directory = configuration.GetSection(DirectoryOptions.Section).Get<DirectoryOptions>() ?? new DirectoryOptions();
        if (OptionsSetup.IsOneOf(directory.Provider, "Embedded"))
        {
            found.Add("Directory:Provider is Embedded, the demo directory whose passwords are published in the README; set it to Ldap and fill in Directory:Ldap (Host, BindDn, BindPassword, BaseDn).");
        }
        var messaging = configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        if (OptionsSetup.IsOneOf(messaging.Email, "Outbox"))
        {
            found.Add("Messaging:Email is Outbox, so SafeCodes and notices for mailboxes are written to a file instead of being sent; set it to Smtp and fill in Messaging:Smtp (Host, From).");
        }
        if (OptionsSetup.IsOneOf(messaging.Text, "Outbox"))
        {
            found.Add("Messaging:Text is Outbox, so SafeCodes and notices for phones are written to a file instead of being sent; set it to Twilio and fill in Messaging:Twilio (AccountSid, AuthToken, From).");
        }
        var reset = configuration.GetSection(PasswordResetOptions.Section).Get<PasswordResetOptions>() ?? new PasswordResetOptions();
        if (!Uri.TryCreate(reset.PublicBaseUrl, UriKind.Absolute, out var url) || url.IsLoopback)
        {
            found.Add($"PasswordReset:PublicBaseUrl is {OptionsSetup.Quote(reset.PublicBaseUrl)}, so reset links would point at the user's own computer; set it to the address users reach HelpBot at, e.g. https://helpbot.hms.harvard.edu.");
        }
        return found;
    }

    /// <summary>The warning logged when <c>Demo:AllowInProduction</c> lets a Production host start on demo settings.</summary>
    internal static void WarnIfDemoInProduction(IHostEnvironment environment, IConfiguration configuration, ILogger log)
    {
        if (!environment.IsProduction())
        {
            return;
        }
        var demo = DemoSettingsIn(configuration);
        if (demo.Count > 0)
        {
            log.LogWarning(
                "DEMO SETTINGS IN PRODUCTION: Demo:AllowInProduction is true, so HelpBot started in Production on settings meant for a demo. Never let real users in: {DemoSettings}",
                string.Join(" ", demo));
        }
    }

    private sealed class DemoOptionsValidator(IHostEnvironment environment, IConfiguration configuration) : IValidateOptions<DemoOptions>
    {
        public ValidateOptionsResult Validate(string? name, DemoOptions options)
        {
            if (!environment.IsProduction() || options.AllowInProduction)
            {
                return ValidateOptionsResult.Success;
            }
            var demo = DemoSettingsIn(configuration);
            if (demo.Count == 0)
            {
                return ValidateOptionsResult.Success;
            }
            var numbered = demo.Select((sentence, i) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"({i + 1}) {sentence}"));
            // One failure, so the operator reads one message with every setting to change.
            return ValidateOptionsResult.Fail(
                $"HelpBot is running in Production (ASPNETCORE_ENVIRONMENT) with demo settings, so it will not start. Change these settings: {string.Join(" ", numbered)} Only for a demo deployment, set Demo:AllowInProduction to true to start anyway.");
        }
    }
}
