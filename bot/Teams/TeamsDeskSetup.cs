using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.Teams;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Teams;

/// <summary>The service desk's Teams channel (<c>Handoff:Teams</c>): registered only when configured.</summary>
public static class TeamsDeskSetup
{
    public static IServiceCollection AddTeamsDesk(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TeamsDeskOptions>().BindConfiguration(TeamsDeskOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeamsDeskOptions>, TeamsDeskOptionsValidator>();
        var configured = new TeamsDeskOptions();
        configuration.GetSection(TeamsDeskOptions.Section).Bind(configured);
        if (!configured.IsConfigured)
        {
            return services;
        }
        services.AddSingleton<LiteDbDeskCards>();
        services.AddSingleton<TeamsDeskChannel>();
        services.AddSingleton<IDeskNotifications>(sp => sp.GetRequiredService<TeamsDeskChannel>());
        services.AddSingleton<IDeskChannelTurns>(sp => sp.GetRequiredService<TeamsDeskChannel>());
        return services;
    }
}
