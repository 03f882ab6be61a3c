using HelpBot.Bot.Adapters;
using HelpBot.Bot.Storage;
using HelpBot.Dialogs;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Logging.Abstractions;
using Newtonsoft.Json.Linq;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>The Bot Framework's own BotState (ConversationState and typed accessors) on LiteDbStorage over a real file.</summary>
public sealed class BotStateOnLiteDbTests : IDisposable
{
    private readonly TempDatabaseFolder _folder = new();
    private readonly ConversationReference _conversation = TestAdapter.CreateConversation("botstate-on-litedb");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ConversationStateSurvivesTurnsAndANewStorageOnTheSameFile()
    {
        using (var database = _folder.Open())
        {
            var state = new ConversationState(new LiteDbStorage(database));
            await new TestFlow(AdapterWith(state), CountVisits(state))
                .Send("hello").AssertReply("visit 1: hello")
                .Send("again").AssertReply("visit 2: hello, again")
                .StartTestAsync();
        }

        // A process restart: the file is closed, then a new database, storage and ConversationState open it.
        using (var reopened = _folder.Open())
        {
            var state = new ConversationState(new LiteDbStorage(reopened));
            await new TestFlow(AdapterWith(state), CountVisits(state))
                .Send("back").AssertReply("visit 3: hello, again, back")
                .StartTestAsync();
        }
    }

    [Fact]
    public async Task HandoffMemoryAnEarlierVersionSavedAsAnObjectIsReadAfterARestart_AndThenSavedAsText()
    {
        var adapter = new TestAdapter(_conversation);
        using (var database = _folder.Open())
        {
            var state = new ConversationState(new LiteDbStorage(database));
            using var turn = new TurnContext(adapter, Message(adapter, "talk to a person"));
            await state.CreateProperty<Dialogs.Handoff.HandoffConversation>(Dialogs.Handoff.HandoffMemory.PropertyName).SetAsync(turn,
                new Dialogs.Handoff.HandoffConversation { Ticket = "HD-000042", Recent = [new() { Text = "talk to a person" }] });
            await state.SaveChangesAsync(turn);
        }

        for (var restart = 0; restart < 2; restart++)
        {
            using var database = _folder.Open();
            var state = new ConversationState(new LiteDbStorage(database));
            using var turn = new TurnContext(adapter, Message(adapter, "still there?"));
            var memory = new Dialogs.Handoff.HandoffMemory(state);
            var conversation = await memory.GetAsync(turn);
            Assert.Equal("HD-000042", conversation.Ticket);
            Assert.Equal(["talk to a person", .. Enumerable.Repeat("still there?", restart)], conversation.Recent.Select(r => r.Text));
            conversation.Recent.Add(new() { Text = "still there?" });
            await memory.StoreAsync(turn);
            await state.SaveChangesAsync(turn);
        }
    }

    [Fact]
    public async Task TwoTurnsSavingTheSameConversationConflictInsteadOfLosingAnUpdate()
    {
        using var database = _folder.Open();
        var storage = new LiteDbStorage(database);
        var adapter = new TestAdapter(_conversation);
        await SeedVisits(storage, adapter, 1);

        // Two turns of one conversation in flight at once (say two instances of the bot): both load visit 1.
        var first = new ConversationState(storage);
        var second = new ConversationState(storage);
        using var firstTurn = new TurnContext(adapter, Message(adapter, "first"));
        using var secondTurn = new TurnContext(adapter, Message(adapter, "second"));
        var firstVisits = await Visits(first).GetAsync(firstTurn, () => new VisitLog());
        var secondVisits = await Visits(second).GetAsync(secondTurn, () => new VisitLog());
        firstVisits.Count++;
        secondVisits.Count += 10;
        await Visits(first).SetAsync(firstTurn, firstVisits);
        await Visits(second).SetAsync(secondTurn, secondVisits);

        await first.SaveChangesAsync(firstTurn);
        var conflict = await Assert.ThrowsAsync<StorageConflictException>(() => second.SaveChangesAsync(secondTurn));

        Assert.Equal($"test/conversations/{_conversation.Conversation.Id}", conflict.Key);
        Assert.Equal(2, (await LoadVisits(storage, adapter)).Count);
    }

    [Fact]
    public async Task SavingTwiceInOneTurnDoesNotConflictWithItself()
    {
        using var database = _folder.Open();
        var storage = new LiteDbStorage(database);
        var adapter = new TestAdapter(_conversation);
        await SeedVisits(storage, adapter, 1);
        var state = new ConversationState(storage);
        using var turn = new TurnContext(adapter, Message(adapter, "hi"));

        var visits = await Visits(state).GetAsync(turn, () => new VisitLog());
        visits.Count = 2;
        await Visits(state).SetAsync(turn, visits);
        await state.SaveChangesAsync(turn);
        visits.Count = 3;
        await state.SaveChangesAsync(turn);

        Assert.Equal(3, (await LoadVisits(storage, adapter)).Count);
    }

    [Fact]
    public async Task AfterAConflictTheTurnErrorHandlerClearsTheDialogStackAndKeepsTheRest()
    {
        using var database = _folder.Open();
        var storage = new LiteDbStorage(database);
        var adapter = new TestAdapter(_conversation);
        var seed = new ConversationState(storage);
        using (var turn = new TurnContext(adapter, Message(adapter, "seed")))
        {
            await seed.CreateProperty<object>(ConversationStateKeys.DialogStack).SetAsync(turn, JObject.Parse("""{"frames":["unlock"]}"""));
            await Visits(seed).SetAsync(turn, new VisitLog { Count = 1 });
            await seed.SaveChangesAsync(turn);
        }
        var winner = new ConversationState(storage);
        var loser = new ConversationState(storage);
        using var winnerTurn = new TurnContext(adapter, Message(adapter, "winner"));
        using var loserTurn = new TurnContext(adapter, Message(adapter, "loser"));
        await Visits(winner).SetAsync(winnerTurn, new VisitLog { Count = 2 });
        await Visits(loser).SetAsync(loserTurn, new VisitLog { Count = 99 });
        await winner.SaveChangesAsync(winnerTurn);
        var conflict = await Assert.ThrowsAsync<StorageConflictException>(() => loser.SaveChangesAsync(loserTurn));

        await new TurnErrorHandler(loser, NullLogger<TurnErrorHandler>.Instance).HandleAsync(loserTurn, conflict);

        var stored = (IDictionary<string, object>)(await storage.ReadAsync([$"test/conversations/{_conversation.Conversation.Id}"])).Values.Single();
        Assert.False(stored.ContainsKey(ConversationStateKeys.DialogStack));
        Assert.Equal(2, (await LoadVisits(storage, adapter)).Count);
    }

    [Fact]
    public async Task AStateObjectChangedInPlaceAfterAReloadIsSavedOnlyWithSetAsync()
    {
        // No type names are stored, so a reloaded property is a JObject that the SDK's accessor turns into a new T
        // each time (JObject.ToObject<T>) without keeping it: changing that copy changes nothing that BotState saves.
        // MemoryStorage, which stores type names, hands back the same object. Flows must call SetAsync after a change.
        using var database = _folder.Open();
        var storage = new LiteDbStorage(database);
        var adapter = new TestAdapter(_conversation);
        await SeedVisits(storage, adapter, 1);

        var inPlace = new ConversationState(storage);
        using (var turn = new TurnContext(adapter, Message(adapter, "in place")))
        {
            (await Visits(inPlace).GetAsync(turn, () => new VisitLog())).Count = 2;
            await inPlace.SaveChangesAsync(turn);
        }
        Assert.Equal(1, (await LoadVisits(storage, adapter)).Count);

        var withSet = new ConversationState(storage);
        using (var turn = new TurnContext(adapter, Message(adapter, "with SetAsync")))
        {
            var visits = await Visits(withSet).GetAsync(turn, () => new VisitLog());
            visits.Count = 2;
            await Visits(withSet).SetAsync(turn, visits);
            await withSet.SaveChangesAsync(turn);
        }
        Assert.Equal(2, (await LoadVisits(storage, adapter)).Count);
    }

    private static Activity Message(TestAdapter adapter, string text)
    {
        var activity = adapter.MakeActivity(text);
        activity.ChannelId = adapter.Conversation.ChannelId;
        return activity;
    }

    private TestAdapter AdapterWith(ConversationState state) =>
        (TestAdapter)new TestAdapter(_conversation).Use(new AutoSaveStateMiddleware(state));

    /// <summary>A bot that keeps a typed POCO in ConversationState: after a reload the SDK reads it back from plain JSON.</summary>
    private static BotCallbackHandler CountVisits(ConversationState state) => async (turn, cancellationToken) =>
    {
        var visits = await Visits(state).GetAsync(turn, () => new VisitLog(), cancellationToken);
        visits.Count++;
        visits.Messages.Add(turn.Activity.Text);
        visits.LastSeen = DateTimeOffset.UnixEpoch.AddDays(visits.Count);
        // Needed: after a reload the accessor hands out a copy (see AStateObjectChangedInPlaceAfterAReloadIsSavedOnlyWithSetAsync).
        await Visits(state).SetAsync(turn, visits, cancellationToken);
        await turn.SendActivityAsync($"visit {visits.Count}: {string.Join(", ", visits.Messages)}", cancellationToken: cancellationToken);
    };

    private static IStatePropertyAccessor<VisitLog> Visits(ConversationState state) => state.CreateProperty<VisitLog>(nameof(VisitLog));

    private static async Task SeedVisits(IStorage storage, TestAdapter adapter, int count)
    {
        var state = new ConversationState(storage);
        using var turn = new TurnContext(adapter, Message(adapter, "seed"));
        await Visits(state).SetAsync(turn, new VisitLog { Count = count });
        await state.SaveChangesAsync(turn);
    }

    private static async Task<VisitLog> LoadVisits(IStorage storage, TestAdapter adapter)
    {
        var state = new ConversationState(storage);
        using var turn = new TurnContext(adapter, Message(adapter, "check"));
        return await Visits(state).GetAsync(turn, () => new VisitLog());
    }

    public sealed class VisitLog
    {
        public int Count { get; set; }
        public List<string> Messages { get; set; } = [];
        public DateTimeOffset LastSeen { get; set; }
    }
}
