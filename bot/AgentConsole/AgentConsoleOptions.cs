using Microsoft.Extensions.Options;

namespace HelpBot.Bot.AgentConsole;

/// <summary>Section <c>AgentConsole</c>: how service-desk agents sign in to <c>/agent</c>.</summary>
public sealed class AgentConsoleOptions
{
    public const string Section = "AgentConsole";

    /// <summary><c>Local</c> (default: agent accounts in the embedded LiteDB file) or <c>OpenIdConnect</c> (the school's IdP).</summary>
    public string Authentication { get; set; } = "Local";

    /// <summary>
    /// Seeds the demo agent (<see cref="DemoAgent.Username"/>). Unset: on in Development only. Refused in Production,
    /// where a documented password would be a back door.
    /// </summary>
    public bool? DemoAgent { get; set; }

    /// <summary>How many wrong passwords in a row lock an agent account for <see cref="LockoutDuration"/>.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Failed sign-ins one client address may make in 15 minutes, whatever agent names it tries; then 429.</summary>
    public int MaxFailedSignInsPerAddress { get; set; } = 20;

    /// <summary>How long a console sign-in lasts without activity.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    public OpenIdConnectSettings OpenIdConnect { get; set; } = new();

    public bool UsesOpenIdConnect => string.Equals(Authentication, "OpenIdConnect", StringComparison.OrdinalIgnoreCase);

    public bool DemoAgentEnabled(IHostEnvironment environment) =>
        !environment.IsProduction() && (DemoAgent ?? environment.IsDevelopment());
}

/// <summary><c>AgentConsole:OpenIdConnect</c>: the IdP's authority and this app's registration there.</summary>
public sealed class OpenIdConnectSettings
{
    /// <summary>The issuer, e.g. https://login.microsoftonline.com/{tenant}/v2.0 (its discovery document is read at first sign-in).</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The claim that names the agent in the console (default: name, then preferred_username).</summary>
    public string NameClaim { get; set; } = "name";
}

internal sealed class AgentConsoleOptionsValidator(IHostEnvironment environment) : IValidateOptions<AgentConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentConsoleOptions o)
    {
        var errors = new List<string>();
        var local = string.Equals(o.Authentication, "Local", StringComparison.OrdinalIgnoreCase);
        if (!local && !o.UsesOpenIdConnect)
        {
            errors.Add($"AgentConsole:Authentication is '{o.Authentication}'; use Local (agent accounts in HelpBot's database) or OpenIdConnect.");
        }
        if (o.UsesOpenIdConnect)
        {
            var oidc = o.OpenIdConnect;
            if (!Uri.TryCreate(oidc.Authority, UriKind.Absolute, out var authority) || authority.Scheme != Uri.UriSchemeHttps)
            {
                errors.Add($"AgentConsole:OpenIdConnect:Authority is '{oidc.Authority}'; use the IdP's https issuer, e.g. https://login.microsoftonline.com/<tenant id>/v2.0.");
            }
            if (string.IsNullOrWhiteSpace(oidc.ClientId))
            {
                errors.Add("AgentConsole:OpenIdConnect:ClientId is missing; use the client (application) id of the console's registration at the IdP.");
            }
            if (string.IsNullOrWhiteSpace(oidc.ClientSecret))
            {
                errors.Add("AgentConsole:OpenIdConnect:ClientSecret is missing; use the registration's client secret (from a secret store, never appsettings.json).");
            }
        }
        if (o.DemoAgent == true && environment.IsProduction())
        {
            errors.Add("AgentConsole:DemoAgent is true in Production; the demo agent's password is published in the README, so it is for demos only. Remove the key and add real agents with `agents add NAME`.");
        }
        if (o.MaxFailedSignIns is < 1 or > 100)
        {
            errors.Add($"AgentConsole:MaxFailedSignIns is {o.MaxFailedSignIns}; use a small positive number, e.g. 5.");
        }
        if (o.MaxFailedSignInsPerAddress is < 1 or > 10_000)
        {
            errors.Add($"AgentConsole:MaxFailedSignInsPerAddress is {o.MaxFailedSignInsPerAddress}; use a positive number, e.g. 20.");
        }
        if (o.LockoutDuration <= TimeSpan.Zero)
        {
            errors.Add($"AgentConsole:LockoutDuration is {o.LockoutDuration}; use a positive duration, e.g. 00:15:00.");
        }
        if (o.SessionLifetime <= TimeSpan.Zero || o.SessionLifetime > TimeSpan.FromDays(1))
        {
            errors.Add($"AgentConsole:SessionLifetime is {o.SessionLifetime}; use a duration above zero and at most a day, e.g. 08:00:00.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
