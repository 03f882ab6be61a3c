using System.Collections.Concurrent;
using System.Collections.Frozen;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.FileProviders;

namespace HelpBot.Bot.WebChat;

/// <summary>
/// Fast loading (the Web Chat bundle is 3.9 MB): the web assets are served by <c>MapStaticAssets</c>, compressed at
/// build (gzip, and Brotli too: see HelpBot.Bot.csproj) and also under a content-hashed name
/// (<c>lib/webchat.6tbtfyhhgv.js</c>) cached for a year as immutable. The two entry points people and sites link to,
/// the chat page at <c>/</c> and <c>/widget.js</c> (an embedded resource, not a static asset), keep their names and are
/// revalidated (<c>no-cache</c>); they are served here with every asset they load rewritten to its hashed name, so a
/// new release is picked up at once.
/// </summary>
public static class WebChatPages
{
    /// <summary>The assets the page and the widget load, by the name they have in wwwroot.</summary>
    private static readonly string[] Loaded = ["lib/webchat.js", "js/helpbot-webchat.js", "css/site.css"];

    public static WebApplication MapWebChatPages(this WebApplication app)
    {
        // By HelpBot's own manifest name: the entry assembly may be another (a test host, the benchmark).
        var manifest = $"{typeof(WebChatPages).Assembly.GetName().Name}.staticwebassets.endpoints.json";
        var endpoints = (IEndpointRouteBuilder)app;
        var before = endpoints.DataSources.Count;
        app.MapStaticAssets(manifest);
        // Only the static files' endpoints, and once per process: asking every data source for its endpoints would build
        // all of HelpBot's routes at start (the tests and the conversation runner start hundreds of hosts).
        var hashed = HashedNamesByManifest.GetOrAdd(manifest, _ => HashedNames(endpoints.DataSources.Skip(before)));
        // Read once: these files change only with a new build, which restarts the host.
        var widget = Rewrite(ReadEmbedded("HelpBot.WebChat.widget.js"), hashed, quote: '\'');
        if (Read(app.Environment.WebRootFileProvider, "index.html") is { } index)
        {
            var page = Rewrite(index, hashed, quote: '"');
            app.MapGet("/", (HttpContext http) =>
            {
                ApplyPageSecurityHeaders(http.Response);
                return Entry(http, page, "text/html; charset=utf-8");
            });
        }
        app.MapGet(WebChatSetup.WidgetPath, (HttpContext http) => Entry(http, widget, "text/javascript; charset=utf-8"));
        return app;
    }

    /// <summary>
    /// The chat page's policy: scripts from this origin only (no inline script: the page starts the chat from
    /// js/helpbot-webchat.js); styles may be inline because Web Chat injects its style elements at run time; the Direct
    /// Line websocket is to this origin ('self' covers ws: and wss: to it); framed only by this site. Not for
    /// <c>/widget.js</c>, which runs inside other sites' pages under their policy.
    /// </summary>
    public const string PageContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
        + "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    private static void ApplyPageSecurityHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = PageContentSecurityPolicy;
        headers.XFrameOptions = "SAMEORIGIN";
        headers.XContentTypeOptions = "nosniff";
    }

    private static IResult Entry(HttpContext http, string body, string contentType)
    {
        http.Response.Headers.CacheControl = "no-cache";
        return Results.Text(body, contentType);
    }

    private static readonly ConcurrentDictionary<string, FrozenDictionary<string, string>> HashedNamesByManifest = new(StringComparer.Ordinal);

    /// <summary>"lib/webchat.js" → "lib/webchat.6tbtfyhhgv.js", from the endpoints MapStaticAssets created.</summary>
    private static FrozenDictionary<string, string> HashedNames(IEnumerable<EndpointDataSource> staticAssets) =>
        staticAssets.SelectMany(source => source.Endpoints)
            .Select(endpoint => endpoint.Metadata.GetMetadata<StaticAssetDescriptor>())
            .Where(asset => asset is not null && Property(asset, "fingerprint") is not null && Property(asset, "label") is not null)
            .GroupBy(asset => Property(asset!, "label")!, StringComparer.Ordinal)
            .ToFrozenDictionary(group => group.Key, group => group.First()!.Route, StringComparer.Ordinal);

    private static string? Property(StaticAssetDescriptor asset, string name) =>
        asset.Properties.FirstOrDefault(p => p.Name == name)?.Value;

    private static string Rewrite(string text, FrozenDictionary<string, string> hashed, char quote)
    {
        foreach (var name in Loaded)
        {
            if (hashed.TryGetValue(name, out var route))
            {
                // Only whole references: "lib/webchat.js" or '/lib/webchat.js' in quotes.
                text = text.Replace($"{quote}{name}{quote}", $"{quote}{route}{quote}", StringComparison.Ordinal)
                    .Replace($"{quote}/{name}{quote}", $"{quote}/{route}{quote}", StringComparison.Ordinal);
            }
        }
        return text;
    }

    private static string ReadEmbedded(string name)
    {
        using var stream = typeof(WebChatPages).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>A file of wwwroot, or null where the host has none (the benchmark runs without the page).</summary>
    private static string? Read(IFileProvider files, string name)
    {
        var file = files.GetFileInfo(name);
        if (!file.Exists)
        {
            return null;
        }
        using var reader = new StreamReader(file.CreateReadStream());
        return reader.ReadToEnd();
    }
}
