using System.Security.Claims;
using HelpBot.Bot.Scale;
using HelpBot.Bot.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace HelpBot.Bot.AgentConsole;

/// <summary>
/// The service-desk agent console at <c>/agent</c> (issue 6 items 3 and 5): sign-in, the live queue and chat over
/// SignalR, the account panel, actions, metrics. Every route but the sign-in page itself requires a signed-in agent
/// (docs/security.md, C4): pages redirect to the sign-in page, the API and the hub answer 401.
/// </summary>
public static class AgentConsoleSetup
{
    public const string PathPrefix = "/agent";
    public const string SignInPath = "/agent/signin";
    public const string HubPath = "/agent/hub";
    public const string ApiPrefix = "/agent/api";

    /// <summary>The authorization policy every console endpoint and the hub require.</summary>
    public const string AgentPolicy = "HelpBotAgent";

    public const string CookieScheme = "HelpBotAgent";
    public const string OpenIdConnectScheme = "HelpBotAgentOidc";

    /// <summary>The claim that holds the agent's id (the local username or the IdP's subject).</summary>
    public const string AgentIdClaim = ClaimTypes.NameIdentifier;

    public static IHostApplicationBuilder AddAgentConsole(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AgentConsoleOptions>().BindConfiguration(AgentConsoleOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AgentConsoleOptions>, AgentConsoleOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        // Storage:Provider=Postgres: shared by every instance, so an agent added once signs in anywhere and a lockout holds on all.
        services.AddSingleton<IAgentAccounts>(sp => StorageSetup.UsesPostgres(sp)
            ? ActivatorUtilities.CreateInstance<HelpBot.Bot.Storage.Postgres.PostgresAgentAccounts>(sp, StorageSetup.MigratedPostgres(sp))
            : ActivatorUtilities.CreateInstance<LiteDbAgentAccounts>(sp));
        services.AddSingleton<SignInThrottle>();
        services.AddHostedService<DemoAgentSeeder>();
        services.AddSingleton<IDeskActivityStore>(sp => StorageSetup.UsesPostgres(sp)
            ? new HelpBot.Bot.Storage.Postgres.PostgresDeskActivityStore(StorageSetup.MigratedPostgres(sp))
            : ActivatorUtilities.CreateInstance<LiteDbDeskActivityStore>(sp));
        services.AddSingleton<DeskActivity>();
        services.AddRetained<DeskActivity>();
        services.AddSingleton<Microsoft.Bot.Builder.IMiddleware>(sp => sp.GetRequiredService<DeskActivity>());

        // The scheme set is fixed when the host is built, so OpenID Connect is added only when configured; its options
        // are still validated at start (AgentConsoleOptionsValidator), before any agent tries to sign in.
        var usesOidc = builder.Configuration.GetSection(AgentConsoleOptions.Section).Get<AgentConsoleOptions>()?.UsesOpenIdConnect == true;
        var authentication = services.AddAuthentication(CookieScheme)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "HelpBot.Agent";
                o.Cookie.HttpOnly = true;
                o.Cookie.Path = PathPrefix;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // Strict keeps the cookie off every cross-site request (forms, fetches, the hub's WebSocket). The IdP's
                // redirect back is cross-site, so with OpenID Connect the first page after sign-in needs Lax.
                o.Cookie.SameSite = usesOidc ? SameSiteMode.Lax : SameSiteMode.Strict;
                o.LoginPath = SignInPath;
                o.LogoutPath = "/agent/signout";
                o.AccessDeniedPath = SignInPath;
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = ctx => AnswerApiOrRedirect(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => AnswerApiOrRedirect(ctx, StatusCodes.Status403Forbidden);
            });
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme)
            .Configure<IOptions<AgentConsoleOptions>>((cookie, console) => cookie.ExpireTimeSpan = console.Value.SessionLifetime);
        if (usesOidc)
        {
            authentication.AddOpenIdConnect(OpenIdConnectScheme, _ => { });
            services.AddOptions<OpenIdConnectOptions>(OpenIdConnectScheme)
                .Configure<IOptions<AgentConsoleOptions>>((oidc, console) => ConfigureOpenIdConnect(oidc, console.Value.OpenIdConnect));
        }
        services.AddAuthorizationBuilder().AddPolicy(AgentPolicy, p => p
            .AddAuthenticationSchemes(CookieScheme)
            .RequireAuthenticatedUser()
            .RequireClaim(AgentIdClaim));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "HelpBot.Agent.Antiforgery";
            o.Cookie.Path = PathPrefix;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.HeaderName = "X-HelpBot-Antiforgery";
        });
        services.AddSignalR();
        // Several instances (Scale:Redis): a queue change or a user's line on one instance reaches the agents whose
        // console is connected to another, through Redis (the SignalR backplane). Chosen when the hub is first used, as
        // the other Redis parts are, so settings given after registration (a test host's) count too.
        services.AddOptions<RedisOptions>().Configure<IOptions<ScaleOptions>>((redis, scale) =>
        {
            if (!string.IsNullOrWhiteSpace(scale.Value.Redis))
            {
                redis.Configuration = ConfigurationOptions.Parse(scale.Value.Redis);
                redis.Configuration.ChannelPrefix = RedisChannel.Literal("helpbot-desk");
            }
        });
        services.AddSingleton<HubLifetimeManager<DeskHub>>(sp => ScaleSetup.UsesRedis(sp)
            ? ActivatorUtilities.CreateInstance<RedisHubLifetimeManager<DeskHub>>(sp)
            : ActivatorUtilities.CreateInstance<DefaultHubLifetimeManager<DeskHub>>(sp));
        services.AddSingleton<AgentPresence>();
        services.AddSingleton<DeskConsole>();
        services.AddSingleton<DeskMetrics>();
        // One more desk beside the log (and the Teams channel): the browsers of the signed-in agents.
        services.AddSingleton<HelpBot.Dialogs.Handoff.IDeskNotifications, SignalRDeskNotifications>();
        return builder;
    }

    internal static void ConfigureOpenIdConnect(OpenIdConnectOptions oidc, OpenIdConnectSettings settings)
    {
        oidc.SignInScheme = CookieScheme;
        oidc.Authority = settings.Authority;
        oidc.ClientId = settings.ClientId;
        oidc.ClientSecret = settings.ClientSecret;
        oidc.ResponseType = "code";
        oidc.UsePkce = true;
        oidc.CallbackPath = "/agent/signin-oidc";
        oidc.SignedOutCallbackPath = "/agent/signout-oidc";
        oidc.SaveTokens = false;
        oidc.GetClaimsFromUserInfoEndpoint = true;
        oidc.MapInboundClaims = false;
        oidc.Scope.Clear();
        oidc.Scope.Add("openid");
        oidc.Scope.Add("profile");
        oidc.TokenValidationParameters.NameClaimType = settings.NameClaim;
        oidc.Events.OnTokenValidated = ctx =>
        {
            // The console knows an agent by one claim, whatever the IdP calls it.
            if (ctx.Principal?.Identity is ClaimsIdentity identity)
            {
                var sub = identity.FindFirst("sub")?.Value ?? identity.FindFirst("oid")?.Value;
                var name = identity.FindFirst(settings.NameClaim)?.Value ?? identity.FindFirst("preferred_username")?.Value ?? sub;
                if (sub is not null)
                {
                    identity.AddClaim(new Claim(AgentIdClaim, sub));
                    identity.AddClaim(new Claim(ClaimTypes.Name, name ?? sub));
                }
            }
            return Task.CompletedTask;
        };
    }

    private static Task AnswerApiOrRedirect(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        var path = ctx.Request.Path;
        if (path.StartsWithSegments(ApiPrefix) || path.StartsWithSegments(HubPath) || !HttpMethods.IsGet(ctx.Request.Method))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Authentication and authorization; before the endpoints, after static files (which need neither).</summary>
    public static WebApplication UseAgentConsole(this WebApplication app)
    {
        // Defence in depth beside SameSite=Strict and the antiforgery tokens: a browser request to the console that
        // comes from another site (a cross-site form post, fetch or WebSocket to the hub) is refused before anything runs.
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.StartsWithSegments(PathPrefix) && AgentPresence.IsCrossSite(http))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            await next(http).ConfigureAwait(false);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    public static WebApplication MapAgentConsole(this WebApplication app)
    {
        AgentSignInEndpoints.Map(app);
        AgentConsoleEndpoints.Map(app);
        return app;
    }

    /// <summary>The signed-in agent's id and display name.</summary>
    public static (string Id, string Name) AgentOf(ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(AgentIdClaim) ?? throw new InvalidOperationException("The console was reached without a signed-in agent.");
        return (id, user.Identity?.Name ?? id);
    }

    /// <summary>Seeds the demo agent in demo mode; in Production removes any left in a database that was used for a demo.</summary>
    private sealed class DemoAgentSeeder(IAgentAccounts agents, IOptions<AgentConsoleOptions> options, IHostEnvironment environment, ILogger<IAgentAccounts> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var console = options.Value;
            if (console.UsesOpenIdConnect)
            {
                return Task.CompletedTask;
            }
            if (console.DemoAgentEnabled(environment))
            {
                if (agents.Find(DemoAgent.Username) is null)
                {
                    agents.AddOrUpdate(DemoAgent.Username, DemoAgent.DisplayName, DemoAgent.Password, isDemo: true);
                }
                logger.LogWarning("Demo mode: the agent console accepts the demo agent {Username} (password in the README). Never enable this in production", DemoAgent.Username);
            }
            else if (agents.RemoveDemoAgents() > 0)
            {
                logger.LogWarning("Removed the demo agent: demo mode is off in {Environment}", environment.EnvironmentName);
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
