using HelpBot.Bot.Storage;
using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.Teams;
using HelpBot.Dialogs.Turn;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Teams;

/// <summary>The service desk's Teams channel (<c>Handoff:Teams</c>): off when not configured.</summary>
public static class TeamsDeskSetup
{
    public static IServiceCollection AddTeamsDesk(this IServiceCollection services)
    {
        services.AddOptions<TeamsDeskOptions>().BindConfiguration(TeamsDeskOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeamsDeskOptions>, TeamsDeskOptionsValidator>();
        // Always registered: with no Handoff:Teams settings the channel is off and does nothing (the settings are read
        // when first used, so every configuration source counts).
        // Storage:Provider=Postgres: shared by every instance, so a reply in a card's thread reaching any of them finds its ticket.
        services.AddSingleton<IDeskCards>(sp => StorageSetup.UsesPostgres(sp)
            ? new HelpBot.Bot.Storage.Postgres.PostgresDeskCards(StorageSetup.MigratedPostgres(sp))
            : ActivatorUtilities.CreateInstance<LiteDbDeskCards>(sp));
        services.AddRetained<IDeskCards>();
        services.AddSingleton<TeamsDeskChannel>();
        services.AddSingleton<IDeskNotifications>(sp => sp.GetRequiredService<TeamsDeskChannel>());
        services.AddSingleton<IDeskChannelTurns>(sp => sp.GetRequiredService<TeamsDeskChannel>());
        services.AddSingleton<ITurnStage, DeskChannelStage>();
        return services;
    }
}
