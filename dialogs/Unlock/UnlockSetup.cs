using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Recognition;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Dialogs.Unlock;

/// <summary>Unlocking a locked account: the flow MainDialog starts for "I'm locked out".</summary>
public static class UnlockSetup
{
    public static IServiceCollection AddUnlock(this IServiceCollection services) =>
        services.AddSingleton(sp => new FlowRoute(Intents.UnlockAccount, new UnlockDialog(sp.GetRequiredService<AccountFlowServices>())));
}
