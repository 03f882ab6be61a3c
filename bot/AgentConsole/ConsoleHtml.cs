using System.Reflection;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace HelpBot.Bot.AgentConsole;

/// <summary>
/// The console's pages, built here (three small pages need no view engine), and their assets from embedded resources.
/// Every response: no caching (transcripts, account details), scripts and styles from this origin only, no framing.
/// </summary>
internal static class ConsoleHtml
{
    private static readonly Dictionary<string, string> AssetTypes = new(StringComparer.Ordinal)
    {
        ["console.css"] = "text/css; charset=utf-8",
        ["console.js"] = "text/javascript; charset=utf-8",
        ["metrics.js"] = "text/javascript; charset=utf-8",
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

    public static IResult SignIn(HttpContext http, AntiforgeryTokenSet tokens, string returnUrl, string? error, string username, int status = StatusCodes.Status200OK) =>
        Page(http, status, ConsoleTexts.SignInTitle, "/agent/signin.css", script: null, bodyClass: "page-signin",
            $"""
            <main class="signin-box">
              <h1>{E(ConsoleTexts.SignInTitle)}</h1>
              <p>{E(ConsoleTexts.SignInIntro)}</p>
              <form method="post" action="/agent/signin">
                <input type="hidden" name="{E(tokens.FormFieldName)}" value="{E(tokens.RequestToken ?? "")}">
                <input type="hidden" name="returnUrl" value="{E(returnUrl)}">
                <label for="username">Agent username</label>
                <input id="username" name="username" type="text" autocomplete="username" required autofocus spellcheck="false" autocapitalize="none" value="{E(username)}">
                <label for="password">Password</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required>
                <p id="signin-error" class="error" role="alert">{E(error ?? "")}</p>
                <button type="submit" class="primary">Sign in</button>
              </form>
            </main>
            """);

    /// <summary>The console: queue on the left, the taken conversation on the right. Everything live comes from console.js.</summary>
    public static IResult Console(HttpContext http, AntiforgeryTokenSet tokens, string agentId, string agentName)
    {
        var canned = string.Join("\n", ConsoleTexts.CannedAnswers.Select((c, i) =>
            $"""      <button type="button" class="canned" data-text="{E(c.Text)}" title="{E(c.Text)}">{E(c.Label)}</button>"""));
        return Page(http, StatusCodes.Status200OK, ConsoleTexts.Title, "/agent/assets/console.css", "/agent/assets/console.js", "page-console",
            $"""
            {Header(tokens, agentId, agentName, "queue")}
            <main class="desk">
              <section class="queue" aria-labelledby="queue-title">
                <h2 id="queue-title">Waiting <span id="queue-count" class="count">0</span></h2>
                <p id="connection" class="status" role="status">Connecting…</p>
                <ul id="queue" class="tickets" aria-live="polite"></ul>
                <h2>Mine</h2>
                <ul id="mine" class="tickets"></ul>
              </section>
              <section id="conversation" class="conversation" hidden aria-labelledby="ticket-title">
                <h2 id="ticket-title"></h2>
                <p id="notice" class="notice" role="alert"></p>
                <div class="columns">
                  <div class="chat">
                    <dl id="context" class="context"></dl>
                    <ol id="transcript" class="transcript" aria-live="polite"></ol>
                    <p id="user-typing" class="typing" hidden>The user is typing…</p>
                    <div id="actions-take" class="actions">
                      <button type="button" id="take" class="primary">Take this conversation</button>
                    </div>
                    <form id="reply" class="reply" hidden>
                      <label for="reply-text" class="visually-hidden">Message to the user</label>
                      <textarea id="reply-text" rows="3" maxlength="2000" placeholder="Write to the user…"></textarea>
                      <button type="submit" class="primary">Send</button>
                    </form>
                    <div id="canned" class="canned-list" hidden>
                      <h3>Canned answers</h3>
            {canned}
                    </div>
                  </div>
                  <aside class="side">
                    <h3>Account</h3>
                    <dl id="account" class="account"></dl>
                    <div id="owner-actions" hidden>
                      <h3>Actions</h3>
                      <div id="invites">
                        <p class="help">The user does it in the chat and proves it's them with a SafeCode.</p>
                        <button type="button" id="send-unlock">Invite the user to unlock their account</button>
                        <button type="button" id="send-reset">Invite the user to reset their password</button>
                      </div>
                      <p id="invites-departmental" class="help" hidden>Departmental account: the user can't unlock or reset it in the chat, so there is no invitation to send.</p>
                      <div id="transfer-box" hidden>
                        <label for="transfer-to">Transfer to</label>
                        <select id="transfer-to"></select>
                        <button type="button" id="transfer">Transfer</button>
                      </div>
                      <label for="resolve-note">Resolution note</label>
                      <textarea id="resolve-note" rows="3" maxlength="2000"></textarea>
                      <button type="button" id="resolve" class="primary">Resolve</button>
                    </div>
                  </aside>
                </div>
              </section>
            </main>
            """);
    }

    public static IResult Metrics(HttpContext http, AntiforgeryTokenSet tokens, string agentId, string agentName) =>
        Page(http, StatusCodes.Status200OK, "Desk metrics", "/agent/assets/console.css", "/agent/assets/metrics.js", "page-metrics",
            $"""
            {Header(tokens, agentId, agentName, "metrics")}
            <main class="metrics">
              <h2>Desk metrics</h2>
              <form id="period" class="period">
                <label for="days">Period</label>
                <select id="days"><option value="1">Last 24 hours</option><option value="7" selected>Last 7 days</option><option value="30">Last 30 days</option></select>
              </form>
              <dl id="figures" class="figures"></dl>
              <h3>Escalations by reason</h3>
              <table id="reasons"><thead><tr><th>Reason</th><th>Escalations</th></tr></thead><tbody></tbody></table>
              <p class="help">Containment: conversations with at least one user message in the period that were never escalated, out of all such conversations. The same numbers as JSON: <a href="/agent/api/metrics">/agent/api/metrics</a>.</p>
            </main>
            """);

    private static string Header(AntiforgeryTokenSet tokens, string agentId, string agentName, string current) =>
        $"""
        <header class="top">
          <h1>{E(ConsoleTexts.Title)}</h1>
          <nav><a href="/agent"{(current == "queue" ? " aria-current=\"page\"" : "")}>Queue</a> <a href="/agent/metrics"{(current == "metrics" ? " aria-current=\"page\"" : "")}>Metrics</a></nav>
          <form method="post" action="/agent/signout" class="signout">
            <span id="agent" data-agent-id="{E(agentId)}">{E(agentName)}</span>
            <input type="hidden" name="{E(tokens.FormFieldName)}" value="{E(tokens.RequestToken ?? "")}">
            <button type="submit">Sign out</button>
          </form>
          <meta name="helpbot-antiforgery" content="{E(tokens.RequestToken ?? "")}">
        </header>
        """;

    public static IResult Asset(HttpContext http, string file)
    {
        if (!AssetTypes.TryGetValue(file, out var contentType))
        {
            return Results.NotFound();
        }
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"HelpBot.AgentConsole.{file}");
        if (stream is null)
        {
            return Results.NotFound();
        }
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "no-cache";
        return Results.Stream(stream, contentType);
    }

    private static IResult Page(HttpContext http, int status, string title, string css, string? script, string bodyClass, string body)
    {
        ApplySecurityHeaders(http.Response);
        var scripts = script is null ? "" : $"""
              <script src="/lib/signalr.min.js" defer></script>
              <script src="{script}" defer></script>
            """;
        var html = $"""
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <meta name="robots" content="noindex">
              <title>{E(title)}</title>
              <link rel="icon" href="/favicon.svg" type="image/svg+xml">
              <link rel="stylesheet" href="{css}">
            {scripts}
            </head>
            <body class="{bodyClass}">
            {body}
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    private static string E(string value) => HtmlEncoder.Default.Encode(value);
}
