using System.Net;
using System.Text.Json;
using HelpBot.Bot.AgentConsole;
using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.Recognition;

namespace HelpBot.Bot.Tests.AgentConsole;

/// <summary>
/// The console shows people's words, not internal names: the intent and the channel in words ("Asked for a person",
/// "Web chat"), and a site icon instead of a 404 on every page.
/// </summary>
public sealed class ConsoleWordsTests
{
    private static readonly DateTimeOffset Earlier = DateTimeOffset.UtcNow.AddMinutes(-5);

    [Fact]
    public async Task TheTicketAndTheQueueCarryTheIntentAndTheChannelInWords()
    {
        await using var host = new ConsoleHost();
        var dana = await host.SignInAsync();
        var ticket = (await host.EscalateAsync("words", Earlier)).Ticket;

        using var detail = await dana.SendAsync(HttpMethod.Get, $"/agent/api/escalations/{ticket}");
        var view = JsonDocument.Parse(await detail.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Asked for a person", view.GetProperty("intentWords").GetString());
        Assert.Equal("Web chat", view.GetProperty("channelWords").GetString());

        using var queue = await dana.SendAsync(HttpMethod.Get, "/agent/api/queue");
        var item = JsonDocument.Parse(await queue.Content.ReadAsStringAsync()).RootElement.GetProperty("waiting")
            .EnumerateArray().Single(i => i.GetProperty("ticket").GetString() == ticket);
        Assert.Equal("Asked for a person", item.GetProperty("intentWords").GetString());
        Assert.Equal("Web chat", item.GetProperty("channelWords").GetString());
    }

    [Theory]
    [InlineData("directline", "Web chat")]
    [InlineData("webchat", "Web chat")]
    [InlineData("msteams", "Teams")]
    [InlineData("emulator", "Bot Framework Emulator")]
    [InlineData("", "Unknown")]
    [InlineData("slack", "Slack")]
    public void ChannelsInWords(string channel, string words) => Assert.Equal(words, ConsoleTexts.ChannelInWords(channel));

    [Fact]
    public void EveryIntentHasWordsWithoutUnderscores()
    {
        foreach (var intent in Intents.All)
        {
            var words = ConsoleTexts.IntentInWords(intent);
            Assert.True(ConsoleTexts.IntentWords.ContainsKey(intent), $"{intent} has no words for agents");
            Assert.DoesNotContain("_", words, StringComparison.Ordinal);
        }
        Assert.Equal("Asked for a person", ConsoleTexts.IntentInWords(Intents.TalkToAgent));
        Assert.Equal("Safecode blocked", ConsoleTexts.IntentInWords("safecode_blocked"));
        Assert.Equal("—", ConsoleTexts.IntentInWords(""));
    }

    [Fact]
    public async Task EveryReasonHasWordsAndTheConsoleScriptsSayTheSame()
    {
        await using var host = new ConsoleHost();
        var dana = await host.SignInAsync();
        using var console = await dana.SendAsync(HttpMethod.Get, "/agent/assets/console.js");
        using var metrics = await dana.SendAsync(HttpMethod.Get, "/agent/assets/metrics.js");
        var scripts = new[] { await console.Content.ReadAsStringAsync(), await metrics.Content.ReadAsStringAsync() };

        foreach (var reason in Enum.GetValues<EscalationReason>())
        {
            Assert.True(ConsoleTexts.ReasonWords.TryGetValue(reason, out var words), $"{reason} has no words for agents");
            // The Teams desk card (from ConsoleTexts) and the console's pages (their own map) agree.
            Assert.All(scripts, script => Assert.Contains($"{reason}: \"{words}\"", script, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task TheConsolePageHidesTransferUntilThereIsSomeoneAndLinksTheIcon()
    {
        await using var host = new ConsoleHost();
        var dana = await host.SignInAsync();

        using var page = await dana.SendAsync(HttpMethod.Get, "/agent");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Contains("<div id=\"transfer-box\" hidden>", html, StringComparison.Ordinal);
        Assert.Contains("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">", html, StringComparison.Ordinal);
        // The icon is same-origin, which the console's policy allows for images.
        Assert.Contains("img-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/favicon.ico")]
    [InlineData("/favicon.svg")]
    public async Task TheIconIsServedWithoutSigningIn(string path)
    {
        await using var host = new ConsoleHost();
        using var client = host.Client();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        var svg = await response.Content.ReadAsStringAsync();
        Assert.Contains("#A51C30", svg, StringComparison.Ordinal);
        Assert.Contains(">HB</text>", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", svg, StringComparison.OrdinalIgnoreCase);
    }
}
