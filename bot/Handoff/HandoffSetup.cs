using HelpBot.Bot.Storage;
using HelpBot.Dialogs;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.Recognition;
using HelpBot.Dialogs.Turn;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Handoff;

/// <summary>
/// Human handoff: the escalation store, the desk notifications (a logging default; the agent console and the Teams
/// channel add their own <see cref="IDeskNotifications"/>), the relay to the user and the agents' actions.
/// </summary>
public static class HandoffSetup
{
    public static IServiceCollection AddHandoff(this IServiceCollection services)
    {
        services.AddOptions<HandoffOptions>().BindConfiguration(HandoffOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HandoffOptions>, HandoffOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        // Storage:Provider=Postgres: shared by every instance, so an agent on one takes a ticket raised on another.
        services.TryAddSingleton<IEscalationStore>(sp => StorageSetup.UsesPostgres(sp)
            ? new HelpBot.Bot.Storage.Postgres.PostgresEscalationStore(StorageSetup.MigratedPostgres(sp))
            : ActivatorUtilities.CreateInstance<LiteDbEscalationStore>(sp));
        services.AddRetained<IEscalationStore>();
        services.AddSingleton<IDeskNotifications, LoggingDeskNotifications>();
        services.TryAddSingleton<DeskNotifier>();
        services.TryAddSingleton<IAgentRelay, AgentRelay>();
        services.TryAddSingleton<AgentDesk>();

        // The bot's side: the conversation memory, the gate that relays while the desk has the conversation, and
        // the flows MainDialog starts for "talk to a person" and departmental accounts.
        services.TryAddSingleton<HandoffMemory>();
        services.TryAddSingleton<HandoffService>();
        services.TryAddSingleton<HandoffGate>();
        services.AddSingleton<ITurnStage>(sp => sp.GetRequiredService<HandoffGate>());
        services.AddSingleton(sp => new FlowRoute(Intents.TalkToAgent,
            new HandoffDialog(HandoffDialog.TalkToAgentId, Intents.TalkToAgent, EscalationReason.UserAsked, sp.GetRequiredService<HandoffService>())));
        services.AddSingleton(sp => new FlowRoute(Intents.DepartmentalAccount,
            new HandoffDialog(HandoffDialog.DepartmentalId, Intents.DepartmentalAccount, EscalationReason.DepartmentalAccount, sp.GetRequiredService<HandoffService>(),
                sp.GetRequiredService<IAccountDirectory>())));
        services.AddSingleton<QueueUpdates>();
        services.AddHostedService(sp => sp.GetRequiredService<QueueUpdates>());
        return services;
    }
}
