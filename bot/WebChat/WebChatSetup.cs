namespace HelpBot.Bot.WebChat;

/// <summary>The Web Chat page at / and its token endpoint.</summary>
public static class WebChatSetup
{
    public static IServiceCollection AddWebChat(this IServiceCollection services) => services;

    public static WebApplication MapWebChat(this WebApplication app) => app;
}
