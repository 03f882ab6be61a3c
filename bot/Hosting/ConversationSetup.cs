using HelpBot.Dialogs;
using Microsoft.Bot.Builder;

namespace HelpBot.Bot.Hosting;

/// <summary>The bot itself and the state it keeps.</summary>
public static class ConversationSetup
{
    public static IServiceCollection AddHelpBotConversation(this IServiceCollection services)
    {
        services.AddSingleton<ConversationState>();
        services.AddSingleton<UserState>();
        services.AddHelpBotDialogs();
        services.AddSingleton<IBot, HelpBotHandler>();
        return services;
    }
}
