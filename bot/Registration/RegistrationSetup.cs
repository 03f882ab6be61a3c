using HelpBot.Bot.Accounts;
using HelpBot.Bot.Accounts.Ldap;
using HelpBot.Bot.Storage;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Registration;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Registration;

/// <summary>eCommons registration and profile updates: the directory's registration side and the two LiteDB stores.</summary>
public static class RegistrationSetup
{
    public static IServiceCollection AddRegistration(this IServiceCollection services)
    {
        // The same directory as IAccountDirectory, chosen by Directory:Provider when first resolved.
        services.AddSingleton<IAccountRegistration>(sp => sp.GetRequiredService<IAccountDirectory>() as IAccountRegistration
            ?? (DirectorySetup.IsLdap(sp.GetRequiredService<IOptions<DirectoryOptions>>().Value)
                ? sp.GetRequiredService<LdapAccountDirectory>()
                : sp.GetRequiredService<EmbeddedAccountDirectory>()));
        services.AddSingleton<IRegistrationRequests, LiteDbRegistrationRequests>();
        services.AddSingleton<IPendingProfileChanges, LiteDbPendingProfileChanges>();
        services.AddRetained<IRegistrationRequests>();
        services.AddRetained<IPendingProfileChanges>();
        services.AddRegistrationDialogs();
        return services;
    }
}
