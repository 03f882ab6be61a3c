namespace HelpBot.Bot.Hosting;

/// <summary>
/// The site's icon: "HB" in white on the brand crimson, as SVG. Browsers ask every page for <c>/favicon.ico</c>, so it is
/// answered there (and at <c>/favicon.svg</c>, which the console's pages link to) instead of with a 404 in the log.
/// Same origin, so the console's Content-Security-Policy (<c>img-src 'self'</c>) allows it.
/// </summary>
internal static class Favicon
{
    public const string ContentType = "image/svg+xml";

    public const string Svg =
        """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" role="img" aria-label="HelpBot">""" +
        """<rect width="32" height="32" rx="6" fill="#A51C30"/>""" +
        """<text x="16" y="21.5" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" font-size="15" font-weight="700" fill="#fff">HB</text>""" +
        "</svg>";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/favicon.ico", Icon).WithName("FaviconIco").ExcludeFromDescription();
        app.MapGet("/favicon.svg", Icon).WithName("FaviconSvg").ExcludeFromDescription();
    }

    private static IResult Icon(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = "public, max-age=86400";
        headers.XContentTypeOptions = "nosniff";
        // An SVG opened on its own is a document: it may draw, nothing else.
        headers.ContentSecurityPolicy = "default-src 'none'";
        return Results.Text(Svg, ContentType);
    }
}
