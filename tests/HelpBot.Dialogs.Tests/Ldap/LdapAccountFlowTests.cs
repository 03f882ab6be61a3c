using System.Net;
using HelpBot.Bot.Accounts.Ldap;
using HelpBot.Bot.Tests.Accounts;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using static HelpBot.Dialogs.Tests.BotHarness;

namespace HelpBot.Dialogs.Tests.Ldap;

/// <summary>
/// The whole bot with Directory:Provider=Ldap against a real slapd (ppolicy) on 127.0.0.1: an account locked by real
/// failed binds is unlocked through the chat, a password is reset through the reset page, and a directory that stops
/// answering gets the kind words.
/// </summary>
public sealed class LdapAccountFlowTests : IDisposable
{
    private readonly SlapdServer _slapd;
    private readonly BotHarness _bot;

    public LdapAccountFlowTests()
    {
        _slapd = SlapdServer.Start(seedLocks: false);
        _bot = new BotHarness(_slapd.BotSettings(), webServer: true);
    }

    public void Dispose()
    {
        _bot.Dispose();
        _slapd.Dispose();
    }

    [Fact]
    public async Task AnAccountLockedByRealFailedBindsIsUnlockedThroughTheChat_ThenTheRightPasswordBinds()
    {
        Assert.IsType<LdapAccountDirectory>(_bot.Directory);
        for (var i = 0; i < SlapdServer.MaxFailures; i++)
        {
            Assert.False(_slapd.TryBind("jsmith", "Wrong-Password-1"));
        }
        Assert.False(_slapd.TryBind("jsmith", "Maple-Harbor-2231"));
        Assert.True((await _bot.Directory.FindAsync("jsmith"))!.IsLocked);

        await _bot.UnlockJaneByTextAsync();

        Assert.Null(_slapd.Read("jsmith", "pwdAccountLockedTime"));
        Assert.True(_slapd.TryBind("jsmith", "Maple-Harbor-2231"));
        Assert.Contains(await _bot.Audit.ReadAsync("jsmith"), e => e.Action == "account.unlocked" && e.Outcome == "success");
    }

    [Fact]
    public async Task AnExpiredPasswordIsResetOnTheResetPage_TheNewOneBindsAndTheOldOneDoesNot()
    {
        var user = _bot.NewUser();
        await _bot.Flow(user)
            .Send("I forgot my password").AssertReply(AccountTexts.AskIdentifier)
            .Send("rbrown").AssertReply(_ => { })
            .Send(SafeCodeDialogTexts.EmailChoice).AssertReply(SafeCodeDialogTexts.SentIfOnFile(Messaging.MessageChannel.Email))
            .StartTestAsync();
        var code = await _bot.SafeCodeSentToAsync("rosa.brown@example.net");
        Uri? link = null;
        await _bot.Flow(user)
            .Send(code).AssertReply(SafeCodeDialogTexts.Verified)
            .AssertReply(reply =>
            {
                Assert.Equal("Set your new password", CardTitle(reply));
                link = new Uri((string)((JObject)((Activity)reply).Attachments[0].Content)["actions"]![0]!["url"]!);
            })
            .StartTestAsync();

        using var browser = _bot.CreateClient();
        var newPassword = "violet tugboat humming quietly";
        var set = await browser.PostAsync(new Uri(link!.PathAndQuery, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["password"] = newPassword,
            ["confirm"] = newPassword,
        }));

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.True(_slapd.TryBind("rbrown", newPassword));
        Assert.False(_slapd.TryBind("rbrown", "Amber-Thistle-6619"));
        var rosa = (await _bot.Directory.FindAsync("rbrown"))!;
        Assert.False(rosa.PasswordExpired(DateTimeOffset.UtcNow));
        Assert.InRange(rosa.PasswordExpiresAt!.Value, DateTimeOffset.UtcNow.AddDays(SlapdServer.MaxAgeDays).AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(SlapdServer.MaxAgeDays));
    }

    [Fact]
    public async Task WhenSlapdStopsAnsweringTheUserGetsTheKindWordsAndNoInternals()
    {
        _slapd.Dispose();

        var replies = new List<string>();
        await _bot.Flow(_bot.NewUser())
            .Send("I'm locked out of my account").AssertReply(AccountTexts.AskIdentifier)
            .Send("jsmith").AssertReply(reply => replies.Add(AllText(reply)))
            .StartTestAsync();

        var reply = Assert.Single(replies);
        Assert.Contains(AccountTexts.DirectoryDown, reply, StringComparison.Ordinal);
        Assert.Contains("617-432-2000", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("Ldap", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", reply, StringComparison.Ordinal);
    }
}
