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
        services.TryAddSingleton<IConversationReferences, LiteDbConversationReferences>();
        services.AddSingleton<ITurnStage, RememberTeamsChatStage>();
        services.AddSingleton<SentReminders>();
        services.AddSingleton<PasswordExpiryReminders>();
        services.AddHostedService(sp => sp.GetRequiredService<PasswordExpiryReminders>());
        return services;
    }
}
