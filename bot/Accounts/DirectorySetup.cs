using HelpBot.Bot.Accounts.Ldap;
using HelpBot.Bot.Hosting;
using HelpBot.Dialogs.Accounts;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Accounts;

/// <summary>Registers the account directory chosen by <c>Directory:Provider</c>, and the clock every store reads.</summary>
public static class DirectorySetup
{
    internal static bool IsLdap(DirectoryOptions options) => OptionsSetup.IsOneOf(options.Provider, "Ldap");

    public static IServiceCollection AddAccountDirectory(this IServiceCollection services)
    {
        services.AddOptions<DirectoryOptions>().BindConfiguration(DirectoryOptions.Section).ValidateOnStart();
        // Directory:StillWorkingAfterSeconds: when a slow directory makes the account flows say "still working".
        services.AddOptions<AccountFlowOptions>().BindConfiguration(DirectoryOptions.Section);
        services.AddSingleton<IValidateOptions<DirectoryOptions>, DirectoryOptionsValidator>();
        // One clock for the directory, SafeCode and the audit log, so tests can move time for all of them.
        services.TryAddSingleton(TimeProvider.System);
        // Directory:Ldap is validated at start-up only when Directory:Provider is Ldap (see LdapOptionsValidator).
        services.AddOptions<LdapOptions>().BindConfiguration(LdapOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LdapOptions>, LdapOptionsValidator>();
        // Chosen when first resolved, after every configuration source (tests add theirs late) is in.
        services.AddSingleton<EmbeddedAccountDirectory>();
        services.AddSingleton<LdapAccountDirectory>();
        services.AddSingleton<IAccountDirectory>(sp => IsLdap(sp.GetRequiredService<IOptions<DirectoryOptions>>().Value)
            ? sp.GetRequiredService<LdapAccountDirectory>()
            : sp.GetRequiredService<EmbeddedAccountDirectory>());
        // With LDAP: how Teams users are matched, and a warning per mapped attribute the schema lacks.
        services.AddHostedService<LdapStartupCheck>();
        return services;
    }
}

internal sealed class DirectoryOptionsValidator : IValidateOptions<DirectoryOptions>
{
    public ValidateOptionsResult Validate(string? name, DirectoryOptions o)
    {
        var errors = new List<string>();
        if (!OptionsSetup.IsOneOf(o.Provider, "Embedded", "Ldap"))
        {
            errors.Add($"Directory:Provider is {OptionsSetup.Quote(o.Provider)}; use Embedded (the demo directory, the default) or Ldap (Active Directory or OpenLDAP, configured under Directory:Ldap).");
        }
        if (o.MaxPasswordAgeDays is < 1 or > 3650)
        {
            errors.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Directory:MaxPasswordAgeDays is {o.MaxPasswordAgeDays}; use a number of days between 1 and 3650 (default 180)."));
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
