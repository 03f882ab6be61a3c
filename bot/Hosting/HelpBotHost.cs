using HelpBot.Bot.Accounts;
using HelpBot.Bot.Adapters;
using HelpBot.Bot.AgentConsole;
using HelpBot.Bot.Audit;
using HelpBot.Bot.DirectLine;
using HelpBot.Bot.GuestKeys;
using HelpBot.Bot.Handoff;
using HelpBot.Bot.Messaging;
using HelpBot.Bot.PasswordReset;
using HelpBot.Bot.Registration;
using HelpBot.Bot.Reminders;
using HelpBot.Bot.SafeCode;
using HelpBot.Bot.Scale;
using HelpBot.Bot.Storage;
using HelpBot.Bot.Teams;
using HelpBot.Bot.Telemetry;
using HelpBot.Bot.WebChat;
using HelpBot.Dialogs.HuidLookup;
using HelpBot.Dialogs.Knowledge;
using HelpBot.Dialogs.Unlock;
using Serilog;
using Serilog.Events;

namespace HelpBot.Bot.Hosting;

/// <summary>Builds the HelpBot web application. Program.cs and the tests that need a real Kestrel server both use it.</summary>
public static class HelpBotHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddHelpBot();
        var app = builder.Build();
        // Open the database file now, before anything starts: a damaged file or one another process holds stops here
        // with its own message (issue 15, finding 6). Opened by the first hosted service instead, the failure raced the
        // host's disposal and could surface as "Cannot access a disposed object" (seen once in CI).
        app.Services.GetRequiredService<HelpBot.Bot.Storage.HelpBotDatabase>();
        app.UseHelpBot();
        return app;
    }

    /// <summary>The web host: where the static assets are, the local developer binding, and every HelpBot service.</summary>
    public static WebApplicationBuilder AddHelpBot(this WebApplicationBuilder builder)
    {
        // MapStaticAssets serves the build's precompressed, content-hashed files (bot/WebChat/WebChatPages.cs). In a build
        // output (dotnet run, the tests, the benchmark) HelpBot's static web assets manifest says where they are, whatever
        // the environment and the entry assembly; a published app has them in wwwroot and no such manifest.
        var staticAssets = Path.Combine(AppContext.BaseDirectory, $"{typeof(HelpBotHost).Assembly.GetName().Name}.staticwebassets.runtime.json");
        if (File.Exists(staticAssets))
        {
            builder.WebHost.UseSetting(WebHostDefaults.StaticWebAssetsKey, staticAssets);
            builder.WebHost.UseStaticWebAssets();
        }
        // Serve what the build made. ASP.NET Core's runtime reloading (on by default in Development, and wherever that
        // manifest is used) recompresses on the fly and mislabels gzip as Brotli in this SDK; set it to true to edit
        // wwwroot without rebuilding.
        builder.Configuration["ReloadStaticAssetsAtRuntime"] ??= "false";
        builder.ApplyLocalDeveloperModeBinding();
        builder.AddHelpBotServices();
        return builder;
    }

    /// <summary>
    /// Every HelpBot service, by area, without the web server's own settings: the web host adds these, and so does the
    /// flow tests' host, which runs the bot without a web server.
    /// </summary>
    public static IHostApplicationBuilder AddHelpBotServices(this IHostApplicationBuilder builder)
    {
        builder.AddHelpBotLogging();
        builder.AddHelpBotOptions();
        builder.AddProductionSafety();
        builder.AddTrustedProxies();
        builder.Services.AddHelpBotStorage();
        builder.Services.AddScale();
        builder.Services.AddAudit();
        builder.Services.AddAccountDirectory();
        builder.Services.AddMessaging();
        builder.Services.AddSafeCode();
        builder.Services.AddHelpBotConversation();
        // The features, each with its flows, stores, options and routes.
        builder.Services.AddKnowledge();
        builder.Services.AddUnlock();
        builder.Services.AddHuidLookup();
        builder.Services.AddBotAdapters();
        builder.Services.AddDirectLine();
        builder.Services.AddWebChat();
        builder.Services.AddPasswordReset();
        builder.Services.AddReminders();
        builder.Services.AddHandoff();
        builder.AddAgentConsole();
        builder.Services.AddTeamsDesk();
        builder.Services.AddRegistration();
        builder.Services.AddGuestKeys();
        builder.AddHelpBotTelemetry();
        return builder;
    }

    /// <summary>The middleware pipeline and every route.</summary>
    public static WebApplication UseHelpBot(this WebApplication app)
    {
        // The client's address from a trusted proxy's X-Forwarded-For, before any limit or log reads it.
        app.UseTrustedProxies();
        app.UseSerilogRequestLogging(o =>
        {
            // This host's own logger (the static Log.Logger is left alone so several hosts can run in one process).
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            // Paths can hold secrets (/reset/{token}, ?t=<token>): log the route pattern, never the raw path; a request
            // no route matched (a 404) names its path with anything token-like taken out (RequestLog.SafePath).
            o.MessageTemplate = "HTTP {RequestMethod} {Route} answered {StatusCode} in {Elapsed:0} ms";
            o.GetMessageTemplateProperties = (http, _, elapsed, status) =>
            [
                new("RequestMethod", new ScalarValue(http.Request.Method)),
                new("Route", new ScalarValue(RequestLog.Route(http))),
                new("StatusCode", new ScalarValue(status)),
                new("Elapsed", new ScalarValue(elapsed)),
            ];
            // Errors are Error, slow requests Warning, a WebSocket that closed normally Information, a good chat turn Debug.
            o.GetLevel = RequestLog.Level;
        });
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        // Endpoint CORS policies (Direct Line: WebChat:AllowedOrigins) answer preflights here.
        app.UseCors();
        // CORS for the widget script and the Web Chat token endpoint, and the token rate limit.
        app.UseWebChatEdge();
        app.UseAgentConsole();
        app.MapHelpBotTelemetry();
        Favicon.Map(app);
        app.MapBotEndpoints();
        app.MapDirectLine();
        app.MapWebChat();
        app.MapWebChatPages();
        app.MapPasswordReset();
        app.MapAgentConsole();
        app.LogStartupMode();
        return app;
    }
}
