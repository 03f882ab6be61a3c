using HelpBot.Dialogs.Handoff;
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
        services.TryAddSingleton<IEscalationStore, LiteDbEscalationStore>();
        services.AddSingleton<IDeskNotifications, LoggingDeskNotifications>();
        services.TryAddSingleton<DeskNotifier>();
        services.TryAddSingleton<IAgentRelay, AgentRelay>();
        services.TryAddSingleton<AgentDesk>();
        return services;
    }
}
