using HelpBot.Bot.Handoff;
using HelpBot.Bot.Storage;
using HelpBot.Bot.Tests.Storage;
using HelpBot.Dialogs.Handoff;

namespace HelpBot.Bot.Tests.Handoff;

/// <summary>The escalation contract on a real LiteDB file, and what only a file does: a restart, a file shared between processes.</summary>
public sealed class LiteDbEscalationStoreTests : EscalationStoreContractTests, IDisposable
{
    private readonly TempDatabaseFolder _folder = new();
    private readonly HelpBotDatabaseHolder _db;
    private readonly LiteDbEscalationStore _store;

    public LiteDbEscalationStoreTests()
    {
        _db = new HelpBotDatabaseHolder(_folder);
        _store = new LiteDbEscalationStore(_db.Database);
    }

    protected override IEscalationStore Store => _store;

    [Fact]
    public async Task TheOpenEscalationOfAConversationIsFoundAfterARestart_AndOthersHaveNone()
    {
        var open = await _store.CreateAsync(Request("c-open"), T0);

        _db.Dispose();
        using var reopened = _folder.Open();
        var store = new LiteDbEscalationStore(reopened);
        Assert.Equal(open.Ticket, (await store.FindOpenByConversationAsync("c-open"))?.Ticket);
        Assert.Null(await store.FindOpenByConversationAsync("c-never"));
        var later = await store.CreateAsync(Request("c-later"), T0.AddMinutes(1));
        Assert.Equal(later.Ticket, (await store.FindOpenByConversationAsync("c-later"))?.Ticket);
        Assert.True(await store.CancelAsync(open.Ticket, T0.AddMinutes(2)));
        Assert.Null(await store.FindOpenByConversationAsync("c-open"));
    }

    [Fact]
    public async Task WithAFileSharedBetweenProcessesAnEscalationTheOtherOneCreatedIsFound()
    {
        _db.Dispose();
        using var ours = new HelpBotDatabase(_folder.DatabasePath, LiteDB.ConnectionType.Shared);
        using var theirs = new HelpBotDatabase(_folder.DatabasePath, LiteDB.ConnectionType.Shared);
        var bot = new LiteDbEscalationStore(ours);
        Assert.Null(await bot.FindOpenByConversationAsync("c-elsewhere"));

        var created = await new LiteDbEscalationStore(theirs).CreateAsync(Request("c-elsewhere"), T0);

        Assert.Equal(created.Ticket, (await bot.FindOpenByConversationAsync("c-elsewhere"))?.Ticket);
    }

    [Fact]
    public async Task TicketNumbersGoOnAfterARestart()
    {
        await _store.CreateAsync(Request("c1"), T0);
        await _store.CreateAsync(Request("c2"), T0.AddMinutes(1));

        _db.Dispose();
        using var reopened = _folder.Open();
        var store = new LiteDbEscalationStore(reopened);
        Assert.Equal("HD-000003", (await store.CreateAsync(Request("c3"), T0.AddMinutes(2))).Ticket);
        Assert.Equal("c1", (await store.GetAsync("HD-000001"))?.ConversationId);
    }

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }
}
