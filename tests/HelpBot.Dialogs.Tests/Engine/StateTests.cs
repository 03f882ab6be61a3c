using System.Text.Json.Nodes;
using HelpBot.Dialogs.Engine;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.Tests.Engine;

public class StateTests
{
    [Fact]
    public async Task TheStackIsStoredAsPlainJsonWithoutTypeNames()
    {
        var harness = new DialogHarness(() => new RootDialog());
        await harness.Flow()
            .Send("hi").AssertReply(ProfileFlow.AskName)
            .Send("Ada").AssertReply(ProfileFlow.AskAge)
            .StartTestAsync();

        var json = await harness.StoredStateJsonAsync();
        var stack = JObject.Parse(json)[ConversationStateKeys.DialogStack]!["stack"]!;
        Assert.Equal("RootDialog", (string?)stack[0]!["id"]);
        Assert.DoesNotContain("$type", json, StringComparison.Ordinal);
        Assert.Contains("\"name\": \"Ada\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NumbersInStoredStateAreReadWhateverTheirJsonShape()
    {
        // Another serialiser may hand back 1 as 1.0 or "1": the waterfall must still resume at the right step.
        var harness = new DialogHarness(() => new RootDialog());
        await harness.Flow()
            .Send("hi").AssertReply(ProfileFlow.AskName)
            .Send("Ada").AssertReply(ProfileFlow.AskAge)
            .StartTestAsync();

        await RewriteStoredStateAsync(harness, json => json
            .Replace("\"stepIndex\": 1", "\"stepIndex\": 1.0", StringComparison.Ordinal)
            .Replace("\"attemptCount\": 0", "\"attemptCount\": \"0\"", StringComparison.Ordinal));

        await harness.Flow()
            .Send("36").AssertReply(ProfileFlow.AskColour)
            .StartTestAsync();
    }

    [Fact]
    public async Task StateNamingADialogThatNoLongerExistsIsDroppedNotFatal()
    {
        var harness = new DialogHarness(() => new RootDialog());
        await harness.Flow().Send("hi").AssertReply(ProfileFlow.AskName).StartTestAsync();

        await RewriteStoredStateAsync(harness, json => json.Replace("\"ProfileFlow\"", "\"RemovedInAnUpgrade\"", StringComparison.Ordinal));

        await harness.Flow()
            .Send("hello").AssertReply(ProfileFlow.AskName)
            .StartTestAsync();
    }

    [Fact]
    public void DefensiveNumberReadingHandlesEveryShape()
    {
        Assert.Equal(3, StateJson.GetInt(JsonValue.Create(3)));
        Assert.Equal(3, StateJson.GetInt(JsonValue.Create(3L)));
        Assert.Equal(3, StateJson.GetInt(JsonValue.Create(3.0)));
        Assert.Equal(3, StateJson.GetInt(JsonValue.Create("3")));
        Assert.Equal(3, StateJson.GetInt(JsonNode.Parse("3.0")));
        Assert.Equal(7, StateJson.GetInt(JsonNode.Parse("\"x\""), fallback: 7));
        Assert.Equal(7, StateJson.GetInt(null, fallback: 7));
    }

    private static async Task RewriteStoredStateAsync(DialogHarness harness, Func<string, string> rewrite)
    {
        var key = $"{harness.Adapter.Conversation.ChannelId}/conversations/{harness.Adapter.Conversation.Conversation.Id}";
        var items = await harness.Storage.ReadAsync([key]);
        // Parsed through, so members stored as raw JSON text are indented like the rest.
        var state = JObject.Parse(JObject.FromObject(items[key]).ToString(Newtonsoft.Json.Formatting.None)).ToString();
        var changed = rewrite(state);
        Assert.NotEqual(state, changed);
        var rewritten = JObject.Parse(changed);
        rewritten.Remove("eTag");
        await harness.Storage.WriteAsync(new Dictionary<string, object> { [key] = rewritten });
    }
}
