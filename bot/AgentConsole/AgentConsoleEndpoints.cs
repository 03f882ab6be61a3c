using Microsoft.AspNetCore.Antiforgery;

namespace HelpBot.Bot.AgentConsole;

/// <summary>The console's pages, assets and JSON API. Everything here requires a signed-in agent.</summary>
internal static class AgentConsoleEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var console = app.MapGroup(AgentConsoleSetup.PathPrefix).RequireAuthorization(AgentConsoleSetup.AgentPolicy).ExcludeFromDescription();
        console.MapGet("", ConsolePage).WithName("AgentConsole");
        console.MapGet("/metrics", MetricsPage).WithName("AgentConsoleMetrics");
        console.MapGet("/assets/{file}", (string file, HttpContext http) => ConsoleHtml.Asset(http, file));
    }

    private static IResult ConsolePage(HttpContext http, IAntiforgery antiforgery)
    {
        var (id, name) = AgentConsoleSetup.AgentOf(http.User);
        return ConsoleHtml.Console(http, antiforgery.GetAndStoreTokens(http), id, name);
    }

    private static IResult MetricsPage(HttpContext http, IAntiforgery antiforgery)
    {
        var (id, name) = AgentConsoleSetup.AgentOf(http.User);
        return ConsoleHtml.Metrics(http, antiforgery.GetAndStoreTokens(http), id, name);
    }
}
