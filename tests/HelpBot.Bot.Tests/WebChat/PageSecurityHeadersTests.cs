using System.Net;
using System.Text.RegularExpressions;

namespace HelpBot.Bot.Tests.WebChat;

/// <summary>Issue 15, finding 8: the Web Chat page has a Content Security Policy and frame protection; the widget has none.</summary>
public sealed class PageSecurityHeadersTests : IDisposable
{
    private readonly HelpBotFactory _factory = new();
    private readonly HttpClient _client;

    public PageSecurityHeadersTests() => _client = _factory.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task Finding8_TheWebChatPageHasAContentSecurityPolicyAndMayOnlyBeFramedByItself()
    {
        using var page = await _client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        var csp = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        var script = Regex.Match(csp, "script-src ([^;]*)").Groups[1].Value;
        Assert.StartsWith("'self'", script, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", script, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Matches("connect-src 'self'", csp);
        Assert.Equal("SAMEORIGIN", Assert.Single(page.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));

        // No inline script left for the policy to block: every <script> loads a file.
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(new Regex("<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase), html);
    }

    [Fact]
    public async Task Finding8_TheWidgetScriptCarriesNoPolicyOfItsOwn()
    {
        using var widget = await _client.GetAsync(new Uri("/widget.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, widget.StatusCode);
        Assert.False(widget.Headers.Contains("Content-Security-Policy"));
    }
}
