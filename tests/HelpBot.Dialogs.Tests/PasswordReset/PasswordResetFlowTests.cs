using System.Net;
using System.Text.RegularExpressions;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.PasswordReset;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;
using static HelpBot.Dialogs.Tests.BotHarness;

namespace HelpBot.Dialogs.Tests.PasswordReset;

public sealed partial class PasswordResetFlowTests : IDisposable
{
    private readonly BotHarness _bot = new(webServer: true); // the reset page

    [Fact]
    public async Task AForgottenPasswordIsResetOnTheOneTimePageNeverInTheChat()
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
                var card = (JObject)((Activity)reply).Attachments[0].Content;
                link = new Uri((string)card["actions"]![0]!["url"]!);
            })
            .StartTestAsync();

        Assert.True(await _bot.Directory.CheckPasswordAsync("rbrown", "Amber-Thistle-6619"));

        // R4: a one-time page, bound to rbrown, where the password is set.
        using var browser = _bot.CreateClient();
        var page = await browser.GetAsync(new Uri(link!.PathAndQuery, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("rbrown", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var before = _bot.Outbox().Count;
        var newPassword = "violet tugboat humming quietly";
        var set = await browser.PostAsync(new Uri(link.PathAndQuery, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["password"] = newPassword,
            ["confirm"] = newPassword,
        }));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.True(await _bot.Directory.CheckPasswordAsync("rbrown", newPassword));
        Assert.False(await _bot.Directory.CheckPasswordAsync("rbrown", "Amber-Thistle-6619"));
        // R3: every address on file hears about it (rbrown has no phone: her two e-mail addresses).
        await _bot.WaitForMessageAsync("rosa.brown@example.net", before);

        // The link works once.
        var again = await browser.GetAsync(new Uri(link.PathAndQuery, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Fact]
    public async Task R4_TheBotNeverAsksForOrEchoesAPassword()
    {
        var replies = new List<string>();
        var user = _bot.NewUser();
        await _bot.Flow(user)
            .Send("I need to change my password").AssertReply(r => replies.Add(AllText(r)))
            .Send("mlee").AssertReply(r => replies.Add(AllText(r)))
            .Send("text").AssertReply(r => replies.Add(AllText(r)))
            .StartTestAsync();
        var code = await _bot.SafeCodeSentToAsync("+16175550102");
        await _bot.Flow(user)
            .Send(code).AssertReply(r => replies.Add(AllText(r))).AssertReply(r => replies.Add(AllText(r)))
            .StartTestAsync();

        Assert.DoesNotContain(replies, r => AsksForPassword().IsMatch(r));
        Assert.DoesNotContain(replies, r => r.Contains(code, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnExpiringPasswordIsExplainedAndCanBeChangedRightAway()
    {
        await _bot.Flow(_bot.NewUser())
            .Send("my password is expiring soon").AssertReply(ExpiringTexts.General).AssertReply(ExpiringTexts.ChangeNow)
            .Send("yes").AssertReply(AccountTexts.AskIdentifier)
            .StartTestAsync();
    }

    [Fact]
    public async Task InTeamsTheExpiryDateIsShown()
    {
        await _bot.Flow(_bot.NewUser("michael", "msteams", "0b6f1c2e-4a11-4d1e-9c01-000000000002"))
            .Send("my password is about to expire").AssertReply(r => Assert.Contains("(3 days from now)", Text(r), StringComparison.Ordinal))
            .AssertReply(ExpiringTexts.ChangeNow)
            .Send("no").AssertReply(ExpiringTexts.Later)
            .StartTestAsync();
    }

    [Fact]
    public async Task R9_ADepartmentalPasswordIsNeverResetBySelfService()
    {
        await _bot.Flow(_bot.NewUser())
            .Send("I forgot my password").AssertReply(AccountTexts.AskIdentifier)
            .Send("Radiology").AssertReply(AccountTexts.Departmental)
            .StartTestAsync();
    }

    // "Type your password", "enter your new password" … in the bot's own words (not the card's advice not to).
    [GeneratedRegex(@"(type|enter|send|tell me)\s+(your\s+)?(new\s+|current\s+|old\s+)?password", RegexOptions.IgnoreCase)]
    private static partial Regex AsksForPassword();

    public void Dispose() => _bot.Dispose();
}
