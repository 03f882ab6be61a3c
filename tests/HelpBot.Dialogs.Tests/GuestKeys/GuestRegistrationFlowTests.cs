using HelpBot.Dialogs.GuestKeys;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Bot.Builder.Adapters;
using static HelpBot.Dialogs.Tests.BotHarness;

namespace HelpBot.Dialogs.Tests.GuestKeys;

public sealed class GuestRegistrationFlowTests : IDisposable
{
    private readonly BotHarness _bot = new();

    [Fact]
    public async Task AGuestRegistersWithLastNameAndKeyProvesAnEmailAndGetsTheOneTimeLink()
    {
        var issued = await _bot.IssueAsync();
        var guest = _bot.NewUser("guest");
        var sent = _bot.Outbox().Count;
        // Any case, no dashes: still the key.
        var typed = issued.Key.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

        await _bot.Flow(guest)
            .Send("I have a guest key").AssertReply(GuestKeyTexts.AskLastName)
            .Send("lópez").AssertReply(GuestKeyTexts.AskKey)
            .Send(typed).AssertReply(GuestKeyTexts.AccountCreated("alopez"))
            .AssertReply(GuestKeyTexts.AskContact)
            .Send("ana.lopez@example.com").AssertReply(SafeCodeDialogTexts.SentTo(Mask.Email("ana.lopez@example.com")))
            .StartTestAsync();
        var code = await _bot.SafeCodeSentToAsync("ana.lopez@example.com", sent);
        await _bot.Flow(guest)
            .Send(code).AssertReply(SafeCodeDialogTexts.Verified)
            .AssertReply(GuestKeyTexts.SetPasswordNext)
            .AssertReply(r => Assert.Equal("Set your new password", CardTitle(r)))
            .StartTestAsync();

        var account = await _bot.Directory.FindAsync("alopez");
        Assert.NotNull(account);
        Assert.Equal(Accounts.AccountType.Guest, account.Type);
        Assert.Equal("ana.lopez@example.com", account.AlternateEmail);
        var invitation = Assert.Single(await _bot.Service().ListAsync("jsmith"));
        Assert.Equal(GuestKeyStatus.Used, invitation.StatusAt(DateTimeOffset.UtcNow));
        Assert.Equal("alopez", invitation.GuestUsername);
        // The sponsor hears about it (once), and the registration and the key's use are audited, never the key.
        var notice = await _bot.WaitForMessageAsync("jsmith@hms.harvard.edu", sent);
        Assert.Contains("registered", (string?)notice["text"], StringComparison.Ordinal);
        Assert.Contains(await _bot.Audit.ReadAsync("alopez"), e => e.Action == "guest.registered" && e.Outcome == "success");
        Assert.Contains(await _bot.Audit.ReadAsync("jsmith"), e => e.Action == "guestkey.used" && e.Outcome == "success");
        Assert.DoesNotContain(await _bot.Audit.ReadAsync(limit: 1000), e => $"{e.Detail}".Contains(issued.Key, StringComparison.Ordinal) || $"{e.Detail}".Contains(typed, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task AKeyWorksOnlyOnceTheSecondRegistrationGetsTheSameWordsAsAWrongKey()
    {
        var issued = await _bot.IssueAsync();
        await RegisterAsync(_bot.NewUser("first"), "Lopez", issued.Key, GuestKeyTexts.AccountCreated("alopez"));

        await RegisterAsync(_bot.NewUser("second"), "Lopez", issued.Key, GuestKeyTexts.KeyNotAccepted);
        await RegisterAsync(_bot.NewUser("third"), "Lopez", "K7QM-4TXP-9HRW-C2NB", GuestKeyTexts.KeyNotAccepted);

        Assert.Null(await _bot.Directory.FindAsync("alopez2"));
        Assert.Contains(await _bot.Audit.ReadAsync("jsmith"), e => e.Action == "guestkey.redeem" && e.Outcome == "failure" && e.Detail!.Contains("reason=used", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnExpiredKeyGetsTheSameWordsAsAWrongKey()
    {
        var issued = await _bot.IssueAsync();
        // Issued 31 days ago and never used.
        await _bot.Store().UpdateAsync(issued.Invitation.Id, i => i with { IssuedAt = i.IssuedAt.AddDays(-31), KeyExpiresAt = i.IssuedAt.AddDays(-1) });

        await RegisterAsync(_bot.NewUser(), "Lopez", issued.Key, GuestKeyTexts.KeyNotAccepted);

        Assert.Null(await _bot.Directory.FindAsync("alopez"));
        Assert.Equal(GuestKeyStatus.Expired, Assert.Single(await _bot.Service().ListAsync("jsmith")).StatusAt(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task ARevokedKeyAndAnotherLastNameGetTheSameWordsAsAWrongKey()
    {
        var revoked = await _bot.IssueAsync(lastName: "Lopez");
        var other = await _bot.IssueAsync(lastName: "Okoye");
        Assert.True(await _bot.Service().RevokeAsync("jsmith", revoked.Invitation.Id, AuditScope.System));

        await RegisterAsync(_bot.NewUser("a"), "Lopez", revoked.Key, GuestKeyTexts.KeyNotAccepted);
        await RegisterAsync(_bot.NewUser("b"), "Lopez", other.Key, GuestKeyTexts.KeyNotAccepted);

        Assert.Null(await _bot.Directory.FindAsync("alopez"));
        Assert.Null(await _bot.Directory.FindAsync("aokoye"));
        // The Okoye key was not used up by someone typing it with the wrong last name.
        await RegisterAsync(_bot.NewUser("c"), "Okoye", other.Key, GuestKeyTexts.AccountCreated("aokoye"));
    }

    [Fact]
    public async Task FiveWrongKeysInAConversationPauseRegistrationThereEvenForTheRightKey()
    {
        var issued = await _bot.IssueAsync();
        var guest = _bot.NewUser();
        var flow = _bot.Flow(guest).Send("I have a guest key").AssertReply(GuestKeyTexts.AskLastName);
        for (var i = 0; i < 5; i++)
        {
            flow = flow.Send("Lopez").AssertReply(GuestKeyTexts.AskKey)
                .Send($"AAAA-BBBB-CCCC-DDD{i + 2}").AssertReply(GuestKeyTexts.KeyNotAccepted).AssertReply(GuestKeyTexts.AskLastName);
        }
        await flow.Send("Lopez").AssertReply(GuestKeyTexts.AskKey)
            .Send(issued.Key).AssertReply(GuestKeyTexts.Throttled)
            .StartTestAsync();

        Assert.Null(await _bot.Directory.FindAsync("alopez"));
        Assert.Contains(await _bot.Audit.ReadAsync(limit: 1000), e => e.Action == "guestkey.redeem" && e.Outcome == "throttled");
        // Another conversation with the right key still works: the pause is per conversation (and per last name).
        await RegisterAsync(_bot.NewUser("other"), "Lopez", issued.Key, GuestKeyTexts.AccountCreated("alopez"));
    }

    [Fact]
    public async Task TenWrongKeysForOneLastNameAcrossConversationsPauseThatLastName()
    {
        var issued = await _bot.IssueAsync();
        for (var i = 0; i < 10; i++)
        {
            await RegisterAsync(_bot.NewUser($"guess{i}"), "Lopez", $"AAAA-BBBB-CCCC-DD{(char)('A' + i)}2", GuestKeyTexts.KeyNotAccepted);
        }

        await RegisterAsync(_bot.NewUser("real"), "Lopez", issued.Key, GuestKeyTexts.Throttled);
        Assert.Null(await _bot.Directory.FindAsync("alopez"));
    }

    [Theory]
    [InlineData("+1 617 555 0123", "+16175550123")]
    [InlineData("(617) 555-0123", "+16175550123")]
    [InlineData("617.555.0123", "+16175550123")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("ana@example.com", "ana@example.com")]
    public void AGuestMayGiveAMobileNumberOrAnEmailAddress(string typed, string expected) =>
        Assert.Equal(expected, GuestRegistrationDialog.ParseContact(typed)?.Destination);

    [Theory]
    [InlineData("555-0123")]
    [InlineData("ana at example")]
    [InlineData("call me maybe")]
    [InlineData("+0 617 555 0123")]
    public void AnythingElseIsAskedForAgain(string typed) => Assert.Null(GuestRegistrationDialog.ParseContact(typed));

    [Fact]
    public async Task AGuestWithAPhoneGetsTheSafeCodeByText()
    {
        var issued = await _bot.IssueAsync();
        var guest = _bot.NewUser("guest");
        var sent = _bot.Outbox().Count;
        await RegisterAsync(guest, "Lopez", issued.Key, GuestKeyTexts.AccountCreated("alopez"));
        await _bot.Flow(guest)
            .AssertReply(GuestKeyTexts.AskContact)
            .Send("call me maybe").AssertReply(GuestKeyTexts.ContactRetry)
            .Send("+1 617 555 0199").AssertReply(SafeCodeDialogTexts.SentTo(Mask.Phone("+16175550199")))
            .StartTestAsync();
        var code = await _bot.SafeCodeSentToAsync("+16175550199", sent);
        await _bot.Flow(guest)
            .Send(code).AssertReply(SafeCodeDialogTexts.Verified).AssertReply(GuestKeyTexts.SetPasswordNext)
            .StartTestAsync();
        Assert.Equal("+16175550199", (await _bot.Directory.FindAsync("alopez"))!.TextPhone);
    }

    public void Dispose() => _bot.Dispose();

    private async Task RegisterAsync(TestAdapter guest, string lastName, string key, string expected) =>
        await _bot.Flow(guest)
            .Send("I have a guest key").AssertReply(GuestKeyTexts.AskLastName)
            .Send(lastName).AssertReply(GuestKeyTexts.AskKey)
            .Send(key).AssertReply(expected)
            .StartTestAsync();
}
