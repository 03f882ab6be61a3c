using Microsoft.AspNetCore.Antiforgery;

namespace HelpBot.Bot.AgentConsole;

/// <summary>
/// The console's pages, assets, hub and JSON API. Everything here requires a signed-in agent (the group's policy):
/// pages redirect to the sign-in page, the API and the hub answer 401. The one write in the API (take) also needs the
/// page's antiforgery token in a header, so another site cannot post it with the agent's cookie.
/// </summary>
internal static class AgentConsoleEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var console = app.MapGroup(AgentConsoleSetup.PathPrefix).RequireAuthorization(AgentConsoleSetup.AgentPolicy).ExcludeFromDescription();
        console.MapGet("", ConsolePage).WithName("AgentConsole");
        console.MapGet("/metrics", MetricsPage).WithName("AgentConsoleMetrics");
        console.MapGet("/assets/{file}", (string file, HttpContext http) => ConsoleHtml.Asset(http, file));
        console.MapHub<DeskHub>("/hub");

        var api = console.MapGroup("/api");
        api.MapGet("/queue", async (HttpContext http, DeskConsole desk, CancellationToken ct) =>
            Results.Ok(await desk.QueueAsync(AgentConsoleSetup.AgentOf(http.User).Id, ct).ConfigureAwait(false)));
        api.MapGet("/escalations/{ticket}", async (string ticket, DeskConsole desk, CancellationToken ct) =>
            await desk.DetailAsync(ticket, ct).ConfigureAwait(false) is { } view ? Results.Ok(view) : Results.NotFound());
        api.MapPost("/escalations/{ticket}/take", TakeAsync).DisableAntiforgery();
        api.MapGet("/agents", (DeskConsole desk) => Results.Ok(desk.Agents()));
        api.MapGet("/metrics", async (DeskMetrics metrics, CancellationToken ct, int days = 7) =>
            Results.Ok(await metrics.ComputeAsync(days, ct).ConfigureAwait(false)));
    }

    private static async Task<IResult> TakeAsync(string ticket, HttpContext http, IAntiforgery antiforgery, DeskConsole desk, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false))
        {
            return Results.BadRequest(DeskResult.Refused(ConsoleTexts.SignInExpiredForm));
        }
        var result = await desk.TakeAsync(ticket, AgentConsoleSetup.AgentOf(http.User), ct).ConfigureAwait(false);
        return result.Ok ? Results.Ok(result) : Results.Conflict(result);
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
