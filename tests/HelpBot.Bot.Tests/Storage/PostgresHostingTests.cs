using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HelpBot.Bot.Tests.Hosting;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.SafeCode;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>Two HelpBot instances with <c>Storage:Provider=Postgres</c> on one database: a conversation goes on whichever instance gets its next message.</summary>
public sealed class PostgresHostingTests(PostgresServerFixture fixture) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task AConversationStartedOnOneInstanceGoesOnWhereItWasOnTheOther()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:Postgres"] = fixture.Server.ConnectionString(fixture.Server.NewDatabase()),
        };
        using var a = new HelpBotFactory(settings);
        using var b = new HelpBotFactory(settings);
        using var clientA = a.CreateClient();
        using var clientB = b.CreateClient();

        var first = await SayAsync(clientA, "I'm locked out of my account");
        var second = await SayAsync(clientB, "jsmith");

        Assert.Contains(AccountTexts.AskIdentifier, first, StringComparison.Ordinal);
        // B knew the flow was waiting for a username: it goes on to the SafeCode, as A would have.
        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, second, StringComparison.Ordinal);
    }

    private static async Task<string> SayAsync(HttpClient client, string text)
    {
        using var response = await client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), Activities.Message("c-two-instances", text));
        response.EnsureSuccessStatusCode();
        var replies = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["activities"]!.AsArray();
        return string.Join("\n", replies.Select(r => (string?)r!["text"]));
    }
}
