using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Recognition;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Dialogs.GuestKeys;

/// <summary>The guest-key flows and the services they call. The store, the hash key and IGuestAccounts come from the host.</summary>
public static class GuestKeyDialogsSetup
{
    public static IServiceCollection AddGuestKeyDialogs(this IServiceCollection services)
    {
        services.AddOptions<GuestKeyOptions>();
        services.AddSingleton<GuestKeyService>();
        services.AddSingleton<GuestSponsorNotices>();
        services.AddSingleton(sp => new FlowRoute(Intents.GuestKeySponsor,
            new SponsorGuestDialog(sp.GetRequiredService<AccountFlowServices>(), sp.GetRequiredService<GuestKeyService>())));
        services.AddSingleton(sp => new FlowRoute(Intents.GuestKeyRegister,
            new GuestRegistrationDialog(sp.GetRequiredService<AccountFlowServices>(), sp.GetRequiredService<GuestKeyService>(),
                sp.GetRequiredService<GuestSponsorNotices>(), sp.GetRequiredService<IGuestAccounts>())));
        return services;
    }
}
