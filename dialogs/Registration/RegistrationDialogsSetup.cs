using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.RateLimits;
using HelpBot.Dialogs.Recognition;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Dialogs.Registration;

/// <summary>eCommons registration and profile updates. The host adds the directory's registration side and the stores.</summary>
public static class RegistrationDialogsSetup
{
    public static IServiceCollection AddRegistrationDialogs(this IServiceCollection services)
    {
        services.AddSingleton(sp => new FlowRoute(Intents.ECommonsRegister, new ECommonsRegistrationDialog(sp.GetRequiredService<AccountFlowServices>(),
            sp.GetRequiredService<IAccountRegistration>(), sp.GetRequiredService<IRegistrationRequests>(), sp.GetRequiredService<IRateLimits>(), sp.GetRequiredService<SafeCodeHashKey>())));
        services.AddSingleton(sp => new FlowRoute(Intents.UpdateProfile, new UpdateProfileDialog(sp.GetRequiredService<AccountFlowServices>(), sp.GetRequiredService<IPendingProfileChanges>())));
        return services;
    }
}
