using HelpBot.Dialogs.Messaging;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;

namespace HelpBot.Bot.Adapters;

/// <summary>The Bot Framework adapter for <c>/api/messages</c> (Teams, Azure Bot Service, the Agents Playground).</summary>
public static class BotAdapterSetup
{
    public static IServiceCollection AddBotAdapters(this IServiceCollection services)
    {
        // Reads MicrosoftAppId / MicrosoftAppPassword / MicrosoftAppType / MicrosoftAppTenantId from configuration.
        // With an app id every request must carry a valid Bot Framework JWT (docs/security.md, C1); without, none is needed (C2).
        // The SDK's per-turn Connector and OAuth clients are reused / made on first use (ReusedConnectorsAuthentication).
        services.AddSingleton<ConfigurationBotFrameworkAuthentication>();
        services.AddSingleton<BotFrameworkAuthentication>(sp => new ReusedConnectorsAuthentication(sp.GetRequiredService<ConfigurationBotFrameworkAuthentication>()));
        services.AddSingleton<TurnErrorHandler>();
        // Middleware both adapters (CloudAdapter, Direct Line) run, in this order.
        services.AddSingleton<Microsoft.Bot.Builder.IMiddleware, OneTurnAtATimeMiddleware>();
        services.AddSingleton<HelpBotCloudAdapter>();
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<HelpBotCloudAdapter>());

        // Slow work after a card invoke was answered (docs/security.md, C6).
        services.AddSingleton<BackgroundTurns>();
        services.AddSingleton<ITurnContinuations>(sp => sp.GetRequiredService<BackgroundTurns>());
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundTurns>());

        // Proactive messages ("your password was changed"): each adapter registers the conversations it can reach.
        services.AddSingleton<IProactiveMessenger, ProactiveMessenger>();
        services.AddSingleton<IProactiveChannel>(sp => new BotAdapterProactiveChannel(
            sp.GetRequiredService<HelpBotCloudAdapter>(),
            sp.GetRequiredService<IConfiguration>()["MicrosoftAppId"],
            BotAdapterProactiveChannel.IsConnector));
        return services;
    }

    public static WebApplication MapBotEndpoints(this WebApplication app)
    {
        app.MapPost("/api/messages", async (HttpContext http, IBotFrameworkHttpAdapter adapter, IBot bot, CancellationToken ct) =>
            {
                if (await IncomingActivityCheck.RefuseAsync(http.Request, ct).ConfigureAwait(false) is { } refusal)
                {
                    await refusal.ExecuteAsync(http).ConfigureAwait(false);
                    return;
                }
                await adapter.ProcessAsync(http.Request, http.Response, bot, ct).ConfigureAwait(false);
            })
            .WithName("BotMessages");
        return app;
    }
}

/// <summary>CloudAdapter with HelpBot's middleware and error handler.</summary>
public sealed class HelpBotCloudAdapter : CloudAdapter
{
    public HelpBotCloudAdapter(BotFrameworkAuthentication auth, TurnErrorHandler errors, IEnumerable<Microsoft.Bot.Builder.IMiddleware> middleware, ILoggerFactory loggers)
        : base(auth, loggers.CreateLogger("Microsoft.Bot.Builder.CloudAdapter"))
    {
        foreach (var m in middleware)
        {
            Use(m);
        }
        OnTurnError = errors.HandleAsync;
    }
}
