namespace HelpBot.Bot.DirectLine;

/// <summary>The built-in Direct Line 3.0 endpoint at /v3/directline (shared/reference/DIRECTLINE.md).</summary>
public static class DirectLineSetup
{
    public static IServiceCollection AddDirectLine(this IServiceCollection services) => services;

    public static WebApplication MapDirectLine(this WebApplication app) => app;
}
