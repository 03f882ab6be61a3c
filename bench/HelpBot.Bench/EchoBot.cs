using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace HelpBot.Bench;

/// <summary>
/// The baseline: the smallest bot on the same SDK (4.23.1) and the same kind of host — CloudAdapter, an ActivityHandler
/// that echoes, and ConversationState on MemoryStorage, loaded and saved every turn (a turn counter).
/// </summary>
public static class EchoServer
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // As a bot template's appsettings would have it: no per-request Information logs from hosting or the SDK.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Bot", LogLevel.Warning);
        builder.Services.AddSingleton<BotFrameworkAuthentication, ConfigurationBotFrameworkAuthentication>();
        builder.Services.AddSingleton<IBotFrameworkHttpAdapter>(sp => new CloudAdapter(
            sp.GetRequiredService<BotFrameworkAuthentication>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger<CloudAdapter>()));
        builder.Services.AddSingleton<IStorage, MemoryStorage>();
        builder.Services.AddSingleton<ConversationState>();
        builder.Services.AddSingleton<IBot>(sp => new EchoBot(sp.GetRequiredService<ConversationState>()));
        var app = builder.Build();
        app.MapPost("/api/messages", (HttpRequest request, HttpResponse response, IBotFrameworkHttpAdapter adapter, IBot bot, CancellationToken ct) =>
            adapter.ProcessAsync(request, response, bot, ct));
        return app;
    }

    private sealed class EchoBot(ConversationState state) : ActivityHandler
    {
        private readonly IStatePropertyAccessor<int> _turns = state.CreateProperty<int>("turns");

        public override async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
        {
            await base.OnTurnAsync(turnContext, cancellationToken).ConfigureAwait(false);
            await state.SaveChangesAsync(turnContext, false, cancellationToken).ConfigureAwait(false);
        }

        protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken)
        {
            var turns = await _turns.GetAsync(turnContext, () => 0, cancellationToken).ConfigureAwait(false) + 1;
            await _turns.SetAsync(turnContext, turns, cancellationToken).ConfigureAwait(false);
            await turnContext.SendActivityAsync(MessageFactory.Text($"Echo ({turns}): {turnContext.Activity.Text}"), cancellationToken).ConfigureAwait(false);
        }
    }
}
