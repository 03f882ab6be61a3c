using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace HelpBot.Bot.Hosting;

/// <summary>
/// docs/security.md, C2: with no <c>MicrosoftAppId</c> the bot accepts unauthenticated activities, so it must only be reachable
/// from this machine. Whatever URLs are configured, Kestrel listens on the loopback addresses at the same ports.
/// </summary>
public static class LocalDeveloperMode
{
    public const int DefaultPort = 3978;

    public static bool IsOn(IConfiguration configuration) => string.IsNullOrWhiteSpace(configuration["MicrosoftAppId"]);

    public static WebApplicationBuilder ApplyLocalDeveloperModeBinding(this WebApplicationBuilder builder)
    {
        if (!IsOn(builder.Configuration))
        {
            return builder;
        }
        builder.WebHost.UseUrls(LoopbackUrls(builder.Configuration).ToArray());
        return builder;
    }

    /// <summary>The configured <c>urls</c> (ASPNETCORE_URLS, --urls) with their hosts replaced by loopback; default http://localhost:3978.</summary>
    internal static IEnumerable<string> LoopbackUrls(IConfiguration configuration)
    {
        var urls = configuration["urls"];
        if (string.IsNullOrWhiteSpace(urls))
        {
            return [$"http://localhost:{DefaultPort}"];
        }
        return urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(url =>
            {
                // Kestrel's wildcards (*, +) are not valid URI hosts.
                var parsable = url.Replace("://*", "://any", StringComparison.Ordinal).Replace("://+", "://any", StringComparison.Ordinal);
                if (!Uri.TryCreate(parsable, UriKind.Absolute, out var uri))
                {
                    throw new InvalidOperationException($"urls has '{url}', which is not a URL; use e.g. http://localhost:3978.");
                }
                // "localhost" binds 127.0.0.1 and [::1]; a dynamic port (0) needs one concrete address.
                var host = uri.Port == 0 ? "127.0.0.1" : "localhost";
                return $"{uri.Scheme}://{host}:{uri.Port}";
            })
            .Distinct();
    }

    public static void LogStartupMode(this WebApplication app)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("HelpBot.Startup");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value.AllowInProduction)
            {
                ProductionSafety.WarnIfDemoInProduction(app.Environment, app.Configuration, log);
            }
            if (IsOn(app.Configuration))
            {
                log.LogWarning(
                    "Local developer mode: no MicrosoftAppId is set, so /api/messages accepts unauthenticated requests and HelpBot listens on loopback only ({Addresses}). Set MicrosoftAppId and MicrosoftAppPassword to run in production.",
                    string.Join(", ", addresses));
            }
            else
            {
                log.LogInformation("HelpBot is listening on {Addresses}; /api/messages requires Bot Framework tokens for app {AppId}.",
                    string.Join(", ", addresses), app.Configuration["MicrosoftAppId"]);
            }
        });
    }
}
