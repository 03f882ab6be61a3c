using HelpBot.Dialogs;
using HelpBot.Dialogs.Turn;
using Microsoft.Bot.Builder;

namespace HelpBot.Bot.Hosting;

/// <summary>The bot itself and the state it keeps.</summary>
public static class ConversationSetup
{
    public static IServiceCollection AddHelpBotConversation(this IServiceCollection services)
    {
        services.AddSingleton<ConversationState>();
        services.AddHelpBotDialogs();
        // The turn: each feature adds its own stages (ITurnStage); the length limit and saving the state are the conversation's own.
        services.AddSingleton<ITurnStage, TurnMetricsStage>();
        services.AddSingleton<ITurnStage, MessageLengthStage>();
        services.AddSingleton<ITurnStage, SaveStateStage>();
        services.AddSingleton<TurnPipeline>();
        services.AddSingleton<IBot, HelpBotHandler>();
        return services;
    }
}
