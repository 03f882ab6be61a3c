using HelpBot.Dialogs.Recognition;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Hosting;

/// <summary>
/// Binds and validates every options section at start-up (docs/architecture.md, decision 8). A failure names the key that
/// is wrong and what would be right, so an operator can fix it without reading code.
/// </summary>
public static class OptionsSetup
{
    public static IHostApplicationBuilder AddHelpBotOptions(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BotIdentityOptions>().Bind(builder.Configuration).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BotIdentityOptions>, BotIdentityOptionsValidator>();

        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();

        builder.Services.AddOptions<WebChatOptions>().BindConfiguration(WebChatOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WebChatOptions>, WebChatOptionsValidator>();

        builder.Services.AddOptions<RecognizerOptions>().BindConfiguration(RecognizerOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RecognizerOptions>, RecognizerOptionsValidator>();
        return builder;
    }

    internal static bool IsOneOf(string? value, params string[] allowed) =>
        allowed.Any(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase));

    internal static string Quote(string? value) => value is null ? "(missing)" : $"'{value}'";
}

internal sealed class BotIdentityOptionsValidator : IValidateOptions<BotIdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, BotIdentityOptions o)
    {
        if (o.IsLocalDeveloperMode)
        {
            return ValidateOptionsResult.Success;
        }
        var errors = new List<string>();
        var type = string.IsNullOrWhiteSpace(o.MicrosoftAppType) ? "MultiTenant" : o.MicrosoftAppType;
        if (!OptionsSetup.IsOneOf(type, "MultiTenant", "SingleTenant", "UserAssignedMSI"))
        {
            errors.Add($"MicrosoftAppType is {OptionsSetup.Quote(o.MicrosoftAppType)}; use MultiTenant, SingleTenant or UserAssignedMSI.");
        }
        if (!OptionsSetup.IsOneOf(type, "UserAssignedMSI") && string.IsNullOrWhiteSpace(o.MicrosoftAppPassword))
        {
            errors.Add("MicrosoftAppPassword is missing; with MicrosoftAppId set it must hold the app's client secret (or set MicrosoftAppType to UserAssignedMSI).");
        }
        if (!OptionsSetup.IsOneOf(type, "MultiTenant") && string.IsNullOrWhiteSpace(o.MicrosoftAppTenantId))
        {
            errors.Add($"MicrosoftAppTenantId is missing; MicrosoftAppType {type} needs the Entra tenant id.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions o)
    {
        var errors = new List<string>();
        if (!OptionsSetup.IsOneOf(o.Provider, "LiteDb", "Postgres", "Memory"))
        {
            errors.Add($"Storage:Provider is {OptionsSetup.Quote(o.Provider)}; use LiteDb (an embedded file, the default), Postgres (with Storage:Postgres) or Memory.");
        }
        if (OptionsSetup.IsOneOf(o.Provider, "Postgres") && string.IsNullOrWhiteSpace(o.Postgres))
        {
            errors.Add("Storage:Provider is Postgres but Storage:Postgres is empty; give the connection string, e.g. Host=db.example;Database=helpbot;Username=helpbot;Password=….");
        }
        if (string.IsNullOrWhiteSpace(o.Path))
        {
            errors.Add("Storage:Path is empty; give the LiteDB file, e.g. data/helpbot.db.");
        }
        if (!OptionsSetup.IsOneOf(o.Connection, "Direct", "Shared"))
        {
            errors.Add($"Storage:Connection is {OptionsSetup.Quote(o.Connection)}; use Direct (this process alone, the default) or Shared (several processes).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal sealed class WebChatOptionsValidator : IValidateOptions<WebChatOptions>
{
    public ValidateOptionsResult Validate(string? name, WebChatOptions o)
    {
        var errors = new List<string>();
        if (!OptionsSetup.IsOneOf(o.DirectLine, "BuiltIn", "Azure"))
        {
            errors.Add($"WebChat:DirectLine is {OptionsSetup.Quote(o.DirectLine)}; use BuiltIn (this server's Direct Line) or Azure.");
        }
        if (OptionsSetup.IsOneOf(o.DirectLine, "Azure"))
        {
            if (string.IsNullOrWhiteSpace(o.AzureDirectLineSecret))
            {
                errors.Add("WebChat:AzureDirectLineSecret is missing; WebChat:DirectLine = Azure needs the Direct Line secret from the Azure Bot's channel page.");
            }
            if (!Uri.TryCreate(o.AzureDirectLineDomain, UriKind.Absolute, out var domain) || domain.Scheme != Uri.UriSchemeHttps)
            {
                errors.Add($"WebChat:AzureDirectLineDomain is {OptionsSetup.Quote(o.AzureDirectLineDomain)}; use an https URL such as https://directline.botframework.com/v3/directline.");
            }
        }
        if (o.TokenRequestsPerMinute < 1)
        {
            errors.Add($"WebChat:TokenRequestsPerMinute is {o.TokenRequestsPerMinute}; use a positive number of tokens per client per minute, e.g. 60.");
        }
        foreach (var origin in o.AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.AbsolutePath != "/")
            {
                errors.Add($"WebChat:AllowedOrigins has {OptionsSetup.Quote(origin)}; each entry is an origin such as https://it.hms.harvard.edu (scheme and host, no path).");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal sealed class RecognizerOptionsValidator : IValidateOptions<RecognizerOptions>
{
    public ValidateOptionsResult Validate(string? name, RecognizerOptions o) =>
        o.Threshold is >= 0 and <= 1
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Recognizer:Threshold is {o.Threshold}; use a probability between 0 and 1 (default {RecognizerOptions.DefaultThreshold}, calibrated on eval.tsv)."));
}
