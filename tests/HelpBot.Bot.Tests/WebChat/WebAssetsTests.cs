using System.Net;
using System.Text.RegularExpressions;

namespace HelpBot.Bot.Tests.WebChat;

/// <summary>
/// The 3.9 MB Web Chat bundle loads fast: the page and the widget name it by its content hash, it is sent Brotli- or
/// gzip-compressed as the browser accepts (compressed at build, never at request time) and cached for a year as
/// immutable; the page and the widget themselves are revalidated, so a new release reaches people at once.
/// </summary>
public sealed partial class WebAssetsTests : IDisposable
{
    private readonly HelpBotFactory _factory = new();
    private readonly HttpClient _client;

    public WebAssetsTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task ThePageLoadsTheBundleByItsContentHashCompressedAndCachedForAYear()
    {
        using var page = await _client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        var html = await page.Content.ReadAsStringAsync();
        var bundle = HashedBundle().Match(html);
        Assert.True(bundle.Success, "The page should load lib/webchat.{hash}.js.");
        Assert.Matches(@"js/helpbot-webchat\.[a-z0-9]+\.js", html);
        Assert.Matches(@"css/site\.[a-z0-9]+\.css", html);

        var plain = await GetAsync(bundle.Value, encoding: null);
        var brotli = await GetAsync(bundle.Value, "br");
        var gzip = await GetAsync(bundle.Value, "gzip");

        Assert.Empty(plain.Encoding);
        Assert.Equal(["br"], brotli.Encoding);
        Assert.Equal(["gzip"], gzip.Encoding);
        Assert.True(plain.Length > 3_000_000, $"The bundle is {plain.Length} bytes uncompressed.");
        Assert.InRange(brotli.Length, 100_000, plain.Length / 4);
        Assert.InRange(gzip.Length, 100_000, plain.Length / 3);
        foreach (var response in new[] { plain, brotli, gzip })
        {
            Assert.Contains("max-age=31536000", response.CacheControl, StringComparison.Ordinal);
            Assert.Contains("immutable", response.CacheControl, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheWidgetLoadsTheHashedBundleAndIsItselfRevalidated()
    {
        using var widget = await _client.GetAsync(new Uri("/widget.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, widget.StatusCode);
        Assert.Equal("no-cache", widget.Headers.CacheControl?.ToString());
        var script = await widget.Content.ReadAsStringAsync();
        Assert.Matches(@"'/lib/webchat\.[a-z0-9]+\.js'", script);
        Assert.Matches(@"'/js/helpbot-webchat\.[a-z0-9]+\.js'", script);
        Assert.DoesNotContain("'/lib/webchat.js'", script, StringComparison.Ordinal);
    }

    private async Task<(string[] Encoding, long Length, string CacheControl)> GetAsync(string path, string? encoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/" + path, UriKind.Relative));
        if (encoding is not null)
        {
            request.Headers.AcceptEncoding.ParseAdd(encoding);
        }
        using var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync();
        return ([.. response.Content.Headers.ContentEncoding], body.LongLength, response.Headers.CacheControl?.ToString() ?? "");
    }

    [GeneratedRegex(@"lib/webchat\.[a-z0-9]+\.js")]
    private static partial Regex HashedBundle();
}
