using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Recognition;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Dialogs.HuidLookup;

/// <summary>Finding one's Harvard ID (HUID), after a SafeCode.</summary>
public static class HuidLookupSetup
{
    public static IServiceCollection AddHuidLookup(this IServiceCollection services) =>
        services.AddSingleton(sp => new FlowRoute(Intents.HuidLookup, new HuidLookupDialog(sp.GetRequiredService<AccountFlowServices>())));
}
