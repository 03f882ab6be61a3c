using HelpBot.Bot.Hosting;
using HelpBot.Bot.Storage;
using LiteDB;

namespace HelpBot.Bench;

/// <summary>
/// Fills a fresh HelpBot database with many stored conversations before the host under test starts: one real
/// conversation is run through the real host up to the SafeCode channel prompt (so its state holds a dialog stack
/// several levels deep, as a user who walked away mid-unlock leaves it), and its conversation and user state
/// documents are copied under new ids.
/// </summary>
public static class StateSeeder
{
    /// <returns>What is stored: documents in the state collection and the database file's size.</returns>
    public static async Task<string> SeedAsync(string dataDirectory, int conversations, CancellationToken cancellationToken)
    {
        const string Conversation = "seed-conversation-template";
        const string User = "seed-user-template";
        var app = HelpBotHost.Build(HelpBotArgs.For(dataDirectory, quietLogs: true));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var client = new BotClient(http, HelpBotArgs.Address(app));
            foreach (var text in new[] { "hello", "I'm locked out of my account", "nobody123456" })
            {
                var turn = await client.SendAsync(Conversation, User, text, cancellationToken).ConfigureAwait(false);
                if (!turn.Ok)
                {
                    throw new InvalidOperationException($"Seeding: the template conversation failed at '{text}': {turn.Error ?? turn.Status?.ToString()}");
                }
            }
        }
        finally
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }

        using var database = new HelpBotDatabase(Path.Combine(dataDirectory, "helpbot.db"));
        var states = database.GetCollection(LiteDbStorage.CollectionName);
        var templates = states.FindAll().Where(d => d["_id"].AsString.Contains(Conversation, StringComparison.Ordinal) || d["_id"].AsString.Contains(User, StringComparison.Ordinal)).ToList();
        if (templates.Count == 0)
        {
            throw new InvalidOperationException("Seeding: the template conversation left no state.");
        }
        const int Batch = 1000;
        for (var start = 0; start < conversations; start += Batch)
        {
            var copies = new List<BsonDocument>();
            for (var i = start; i < Math.Min(conversations, start + Batch); i++)
            {
                var (c, u) = ($"seed-{i:D6}-{Guid.NewGuid():N}", $"seed-user-{i:D6}");
                foreach (var template in templates)
                {
                    copies.Add(new BsonDocument
                    {
                        ["_id"] = template["_id"].AsString.Replace(Conversation, c, StringComparison.Ordinal).Replace(User, u, StringComparison.Ordinal),
                        ["etag"] = Guid.NewGuid().ToString("N"),
                        ["json"] = template["json"].AsString.Replace(Conversation, c, StringComparison.Ordinal).Replace(User, u, StringComparison.Ordinal),
                    });
                }
            }
            states.InsertBulk(copies);
        }
        database.Database.Checkpoint();
        return FormattableString.Invariant($"{states.Count()} state documents ({templates.Count} per conversation), database file {new FileInfo(Path.Combine(dataDirectory, "helpbot.db")).Length / 1048576.0:F1} MiB");
    }
}
