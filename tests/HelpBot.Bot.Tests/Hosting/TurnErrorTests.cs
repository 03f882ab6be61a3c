using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HelpBot.Bot.Adapters;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
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

    [Fact]
    public async Task AMessageThatCannotBeDeliveredLeavesTheFlowInThatChatAsItWas()
    {
        // A reminder or an agent's reply to a chat whose channel is unreachable (here: nothing listens on port 9).
        using var factory = new HelpBotFactory();
        using var client = factory.CreateClient();

        async Task<string> SayAsync(string text)
        {
            var response = await client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), Activities.Message("c-undeliverable", text));
            return await response.Content.ReadAsStringAsync();
        }

        await SayAsync("I'm locked out of my account");
        Assert.Contains("text", await SayAsync("jsmith"), StringComparison.OrdinalIgnoreCase);
        var chat = new ConversationReference
        {
            ChannelId = "test",
            ServiceUrl = "http://127.0.0.1:9/",
            Conversation = new ConversationAccount(id: "c-undeliverable"),
            User = new ChannelAccount("u-test"),
            Bot = new ChannelAccount("helpbot"),
        };

        var messenger = factory.Services.GetRequiredService<IProactiveMessenger>();
        // The sender learns that it failed (a reminder is then not marked as sent, and is tried again later).
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => messenger.SendAsync(chat, MessageFactory.Text("Your password expires in 3 days.")));
        var afterwards = await SayAsync("text");

        // The unlock flow is still waiting for the channel: the code goes out, no apology, no fresh start.
        Assert.Contains("SafeCode", afterwards, StringComparison.Ordinal);
        Assert.DoesNotContain(TurnErrorHandler.Apology, afterwards, StringComparison.Ordinal);
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
