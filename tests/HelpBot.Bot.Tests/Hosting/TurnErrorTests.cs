using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HelpBot.Bot.Adapters;
using HelpBot.Dialogs.SafeCode;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Bot.Tests.Hosting;

public class TurnErrorTests
{
    [Fact]
    public async Task AFailingTurnApologisesWithTheServiceDeskAndTheNextMessageWorks()
    {
        using var factory = new HelpBotFactory();
        using var broken = factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ISafeCodeService, ExplodingSafeCodes>()));
        using var client = broken.CreateClient();

        async Task<List<string>> SayAsync(string text)
        {
            var response = await client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), Activities.Message("c-error", text));
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            return body["activities"]!.AsArray().Select(a => a!["text"]?.ToString() ?? a!["attachments"]?.ToJsonString() ?? "").ToList();
        }

        await SayAsync("I'm locked out of my account");
        await SayAsync("jsmith");
        var failed = await SayAsync("text");
        var after = await SayAsync("what is a safecode");

        Assert.Contains(TurnErrorHandler.Apology, failed);
        Assert.Contains("617-432-2000", TurnErrorHandler.Apology, StringComparison.Ordinal);
        // The broken flow is gone; the conversation itself carries on.
        Assert.Contains(after, a => a.Contains("What is SafeCode?", StringComparison.Ordinal));
    }

    private sealed class ExplodingSafeCodes : ISafeCodeService
    {
        public TimeSpan CodeLifetime => SafeCodeOptions.DefaultLifetime;

        public Task<SafeCodeTicket> SendAsync(SafeCodeRequest request, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("simulated failure");

        public Task<SafeCodeVerification> VerifyAsync(string challengeId, string conversationId, SafeCodePurpose purpose, string code, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("simulated failure");
    }
}
