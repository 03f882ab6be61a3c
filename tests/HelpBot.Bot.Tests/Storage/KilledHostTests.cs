using HelpBot.Bot.Tests.DirectLine;
using HelpBot.Tests.Shared;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>
/// Issue 19: a turn HelpBot has acknowledged is durable on the embedded LiteDB default. The host is killed with SIGKILL
/// (no clean stop, nothing flushed on the way out) the moment it has answered, and started again on the same data folder.
/// </summary>
public sealed class KilledHostTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("helpbot-killed-host-").FullName;

    [Fact]
    public async Task ATurnAnsweredJustBeforeAKillIsKept_AndTheUserGoesOnAfterTheRestart()
    {
        var settings = new Dictionary<string, string?> { ["Handoff:ServiceHours"] = "24/7" };
        string conversation, bearer, user, lastAnswered;
        using (var first = await HelpBotProcess.StartAsync(settings, _data))
        {
            (bearer, user) = await first.MintWebChatTokenAsync();
            var started = await first.SendAsync(HttpMethod.Post, "/v3/directline/conversations", bearer, "{\"user\":{}}");
            conversation = (string)started["conversationId"]!;
            await first.PostMessageAsync(conversation, bearer, user, "I'm locked out of my eCommons account");
            lastAnswered = await first.PostMessageAsync(conversation, bearer, user, "my username is jsmith");
            // The POST has answered: the turn is done. Kill at once, before any timer or checkpoint could run.
            first.Kill();
        }

        using var second = await HelpBotProcess.StartAsync(settings, _data);
        // The reply to the last message before the kill is still in the conversation the page reloads.
        var history = await second.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{conversation}/activities", bearer);
        var activities = history["activities"]!.AsArray().Select(a => a!.AsObject()).ToList();
        Assert.Contains(activities, a => DirectLineHost.IsBotMessage(a) && (string?)a["replyToId"] == lastAnswered);

        // And the flow is where it was: the username is known, so choosing how to get the code sends it.
        var outbox = new OutboxFile(Path.Combine(_data, "outbox.jsonl"));
        var before = outbox.Read().Count(m => (string?)m["to"] == "+16175550101");
        await second.PostMessageAsync(conversation, bearer, user, "text me");
        var sent = await outbox.WaitForAsync("+16175550101", after: before, timeout: TimeSpan.FromSeconds(60));
        Assert.Matches(@"(?<!\d)\d{6}(?!\d)", (string)sent["text"]!);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A file still closing: the temporary folder is left behind.
        }
    }
}
