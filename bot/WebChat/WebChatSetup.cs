using System.Threading.RateLimiting;
using HelpBot.Bot.Hosting;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.WebChat;

/// <summary>
/// The Web Chat page at / (wwwroot/index.html), the embeddable widget (wwwroot/widget.js) and the token endpoint
/// both of them call, <c>POST /api/webchat/token</c>.
/// </summary>
public static class WebChatSetup
{
    public const string TokenPath = "/api/webchat/token";
    public const string WidgetPath = "/widget.js";
    public const string CorsPolicy = "WebChat";
    public const string TokenRateLimitPolicy = "WebChatToken";

    public static IServiceCollection AddWebChat(this IServiceCollection services)
    {
        services.AddHttpClient<AzureWebChatTokenSource>();
        services.AddSingleton<BuiltInWebChatTokenSource>();
        services.AddTransient<IWebChatTokenSource>(sp =>
            OptionsSetup.IsOneOf(sp.GetRequiredService<IOptions<WebChatOptions>>().Value.DirectLine, "Azure")
                ? sp.GetRequiredService<AzureWebChatTokenSource>()
                : sp.GetRequiredService<BuiltInWebChatTokenSource>());

        // Only the IT site's origins may call the token endpoint or load the widget with CORS; none by default.
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<WebChatOptions>>((cors, webChat) =>
            cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins(webChat.Value.AllowedOrigins.Select(o => o.TrimEnd('/')).ToArray())
                .WithMethods("GET", "POST")
                .WithHeaders("Content-Type")));

        // Each token starts a conversation (and, with Azure, costs a call): limit minting per client address. Generous,
        // and only on the token endpoint: Web Chat never retries a 429, so Direct Line routes must never send one.
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(TokenRateLimitPolicy, http =>
            {
                var perMinute = http.RequestServices.GetRequiredService<IOptions<WebChatOptions>>().Value.TokenRequestsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(
                    http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            limiter.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    /// <summary>CORS for the widget and the token endpoint, and the token rate limit. Runs before the static files.</summary>
    public static WebApplication UseWebChatEdge(this WebApplication app)
    {
        app.UseWhen(
            http => http.Request.Path.Equals(TokenPath, StringComparison.OrdinalIgnoreCase)
                || http.Request.Path.Equals(WidgetPath, StringComparison.OrdinalIgnoreCase),
            branch => branch.UseCors(CorsPolicy));
        app.UseRateLimiter();
        return app;
    }

    public static WebApplication MapWebChat(this WebApplication app)
    {
        app.MapPost(TokenPath, IssueTokenAsync)
            .RequireRateLimiting(TokenRateLimitPolicy)
            .WithName("WebChatToken");
        return app;
    }

    private static async Task<IResult> IssueTokenAsync(HttpContext http, IWebChatTokenSource tokens, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        // Tokens are per user and short-lived: no cache may keep one.
        http.Response.Headers.CacheControl = "no-store";
        var builtInDomain = new Uri($"{PublicAddress.Of(http.Request)}/v3/directline");
        try
        {
            var token = await tokens.IssueAsync(AnonymousUser.NewId(), builtInDomain, cancellationToken).ConfigureAwait(false);
            return Results.Ok(token);
        }
        catch (Exception e) when (e is WebChatTokenException or HttpRequestException)
        {
            loggers.CreateLogger("HelpBot.WebChat").LogError("Could not mint a Web Chat token: {Reason}", e.Message);
            return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "The chat service is not available right now. Please call the HMS IT Service Desk at 617-432-2000.");
        }
    }
}
