using HelpBot.Bot.Adapters;
using HelpBot.Bot.Hosting;
using HelpBot.Bot.Storage;
using HelpBot.Dialogs.Messaging;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.DirectLine;

/// <summary>The built-in Direct Line 3.0 endpoint at /v3/directline: the subset of the protocol the official Web Chat needs (see <see cref="DirectLineEndpoints"/>).</summary>
public static class DirectLineSetup
{
    public const string Prefix = "/v3/directline";
    public const string CorsPolicy = "DirectLine";

    /// <summary>Headers Web Chat sends; Chromium blocks the request if X-Requested-With is not allowed.</summary>
    private static readonly string[] AllowedHeaders = ["Authorization", "Content-Type", "Accept", "X-Requested-With", "x-ms-bot-agent"];

    public static IServiceCollection AddDirectLine(this IServiceCollection services)
    {
        services.AddOptions<DirectLineOptions>().BindConfiguration(DirectLineOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DirectLineOptions>, DirectLineOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        // History in the shared LiteDB file (in memory too when Storage:Provider is Memory), so conversations survive a restart;
        // with Storage:Provider=Postgres in PostgreSQL, so a conversation resumes on any instance.
        services.TryAddSingleton<IDirectLineConversationStore>(sp => StorageSetup.UsesPostgres(sp)
            ? ActivatorUtilities.CreateInstance<HelpBot.Bot.Storage.Postgres.PostgresDirectLineConversationStore>(sp, StorageSetup.MigratedPostgres(sp))
            : ActivatorUtilities.CreateInstance<LiteDbDirectLineConversationStore>(sp));
        // With Scale:Redis, what one instance stores in a conversation reaches the sockets open on the others.
        services.TryAddSingleton<IDirectLineRelay>(sp => HelpBot.Bot.Scale.ScaleSetup.UsesRedis(sp)
            ? ActivatorUtilities.CreateInstance<HelpBot.Bot.Scale.RedisDirectLineRelay>(sp)
            : new NoDirectLineRelay());
        services.AddSingleton<DirectLineSigningKey>();
        services.AddSingleton<DirectLineTokens>();
        services.AddSingleton<DirectLineConversations>();
        services.AddSingleton<IRetainedData, DirectLineRetention>();
        services.AddSingleton<DirectLineAdapter>();
        // Proactive messages (the reset page's "password changed", agents later) reach Web Chat conversations through it.
        services.AddSingleton<IProactiveChannel>(sp => new BotAdapterProactiveChannel(sp.GetRequiredService<DirectLineAdapter>(), null, BotAdapterProactiveChannel.IsDirectLine));

        // Cross-origin calls only from the sites allowed to embed the widget (WebChat:AllowedOrigins); none: same origin only.
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<WebChatOptions>>((cors, webChat) =>
            cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins(webChat.Value.AllowedOrigins.Select(o => o.TrimEnd('/')).ToArray())
                .WithMethods("GET", "POST", "OPTIONS")
                .WithHeaders(AllowedHeaders)
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        return services;
    }

    public static WebApplication MapDirectLine(this WebApplication app)
    {
        // Load or create the signing key now, so an unreadable key file stops start-up instead of the first chat.
        app.Services.GetRequiredService<DirectLineSigningKey>();
        DirectLineEndpoints.Map(app.MapGroup(Prefix).RequireCors(CorsPolicy).WithTags("DirectLine"));
        return app;
    }
}
