using System.Globalization;
using HelpBot.Dialogs.GuestKeys;
using Microsoft.Extensions.DependencyInjection;
using static HelpBot.Dialogs.Tests.BotHarness;

namespace HelpBot.Dialogs.Tests.GuestKeys;

public sealed class MyGuestsFlowTests : IDisposable
{
    private readonly BotHarness _bot = new();

    [Fact]
    public async Task ASponsorListsTheirGuestsRevokesAnUnusedKeyExtendsAndEndsAccess()
    {
        var unused = await _bot.IssueAsync(lastName: "Okoye", sponsor: "akumar");
        var registered = await _bot.IssueAsync(lastName: "Lopez", sponsor: "akumar");
        var scope = AuditScope.System;
        var redemption = await _bot.Service().RedeemAsync("Lopez", registered.Key, scope);
        var username = await _bot.Service().RegisterAsync(redemption.Invitation!, scope);
        var someoneElses = await _bot.IssueAsync(lastName: "Byrne", sponsor: "jsmith");
        var newLastDay = _bot.Service().Today().AddDays(200);

        var user = await _bot.VerifiedSponsorAsync("akumar", opening: "my guests", afterVerified: r =>
        {
            var card = AllText(r);
            Assert.Equal("Your guests", CardTitle(r));
            Assert.Contains("Ana Okoye", card, StringComparison.Ordinal);
            Assert.Contains("issued, unused", card, StringComparison.Ordinal);
            Assert.Contains("Ana Lopez", card, StringComparison.Ordinal);
            Assert.Contains("used on", card, StringComparison.Ordinal);
            Assert.Contains(username, card, StringComparison.Ordinal);
            Assert.DoesNotContain("Byrne", card, StringComparison.Ordinal);
        });

        await _bot.Flow(user)
            .AssertReply(GuestKeyTexts.WhatNext)
            .Send(GuestKeyTexts.RevokeChoice).AssertReply(r => Assert.Equal(GuestKeyTexts.WhichGuest, Text(r)))
            .Send("Ana Okoye").AssertReply(GuestKeyTexts.Revoked("Ana Okoye"))
            .AssertReply(r => Assert.Contains("revoked", AllText(r), StringComparison.Ordinal))
            .AssertReply(GuestKeyTexts.WhatNext)
            .Send(GuestKeyTexts.ExtendChoice).AssertReply(GuestKeyTexts.WhichGuest)
            .Send("Ana Lopez").AssertReply(GuestKeyTexts.AskNewLastDay)
            .Send(_bot.Service().Today().AddYears(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .AssertReply(r => Assert.StartsWith("Guest access can last at most one year", Text(r), StringComparison.Ordinal))
            .Send(newLastDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).AssertReply(GuestKeyTexts.Extended("Ana Lopez", newLastDay))
            .AssertReply(_ => { })
            .AssertReply(GuestKeyTexts.WhatNext)
            .Send(GuestKeyTexts.EndChoice).AssertReply(GuestKeyTexts.WhichGuest)
            .Send("Ana Lopez").AssertReply(GuestKeyTexts.ConfirmEnd("Ana Lopez"))
            .Send("yes").AssertReply(GuestKeyTexts.Ended("Ana Lopez"))
            .AssertReply(r => Assert.Contains("ended on", AllText(r), StringComparison.Ordinal))
            .AssertReply(GuestKeyTexts.WhatNext)
            .Send(GuestKeyTexts.BackChoice).AssertReply(GuestKeyTexts.MenuAgain)
            .Send(GuestKeyTexts.DoneChoice).AssertReply(GuestKeyTexts.Goodbye)
            .StartTestAsync();

        var now = DateTimeOffset.UtcNow;
        var guests = await _bot.Service().ListAsync("akumar");
        Assert.Equal(GuestKeyStatus.Revoked, guests.Single(g => g.LastName == "Okoye").StatusAt(now));
        Assert.Equal(newLastDay, guests.Single(g => g.LastName == "Lopez").LastDay);
        Assert.NotNull(guests.Single(g => g.LastName == "Lopez").EndedAt);
        // Ending access disables the guest's account.
        Assert.True((await _bot.Directory.FindAsync(username))!.IsDisabled);
        // Someone else's guest is untouched; and a revoked key no longer registers anyone.
        Assert.Equal(GuestKeyStatus.Issued, (await _bot.Store().GetAsync(someoneElses.Invitation.Id))!.StatusAt(now));
        Assert.Equal(GuestKeyRedeemOutcome.Rejected, (await _bot.Service().RedeemAsync("Okoye", unused.Key, scope)).Outcome);
        // C5: each change is audited.
        var audit = await _bot.Audit.ReadAsync(limit: 1000);
        Assert.Contains(audit, e => e.Action == "guestkey.revoked" && e.Outcome == "success" && e.Account == "akumar");
        Assert.Contains(audit, e => e.Action == "guestkey.access.extended" && e.Outcome == "success" && e.Account == "akumar");
        Assert.Contains(audit, e => e.Action == "guestkey.access.ended" && e.Outcome == "success" && e.Account == username);
    }

    [Fact]
    public async Task ASponsorCannotRevokeExtendOrEndSomeoneElsesGuest()
    {
        var theirs = await _bot.IssueAsync(sponsor: "jsmith");
        var service = _bot.Service();

        Assert.False(await service.RevokeAsync("akumar", theirs.Invitation.Id, AuditScope.System));
        Assert.False(await service.ExtendAsync("akumar", theirs.Invitation.Id, service.Today().AddDays(30), AuditScope.System));
        Assert.False(await service.EndAsync("akumar", theirs.Invitation.Id, AuditScope.System));
        Assert.Equal(GuestKeyStatus.Issued, (await _bot.Store().GetAsync(theirs.Invitation.Id))!.StatusAt(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task TheSponsorIsToldOnceWhenTheGuestRegistersAndOnce14DaysBeforeAccessEnds()
    {
        var issued = await _bot.IssueAsync(sponsor: "akumar", lastDayInDays: 10);
        var notices = _bot.Services.GetRequiredService<GuestSponsorNotices>();
        var before = _bot.Outbox().Count;
        var redemption = await _bot.Service().RedeemAsync("Lopez", issued.Key, AuditScope.System);
        await _bot.Service().RegisterAsync(redemption.Invitation!, AuditScope.System);

        // This pass sends both (or the host's start-up pass did, if it ran late: each notice is claimed once).
        await notices.RunOnceAsync();
        var outbox = new HelpBot.Tests.Shared.OutboxFile(_bot.OutboxPath);
        await outbox.WaitForAsync("akumar@hms.harvard.edu", before, new System.Text.RegularExpressions.Regex("registered for eCommons"));
        await outbox.WaitForAsync("akumar@hms.harvard.edu", before, new System.Text.RegularExpressions.Regex(@"\(10 days from now\)"));
        // Neither is repeated by later passes (the store remembers, so a restart doesn't repeat them either).
        Assert.Equal(0, await notices.RunOnceAsync());
        Assert.Equal(2, _bot.Outbox().Skip(before).Count(m => (string?)m["to"] == "akumar@hms.harvard.edu"));

        // An extension re-arms the notice for the new last day; a far-off day sends nothing yet.
        Assert.True(await _bot.Service().ExtendAsync("akumar", issued.Invitation.Id, _bot.Service().Today().AddDays(100), AuditScope.System));
        Assert.Equal(0, await notices.RunOnceAsync());
        Assert.True(await _bot.Service().ExtendAsync("akumar", issued.Invitation.Id, _bot.Service().Today().AddDays(14), AuditScope.System));
        Assert.Equal(1, await notices.RunOnceAsync());
        Assert.Contains(await _bot.Audit.ReadAsync("akumar"), e => e.Action == "guestkey.notice" && e.Detail!.Contains("kind=ending", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAccessWhoseLastDayPassedIsEndedAndTheAccountDisabled()
    {
        var issued = await _bot.IssueAsync(sponsor: "akumar");
        var redemption = await _bot.Service().RedeemAsync("Lopez", issued.Key, AuditScope.System);
        var username = await _bot.Service().RegisterAsync(redemption.Invitation!, AuditScope.System);
        await _bot.Store().UpdateAsync(issued.Invitation.Id, i => i with { LastDay = _bot.Service().Today().AddDays(-1) });

        await _bot.Services.GetRequiredService<GuestSponsorNotices>().RunOnceAsync();

        Assert.True((await _bot.Directory.FindAsync(username))!.IsDisabled);
        Assert.NotNull((await _bot.Store().GetAsync(issued.Invitation.Id))!.EndedAt);
        Assert.Contains(await _bot.Audit.ReadAsync(username), e => e.Action == "guestkey.access.expired");
    }

    public void Dispose() => _bot.Dispose();
}
