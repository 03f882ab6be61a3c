using HelpBot.Bot.Storage;
using HelpBot.Dialogs.Reminders;
using HelpBot.Dialogs.Turn;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Reminders;

/// <summary>Proactive password-expiry reminders in Teams: the personal chats remembered on every turn and the scheduler.</summary>
public static class RemindersSetup
{
    public static IServiceCollection AddReminders(this IServiceCollection services)
    {
        services.AddOptions<RemindersOptions>().BindConfiguration(RemindersOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RemindersOptions>, RemindersOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        // Storage:Provider=Postgres: shared by every instance; a reminder is claimed in the database before it is sent,
        // so of two instances running their passes at once only one sends it.
        services.TryAddSingleton<IConversationReferences>(sp => StorageSetup.UsesPostgres(sp)
            ? new HelpBot.Bot.Storage.Postgres.PostgresConversationReferences(StorageSetup.MigratedPostgres(sp))
            : ActivatorUtilities.CreateInstance<LiteDbConversationReferences>(sp));
        services.AddSingleton<ITurnStage, RememberTeamsChatStage>();
        services.AddSingleton<ISentReminders>(sp => StorageSetup.UsesPostgres(sp)
            ? new HelpBot.Bot.Storage.Postgres.PostgresSentReminders(StorageSetup.MigratedPostgres(sp))
            : ActivatorUtilities.CreateInstance<LiteDbSentReminders>(sp));
        services.AddSingleton<PasswordExpiryReminders>();
        services.AddHostedService(sp => sp.GetRequiredService<PasswordExpiryReminders>());
        return services;
    }
}
