using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using HelpBot.Dialogs.PasswordReset;

namespace HelpBot.Bot.PasswordReset;

/// <summary>
/// The reset page's HTML, built here (no view engine needed for three small pages), its assets, and the headers every
/// one of its responses carries: no caching, no referrer (the token is in the URL), scripts and styles from this origin
/// only (so the meter's script is a file, not inline), no framing.
/// </summary>
internal static class ResetPageHtml
{
    private const string AssetPrefix = "/reset-page/";

    private static readonly Dictionary<string, string> AssetTypes = new(StringComparer.Ordinal)
    {
        ["reset.css"] = "text/css; charset=utf-8",
        ["reset.js"] = "text/javascript; charset=utf-8",
    };

    public static void ApplySecurityHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.CacheControl = "no-store, max-age=0";
        headers.Pragma = "no-cache";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
    }

    public static IResult Expired(HttpContext http) =>
        Message(http, StatusCodes.Status404NotFound, ResetPageTexts.ExpiredTitle, ResetPageTexts.Expired);

    public static IResult Success(HttpContext http) =>
        Page(http, StatusCodes.Status200OK, ResetPageTexts.SuccessTitle,
            $"""
            <h1>{E(ResetPageTexts.SuccessTitle)}</h1>
            <p class="ok" role="status">{E(ResetPageTexts.Success)}</p>
            <p>{E(ResetPageTexts.SuccessDevices)}</p>
            """);

    public static IResult Message(HttpContext http, int status, string title, string text) =>
        Page(http, status, title,
            $"""
            <h1>{E(title)}</h1>
            <p>{E(text)}</p>
            """);

    public static IResult Form(HttpContext http, string username, string? passwordError = null, string? confirmError = null, int status = StatusCodes.Status200OK, string? help = null)
    {
        var invalid = passwordError is null ? "false" : "true";
        var confirmInvalid = confirmError is null ? "false" : "true";
        return Page(http, status, ResetPageTexts.FormTitle,
            $"""
            <h1>{E(ResetPageTexts.FormTitle)}</h1>
            <form method="post" id="reset-form" data-min="{PasswordPolicy.MinimumLength}" data-max="{PasswordPolicy.MaximumLength}" data-recommended="{PasswordPolicy.RecommendedLength}">
              <div class="field">
                <label for="username">Username</label>
                <input id="username" name="username" type="text" autocomplete="username" value="{E(username)}" readonly>
              </div>
              <div class="field">
                <label for="password">New password</label>
                <div class="pw">
                  <input id="password" name="password" type="password" autocomplete="new-password" required spellcheck="false" autocapitalize="none" aria-describedby="password-help strength-text password-error" aria-invalid="{invalid}">
                  <button type="button" id="toggle" class="toggle" aria-controls="password confirm" aria-pressed="false">Show</button>
                </div>
                <p id="password-help" class="help">{E(help ?? ResetPageTexts.Help)}</p>
                <meter id="strength" min="0" max="4" low="2" high="3" optimum="4" value="0" aria-labelledby="strength-text"></meter>
                <p id="strength-text" class="help" aria-live="polite">Strength (an estimate): type a password</p>
                <p id="password-error" class="error" aria-live="assertive">{E(passwordError ?? "")}</p>
              </div>
              <div class="field">
                <label for="confirm">Type it again</label>
                <input id="confirm" name="confirm" type="password" autocomplete="new-password" required spellcheck="false" autocapitalize="none" aria-describedby="confirm-error" aria-invalid="{confirmInvalid}">
                <p id="confirm-error" class="error" aria-live="assertive">{E(confirmError ?? "")}</p>
              </div>
              <button type="submit" class="primary">Set password</button>
            </form>
            <p class="note">{E(ResetPageTexts.Once)}</p>
            """);
    }

    public static IResult Asset(HttpContext http, string file)
    {
        ApplySecurityHeaders(http.Response);
        if (!AssetTypes.TryGetValue(file, out var type))
        {
            return Results.NotFound();
        }
        var stream = typeof(ResetPageHtml).Assembly.GetManifestResourceStream($"HelpBot.PasswordReset.{file}");
        return stream is null ? Results.NotFound() : Results.Stream(stream, type);
    }

    private static IResult Page(HttpContext http, int status, string title, string main)
    {
        ApplySecurityHeaders(http.Response);
        var html = string.Create(CultureInfo.InvariantCulture, $"""
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="referrer" content="no-referrer">
                <title>{E(title)} · HMS IT Accounts &amp; Access</title>
                <link rel="stylesheet" href="{AssetPrefix}reset.css">
                <script src="{AssetPrefix}reset.js" defer></script>
                </head>
                <body>
                <header class="bar"><span class="brand">HMS IT</span> <span class="area">Accounts &amp; Access</span></header>
                <main>
                {main}
                <p class="contact">Need help? Call the HMS IT Service Desk at <a href="tel:+1{ResetPageTexts.ServiceDesk.Replace("-", "", StringComparison.Ordinal)}">{ResetPageTexts.ServiceDesk}</a>.</p>
                </main>
                </body>
                </html>
                """);
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, status);
    }

    private static string E(string text) => HtmlEncoder.Default.Encode(text);
}
