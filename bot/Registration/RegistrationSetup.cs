using HelpBot.Bot.Accounts;
using HelpBot.Bot.Accounts.Ldap;
using HelpBot.Bot.Storage;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Registration;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Registration;

/// <summary>eCommons registration and profile updates: the directory's registration side and the two stores (LiteDB, or PostgreSQL).</summary>
public static class RegistrationSetup
{
    public static IServiceCollection AddRegistration(this IServiceCollection services)
    {
        // The same directory as IAccountDirectory, chosen by Directory:Provider when first resolved.
        services.AddSingleton<IAccountRegistration>(sp => sp.GetRequiredService<IAccountDirectory>() as IAccountRegistration
            ?? (DirectorySetup.IsLdap(sp.GetRequiredService<IOptions<DirectoryOptions>>().Value)
                ? sp.GetRequiredService<LdapAccountDirectory>()
                : sp.GetRequiredService<EmbeddedAccountDirectory>()));
        // Storage:Provider=Postgres: shared by every instance.
        services.AddSingleton<IRegistrationRequests>(sp => StorageSetup.UsesPostgres(sp)
            ? new HelpBot.Bot.Storage.Postgres.PostgresRegistrationRequests(StorageSetup.MigratedPostgres(sp))
            : ActivatorUtilities.CreateInstance<LiteDbRegistrationRequests>(sp));
        services.AddSingleton<IPendingProfileChanges>(sp => StorageSetup.UsesPostgres(sp)
            ? new HelpBot.Bot.Storage.Postgres.PostgresPendingProfileChanges(StorageSetup.MigratedPostgres(sp))
            : ActivatorUtilities.CreateInstance<LiteDbPendingProfileChanges>(sp));
        services.AddRetained<IRegistrationRequests>();
        services.AddRetained<IPendingProfileChanges>();
        services.AddRegistrationDialogs();
        return services;
    }
}
