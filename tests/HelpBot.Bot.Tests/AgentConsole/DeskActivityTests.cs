using HelpBot.Bot.AgentConsole;
using HelpBot.Bot.Tests.Storage;
using Microsoft.Extensions.Time.Testing;

namespace HelpBot.Bot.Tests.AgentConsole;

/// <summary>The containment denominator: which conversations were active when, kept to the minute.</summary>
public sealed class DeskActivityTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 14, 0, 0, TimeSpan.Zero);

    private readonly TempDatabaseFolder _folder = new();
    private readonly HelpBotDatabaseHolder _db;
    private readonly FakeTimeProvider _time = new(T0);

    public DeskActivityTests() => _db = new HelpBotDatabaseHolder(_folder);

    public void Dispose()
    {
        _db.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void AConversationCountsAsActiveUntilAMinuteAfterItsLastMessage_WhateverHowManyMessagesCame()
    {
        using var activity = new DeskActivity(_db.Database, _time);
        activity.Record("directline", "busy");
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            activity.Record("directline", "busy");
        }
        activity.Record("msteams", "quiet");

        // Messages within a minute of the last one written are not written again: the last time stays T0.
        Assert.Contains(activity.ActiveSince(T0), a => a.ConversationId == "busy");
        Assert.DoesNotContain(activity.ActiveSince(T0.AddSeconds(30)), a => a.ConversationId == "busy");
        Assert.Contains(activity.ActiveSince(T0.AddSeconds(30)), a => a is { ConversationId: "quiet", Channel: "msteams" });

        // A message a minute or more after the one written moves it on.
        _time.Advance(TimeSpan.FromSeconds(20));
        activity.Record("directline", "busy");
        Assert.Contains(activity.ActiveSince(_time.GetUtcNow()), a => a.ConversationId == "busy");

        // Another process (a restart) counts it from the file.
        using var restarted = new DeskActivity(_db.Database, _time);
        Assert.Equal(2, restarted.ActiveSince(T0).Count);
    }

    [Theory]
    [InlineData(2_000)] // longer than LiteDB's index key
    [InlineData(-1)]    // a lone surrogate: not encodable as UTF-8
    public void ANoteLiteDbRefusesIsDroppedAlone_TheOthersAreWrittenThenAndLater(int badLength)
    {
        var bad = badLength > 0 ? new string('x', badLength) : "bad\ud800id";
        using var activity = new DeskActivity(_db.Database, _time);
        activity.Record("directline", "good-1");
        activity.Record("directline", bad);

        _time.Advance(DeskActivity.FlushInterval); // the timer's flush: must not throw (it would end the process)
        activity.Record("msteams", "good-2");

        var active = activity.ActiveSince(T0).Select(a => a.ConversationId).ToList();
        Assert.Equal(["good-1", "good-2"], active.Order());
    }

    [Fact]
    public void NotesAreWrittenWithinASecondWithoutAnyoneAsking_AndWhenTheHostStops()
    {
        var documents = _db.Database.GetCollection(DeskActivity.CollectionName);
        var activity = new DeskActivity(_db.Database, _time);
        activity.Record("directline", "c1");
        Assert.Equal(0, documents.Count());

        _time.Advance(DeskActivity.FlushInterval);
        Assert.Equal(1, documents.Count());

        activity.Record("directline", "c2");
        activity.Dispose();
        Assert.Equal(2, documents.Count());
    }
}
