using System.Security.Claims;
using HelpBot.Dialogs.Audit;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.AgentConsole;

/// <summary>
/// <c>GET/POST /agent/signin</c> and <c>POST /agent/signout</c>. The only console routes open to anyone are the
/// sign-in page, its post and its stylesheet (<see cref="AnonymousRoutes"/>; a test fails for any other).
/// Every attempt is audited (docs/security.md, C5) with the typed username only when it names an agent.
/// </summary>
internal static class AgentSignInEndpoints
{
    /// <summary>Console routes that are reachable without signing in, as "METHOD pattern".</summary>
    public static readonly IReadOnlySet<string> AnonymousRoutes = new HashSet<string>(StringComparer.Ordinal)
    {
        "GET /agent/signin",
        "POST /agent/signin",
        "GET /agent/signin.css",
    };

    private const long MaxFormBytes = 8 * 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/agent/signin", ShowAsync).AllowAnonymous().WithName("AgentSignInPage").ExcludeFromDescription();
        app.MapPost("/agent/signin", SubmitAsync).AllowAnonymous().DisableAntiforgery().WithName("AgentSignIn").ExcludeFromDescription();
        app.MapGet("/agent/signin.css", (HttpContext http) => ConsoleHtml.Asset(http, "console.css")).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/agent/signout", SignOutAsync).RequireAuthorization(AgentConsoleSetup.AgentPolicy).DisableAntiforgery().WithName("AgentSignOut").ExcludeFromDescription();
    }

    private static async Task<IResult> ShowAsync(HttpContext http, IOptions<AgentConsoleOptions> options, IAntiforgery antiforgery, string? returnUrl = null)
    {
        if (options.Value.UsesOpenIdConnect)
        {
            return Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOrHome(returnUrl) }, [AgentConsoleSetup.OpenIdConnectScheme]);
        }
        await Task.CompletedTask.ConfigureAwait(false);
        return ConsoleHtml.SignIn(http, antiforgery.GetAndStoreTokens(http), LocalOrHome(returnUrl), error: null, username: "");
    }

    private static async Task<IResult> SubmitAsync(HttpContext http, IOptions<AgentConsoleOptions> options, IAntiforgery antiforgery,
        IAgentAccounts agents, SignInThrottle throttle, IAuditLog audit, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var console = options.Value;
        if (console.UsesOpenIdConnect)
        {
            return Results.Challenge(new AuthenticationProperties { RedirectUri = AgentConsoleSetup.PathPrefix }, [AgentConsoleSetup.OpenIdConnectScheme]);
        }
        if (!http.Request.HasFormContentType || http.Request.ContentLength is null or > MaxFormBytes)
        {
            return Results.BadRequest();
        }
        if (!await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false))
        {
            return ConsoleHtml.SignIn(http, antiforgery.GetAndStoreTokens(http), AgentConsoleSetup.PathPrefix, ConsoleTexts.SignInExpiredForm, "", StatusCodes.Status400BadRequest);
        }
        var form = await http.Request.ReadFormAsync(ct).ConfigureAwait(false);
        var username = form["username"].ToString().Trim();
        var password = form["password"].ToString();
        var returnUrl = LocalOrHome(form["returnUrl"].ToString());

        var address = http.Connection.RemoteIpAddress;
        if (await throttle.IsThrottledAsync(address, username, console.MaxFailedSignInsPerAddress, ct).ConfigureAwait(false))
        {
            await audit.WriteAsync(new AuditEntry
            {
                At = time.GetUtcNow(), Action = "agent.signin", Outcome = "throttled", Actor = "(not checked)", Channel = "console", Detail = $"from {address}",
            }, ct).ConfigureAwait(false);
            return ConsoleHtml.SignIn(http, antiforgery.GetAndStoreTokens(http), returnUrl, ConsoleTexts.SignInThrottled, "", StatusCodes.Status429TooManyRequests);
        }
        var (outcome, agent) = agents.Verify(username, password, console.MaxFailedSignIns, console.LockoutDuration);
        if (outcome != SignInOutcome.Success)
        {
            await throttle.FailedAsync(address, username, ct).ConfigureAwait(false);
        }
        var known = agent is not null || agents.Find(username) is not null;
        await audit.WriteAsync(new AuditEntry
        {
            At = time.GetUtcNow(),
            Action = "agent.signin",
            Outcome = outcome switch { SignInOutcome.Success => "success", SignInOutcome.LockedOut => "locked", _ => "failure" },
            // A mistyped name can be someone's password typed in the wrong box: only known agent names are recorded.
            Actor = known ? AgentAccounts.Normalize(username) : "(unknown agent name)",
            Channel = "console",
            Detail = $"from {address}",
        }, ct).ConfigureAwait(false);
        var log = loggers.CreateLogger("HelpBot.AgentConsole");

        if (outcome != SignInOutcome.Success || agent is null)
        {
            log.LogWarning("Agent sign-in refused ({Outcome}) for {Agent}", outcome, known ? AgentAccounts.Normalize(username) : "(unknown agent name)");
            var message = outcome == SignInOutcome.LockedOut ? ConsoleTexts.SignInLockedOut : ConsoleTexts.SignInWrong;
            return ConsoleHtml.SignIn(http, antiforgery.GetAndStoreTokens(http), returnUrl, message, known ? username : "", StatusCodes.Status401Unauthorized);
        }

        var identity = new ClaimsIdentity(
            [new Claim(AgentConsoleSetup.AgentIdClaim, agent.Username), new Claim(ClaimTypes.Name, agent.DisplayName)],
            AgentConsoleSetup.CookieScheme);
        await http.SignInAsync(AgentConsoleSetup.CookieScheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false }).ConfigureAwait(false);
        log.LogInformation("Agent {Agent} signed in to the console", agent.Username);
        return Results.Redirect(returnUrl);
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, IAntiforgery antiforgery, IAuditLog audit, TimeProvider time, CancellationToken ct)
    {
        if (!await antiforgery.IsRequestValidAsync(http).ConfigureAwait(false))
        {
            return Results.BadRequest();
        }
        var (id, _) = AgentConsoleSetup.AgentOf(http.User);
        await http.SignOutAsync(AgentConsoleSetup.CookieScheme).ConfigureAwait(false);
        await audit.WriteAsync(new AuditEntry { At = time.GetUtcNow(), Action = "agent.signout", Outcome = "success", Actor = id, Channel = "console" }, ct).ConfigureAwait(false);
        return Results.Redirect(AgentConsoleSetup.SignInPath);
    }

    /// <summary>Only a path inside the console is followed after sign-in (no open redirect).</summary>
    internal static string LocalOrHome(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith(AgentConsoleSetup.PathPrefix, StringComparison.Ordinal)
            && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.Contains('\\', StringComparison.Ordinal)
            && (returnUrl.Length == AgentConsoleSetup.PathPrefix.Length || returnUrl[AgentConsoleSetup.PathPrefix.Length] is '/' or '?')
            ? returnUrl
            : AgentConsoleSetup.PathPrefix;
}
