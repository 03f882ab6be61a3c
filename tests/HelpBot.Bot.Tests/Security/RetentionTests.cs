using HelpBot.Bot.DirectLine;
using HelpBot.Bot.Storage;
using HelpBot.Bot.Teams;
using HelpBot.Bot.Tests.DirectLine;
using HelpBot.Bot.Tests.Storage;
using HelpBot.Dialogs.Audit;
using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.PasswordReset;
using HelpBot.Dialogs.Registration;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HelpBot.Bot.Tests.Security;

/// <summary>
/// Issue 15, finding 7: every kind of record has a retention period (section <c>Retention</c>, docs/operations.md), and a
/// background purge removes what is past it, on a real LiteDB file; recent records, and open tickets whatever their age, stay.
/// </summary>
public sealed class RetentionTests
{
    [Fact]
    public async Task Finding7_OldRecordsOfEveryKindArePurgedAndRecentOnesStay()
    {
        var clock = new ManualClock();
        using var factory = new HelpBotFactory(new Dictionary<string, string?> { ["Retention:Enabled"] = "false" });
        string path;
        HelpBotDatabase database;
        using (var app = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(clock))))
        {
            var services = app.Services;
            database = services.GetRequiredService<HelpBotDatabase>();
            path = database.Path;
            var challenges = services.GetRequiredService<ISafeCodeStore>();
            var links = services.GetRequiredService<IResetTokenStore>();
            var escalations = services.GetRequiredService<IEscalationStore>();
            var cards = services.GetRequiredService<IDeskCards>();
            var requests = services.GetRequiredService<IRegistrationRequests>();
            var changes = services.GetRequiredService<IPendingProfileChanges>();
            var audit = services.GetRequiredService<IAuditLog>();
            var webChats = services.GetRequiredService<IDirectLineConversationStore>();
            var state = services.GetRequiredService<IStorage>();

            // A year and more ago.
            var then = clock.GetUtcNow();
            await challenges.InsertChallengeAsync(Challenge("old-challenge", then));
            await links.AddAsync(Ticket("old-link", then));
            var resolved = await escalations.CreateAsync(EscalationStoreContractTests.Request("conv-resolved"), then);
            Assert.True(await escalations.ResolveAsync(resolved.Ticket, "agent", null, then));
            var cancelled = await escalations.CreateAsync(EscalationStoreContractTests.Request("conv-cancelled"), then);
            Assert.True(await escalations.CancelAsync(cancelled.Ticket, then));
            var open = await escalations.CreateAsync(EscalationStoreContractTests.Request("conv-open"), then);
            cards.Save(new DeskCard(resolved.Ticket, "activity-1", "thread-1"));
            cards.Save(new DeskCard(open.Ticket, "activity-2", "thread-2"));
            await requests.AddAsync(new RegistrationRequest { FamilyName = "Old", AffiliateEmail = "old@example.org", At = then });
            await changes.RecordAsync(Change("oldchange", then));
            await audit.WriteAsync(new AuditEntry { At = then, Action = "test.old", Outcome = "ok" });
            foreach (var id in new[] { "dl-quiet", "dl-revived" })
            {
                await webChats.CreateAsync(new DirectLineConversationRecord(id, "dl_user", null, then), default);
                await webChats.AppendAsync(id, new DirectLineHistoryEntry(1, "a1", """{"type":"message","text":"hello"}"""), 500, default);
            }
            await state.WriteAsync(new Dictionary<string, object>
            {
                ["directline/conversations/dl-quiet"] = new Dictionary<string, object> { ["x"] = 1 },
                ["directline/conversations/dl-revived"] = new Dictionary<string, object> { ["x"] = 1 },
            });

            // Two days before the purge, one of those Web Chat conversations is used again.
            clock.Advance(TimeSpan.FromDays(398));
            await webChats.AppendAsync("dl-revived", new DirectLineHistoryEntry(2, "a2", """{"type":"message","text":"back again"}"""), 500, default);
            clock.Advance(TimeSpan.FromDays(2));
            var now = clock.GetUtcNow();

            // Recent, each just inside its period.
            await challenges.InsertChallengeAsync(Challenge("recent-challenge", now - TimeSpan.FromHours(23) - TimeSpan.FromMinutes(10)));
            await links.AddAsync(Ticket("recent-link", now - TimeSpan.FromHours(23)));
            var recentlyResolved = await escalations.CreateAsync(EscalationStoreContractTests.Request("conv-recent"), now - TimeSpan.FromDays(89));
            Assert.True(await escalations.ResolveAsync(recentlyResolved.Ticket, "agent", null, now - TimeSpan.FromDays(89)));
            await requests.AddAsync(new RegistrationRequest { FamilyName = "Recent", AffiliateEmail = "recent@example.org", At = now - TimeSpan.FromDays(89) });
            await changes.RecordAsync(Change("recentchange", now - TimeSpan.FromDays(89)));
            await audit.WriteAsync(new AuditEntry { At = now - TimeSpan.FromDays(364), Action = "test.recent", Outcome = "ok" });
            await webChats.CreateAsync(new DirectLineConversationRecord("dl-new", "dl_user", null, now), default);

            var purged = await services.GetRequiredService<DataRetentionService>().RunOnceAsync(default);

            Assert.Null(await challenges.GetChallengeAsync("old-challenge"));
            Assert.NotNull(await challenges.GetChallengeAsync("recent-challenge"));
            Assert.Null(await links.FindAsync("old-link"));
            Assert.NotNull(await links.FindAsync("recent-link"));
            Assert.Null(await escalations.GetAsync(resolved.Ticket));
            Assert.Null(await escalations.GetAsync(cancelled.Ticket));
            Assert.NotNull(await escalations.GetAsync(open.Ticket));
            Assert.NotNull(await escalations.GetAsync(recentlyResolved.Ticket));
            Assert.Null(cards.Get(resolved.Ticket));
            Assert.NotNull(cards.Get(open.Ticket));
            Assert.Equal(["Recent"], (await requests.ReadAsync()).Select(r => r.FamilyName));
            Assert.Empty(await changes.ForAccountAsync("oldchange"));
            Assert.Single(await changes.ForAccountAsync("recentchange"));
            Assert.Equal(["test.recent"], (await audit.ReadAsync(limit: 1000)).Select(e => e.Action).Where(a => a.StartsWith("test.", StringComparison.Ordinal)));
            Assert.Null(await webChats.FindAsync("dl-quiet", default));
            Assert.NotNull(await webChats.FindAsync("dl-revived", default));
            Assert.Equal(2, (await webChats.ReadHistoryAsync("dl-revived", 500, default)).Count);
            Assert.NotNull(await webChats.FindAsync("dl-new", default));
            var kept = await state.ReadAsync(["directline/conversations/dl-quiet", "directline/conversations/dl-revived"]);
            Assert.Equal(["directline/conversations/dl-revived"], kept.Keys);
            Assert.True(purged >= 9, $"purged {purged}");
        }

        // In the file itself, once the host has let go of it: the quiet conversation's history is gone.
        await database.Closed.WaitAsync(TimeSpan.FromSeconds(60));
        var history = StoredEverywhere.DocumentsOf(path, LiteDbDirectLineConversationStore.ActivitiesCollection);
        Assert.DoesNotContain(history, d => d.Contains("\"dl-quiet\"", StringComparison.Ordinal));
        Assert.Equal(2, history.Count(d => d.Contains("\"dl-revived\"", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Finding7_ThePurgeRunsInTheBackgroundOnTheConfiguredInterval()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var factory = new HelpBotFactory();
        using var app = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<TimeProvider>(clock)));
        var audit = app.Services.GetRequiredService<IAuditLog>();
        await audit.WriteAsync(new AuditEntry { At = clock.GetUtcNow() - TimeSpan.FromDays(400), Action = "test.first", Outcome = "ok" });
        await audit.WriteAsync(new AuditEntry { At = clock.GetUtcNow() - TimeSpan.FromDays(10), Action = "test.recent", Outcome = "ok" });

        // The pass at start, or the next one: nobody calls it.
        clock.Advance(TimeSpan.FromHours(1));
        await WaitUntilGoneAsync(audit, "test.first");

        // Only the timer can remove this one: the pass at start is over.
        await audit.WriteAsync(new AuditEntry { At = clock.GetUtcNow() - TimeSpan.FromDays(400), Action = "test.second", Outcome = "ok" });
        clock.Advance(TimeSpan.FromHours(1));
        await WaitUntilGoneAsync(audit, "test.second");

        Assert.Contains(await audit.ReadAsync(limit: 1000), e => e.Action == "test.recent");
    }

    [Theory]
    [InlineData("Retention:Audit", "30.00:00:00")]
    [InlineData("Retention:DirectLineConversations", "00:10:00")]
    [InlineData("Retention:Interval", "00:00:01")]
    public void Finding7_ARetentionSettingOutOfRangeStopsTheStartNamingTheKey(string key, string value)
    {
        using var factory = new HelpBotFactory(new Dictionary<string, string?> { [key] = value });

        var failure = Assert.ThrowsAny<Exception>(() => factory.Server);

        Assert.Contains(key, Flatten(failure), StringComparison.Ordinal);
    }

    private static async Task WaitUntilGoneAsync(IAuditLog audit, string action)
    {
        for (var tries = 0; tries < 300; tries++)
        {
            if (!(await audit.ReadAsync(limit: 1000)).Any(e => e.Action == action))
            {
                return;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"The audit entry {action} was never purged.");
    }

    private static string Flatten(Exception e) => e is AggregateException all
        ? string.Join(" | ", all.InnerExceptions.Select(Flatten))
        : e.Message + (e.InnerException is { } inner ? " | " + Flatten(inner) : "");

    private static SafeCodeChallenge Challenge(string id, DateTimeOffset created) => new()
    {
        Id = id,
        Subject = "jsmith",
        ConversationId = "conv",
        Purpose = SafeCodePurpose.Unlock,
        CodeHash = [1, 2, 3],
        CreatedAt = created,
        ExpiresAt = created + TimeSpan.FromMinutes(10),
    };

    private static ResetTicket Ticket(string hash, DateTimeOffset issued) => new()
    {
        TokenHash = hash,
        Username = "jsmith",
        Reason = ResetReason.Forgotten,
        Conversation = "conv",
        IssuedAt = issued,
        ExpiresAt = issued + TimeSpan.FromMinutes(15),
    };

    private static PendingProfileChange Change(string username, DateTimeOffset at) => new()
    {
        Username = username,
        Kind = ProfileChangeKind.Email,
        NewValue = "new@example.org",
        RequestedAt = at,
    };
}
