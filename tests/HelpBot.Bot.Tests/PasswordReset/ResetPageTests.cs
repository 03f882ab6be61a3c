using System.Net;
using HelpBot.Bot.PasswordReset;
using HelpBot.Bot.Storage;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.PasswordReset;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Bot.Tests.PasswordReset;

public class ResetPageTests
{
    private const string ExpiredText = "This link has expired or was already used. Go back to the chat and ask for a new one, or call the HMS IT Service Desk at 617-432-2000.";
    private const string NewPassword = "marble teapot orbit canyon";

    private static ResetPageHost Host()
    {
        var host = new ResetPageHost();
        host.Directory.Add(Person("asmith", "Anna Smith") with { IsLocked = true });
        host.Directory.Add(Person("bjones", "Ben Jones"));
        return host;
    }

    private static Account Person(string username, string name) => new()
    {
        Username = username,
        DisplayName = name,
        School = "HMS",
        Affiliation = Affiliation.FullTimeStaff,
        Email = $"{username}@hms.harvard.edu",
        AlternateEmail = $"{username}.home@example.org",
    };

    [Fact]
    public async Task R4_TheLinkHasA256BitTokenAndLivesFifteenMinutes()
    {
        using var host = Host();
        var (path, token, link) = await host.IssueAsync("asmith");

        Assert.Equal("http://localhost:3978" + path, link.Url.ToString());
        Assert.Equal(43, token.Length);
        Assert.Equal(host.Time.Now + TimeSpan.FromMinutes(15), link.ExpiresAt);
    }

    [Fact]
    public async Task R4_OnlyTheTokensHashIsStored()
    {
        using var host = Host();
        var (_, token, _) = await host.IssueAsync("asmith");

        var stored = host.Services.GetRequiredService<HelpBotDatabase>().GetCollection(LiteDbResetTokenStore.CollectionName).FindAll().ToList();
        var document = Assert.Single(stored);
        Assert.Equal(ResetLinkService.HashToken(token), document["_id"].AsString);
        Assert.DoesNotContain(token, document.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task R4_TheFormShowsTheUsernameReadOnlyWithNewPasswordFields()
    {
        using var host = Host();
        var (path, _, _) = await host.IssueAsync("asmith");

        var response = await host.GetAsync(path);
        var html = await ResetPageHost.TextOf(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("value=\"asmith\" readonly", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("autocomplete=\"new-password\"").Length - 1);
        Assert.Contains("<meter id=\"strength\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("onpaste", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task R4_HappyPath_SetsThePasswordUnlocksAndAuditsWithoutThePassword()
    {
        using var host = Host();
        var (path, _, _) = await host.IssueAsync("asmith");

        Assert.Equal(HttpStatusCode.OK, (await host.GetAsync(path)).StatusCode);
        var response = await host.PostAsync(path, NewPassword);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Your password was changed", await ResetPageHost.TextOf(response), StringComparison.Ordinal);
        Assert.Equal(NewPassword, host.Directory.Passwords["asmith"]);
        Assert.False(host.Directory.Get("asmith").IsLocked);
        var entry = Assert.Single(host.Audit.Entries, e => e.Action == "password.reset" && e.Outcome == "success");
        Assert.Equal("asmith", entry.Account);
        Assert.Equal("conv-1", entry.ConversationId);
        Assert.DoesNotContain(host.Audit.Entries, e => $"{e}".Contains("marble", StringComparison.Ordinal));
    }

    [Fact]
    public async Task R4_ALinkWorksOnce()
    {
        using var host = Host();
        var (path, _, _) = await host.IssueAsync("asmith");
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(path, NewPassword)).StatusCode);

        var secondPost = await host.PostAsync(path, "another fine passphrase here");
        var secondGet = await host.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, secondPost.StatusCode);
        Assert.Contains(ExpiredText, await ResetPageHost.TextOf(secondPost), StringComparison.Ordinal);
        Assert.Contains(ExpiredText, await ResetPageHost.TextOf(secondGet), StringComparison.Ordinal);
        Assert.Equal(NewPassword, host.Directory.Passwords["asmith"]);
    }

    [Fact]
    public async Task R4_ALinkStopsWorkingAfterFifteenMinutes()
    {
        using var host = Host();
        var (path, _, _) = await host.IssueAsync("asmith");
        host.Time.Advance(TimeSpan.FromMinutes(15));

        var get = await host.GetAsync(path);
        var post = await host.PostAsync(path, NewPassword);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Contains(ExpiredText, await ResetPageHost.TextOf(get), StringComparison.Ordinal);
        Assert.Contains(ExpiredText, await ResetPageHost.TextOf(post), StringComparison.Ordinal);
        Assert.Equal("Old-password-not-used", host.Directory.Passwords["asmith"]);
    }

    [Fact]
    public async Task R4_AShorterConfiguredLifetimeIsHonoured()
    {
        using var host = new ResetPageHost(new Dictionary<string, string?> { ["PasswordReset:LinkLifetime"] = "00:05:00" });
        host.Directory.Add(Person("asmith", "Anna Smith"));
        var (path, _, link) = await host.IssueAsync("asmith");

        Assert.Equal(host.Time.Now + TimeSpan.FromMinutes(5), link.ExpiresAt);
        host.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.NotFound, (await host.GetAsync(path)).StatusCode);
    }

    [Theory]
    [InlineData("00:30:00")]
    [InlineData("00:00:00")]
    public void R4_ALifetimeAboveFifteenMinutesStopsStartUpNamingTheKey(string lifetime)
    {
        using var factory = new HelpBotFactory(new Dictionary<string, string?> { ["PasswordReset:LinkLifetime"] = lifetime });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("PasswordReset:LinkLifetime", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task R4_UnknownLinksShowTheSameExpiredPage()
    {
        using var host = Host();
        foreach (var path in new[] { "/reset/" + new string('A', 43), "/reset/not-a-token" })
        {
            var response = await host.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains(ExpiredText, await ResetPageHost.TextOf(response), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task R4_ATokenForUserACannotChangeUserB_TheFormsUsernameIsIgnored()
    {
        using var host = Host();
        var (path, _, _) = await host.IssueAsync("asmith");

        var response = await host.PostAsync(path, NewPassword, username: "bjones");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(NewPassword, host.Directory.Passwords["asmith"]);
        Assert.Equal("Old-password-not-used", host.Directory.Passwords["bjones"]);
    }

    [Theory]
    [InlineData("short", "at least 8 characters")]
    [InlineData("Password1", "common or breached")]
    [InlineData("iloveyou1", "common or breached")]
    [InlineData("asmith2024", "username, your name or your e-mail")]
    [InlineData("Smith12345", "username, your name or your e-mail")]
    [InlineData("12345678", "repeated or sequential")]
    [InlineData("aaaaaaaaaa", "repeated or sequential")]
    public async Task R5_EachRejectionShowsItsReasonNextToTheField(string password, string reason)
    {
        using var host = Host();
        var (path, _, _) = await host.IssueAsync("asmith");

        var response = await host.PostAsync(path, password);
        var html = await ResetPageHost.TextOf(response);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Matches($"id=\"password-error\"[^>]*>[^<]*{reason}", html);
        Assert.DoesNotContain($"value=\"{password}\"", html, StringComparison.Ordinal);
        Assert.Equal("Old-password-not-used", host.Directory.Passwords["asmith"]);
        // A rejection does not use the link up.
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(path, NewPassword)).StatusCode);
    }

    [Fact]
    public async Task R5_SixtyFourCharactersWorkOnThePageAndLongerIsRefusedWithItsReason()
    {
        using var host = Host();
        var (path, _, _) = await host.IssueAsync("asmith");
        var sixtyFour = string.Concat(Enumerable.Repeat("tulip-orbit-", 5)) + "lake";

        var tooLong = await host.PostAsync(path, sixtyFour + "x");
        Assert.Contains("at most 64 characters", await ResetPageHost.TextOf(tooLong), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(path, sixtyFour)).StatusCode);
        Assert.Equal(sixtyFour, host.Directory.Passwords["asmith"]);
    }

    [Fact]
    public async Task R5_AUnicodePassphraseIsStoredNfkcNormalised()
    {
        using var host = Host();
        var (path, _, _) = await host.IssueAsync("asmith");

        await host.PostAsync(path, "ｇｒüｎｅｒ Ｔｅｅ im Ｇａｒｔｅｎ");

        Assert.Equal("grüner Tee im Garten", host.Directory.Passwords["asmith"]);
    }

    [Fact]
    public async Task R4_MismatchedConfirmationIsRefusedWithItsReason()
    {
        using var host = Host();
        var (path, _, _) = await host.IssueAsync("asmith");

        var response = await host.PostAsync(path, NewPassword, confirm: NewPassword + "!");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("The two passwords don't match", await ResetPageHost.TextOf(response), StringComparison.Ordinal);
        Assert.Equal("Old-password-not-used", host.Directory.Passwords["asmith"]);
    }

    [Fact]
    public async Task R4_ACrossSitePostIsRefused()
    {
        using var host = Host();
        var (path, _, _) = await host.IssueAsync("asmith");

        var response = await host.PostAsync(path, NewPassword, null, null, ("Sec-Fetch-Site", "cross-site"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Old-password-not-used", host.Directory.Passwords["asmith"]);
    }

    [Fact]
    public async Task R4_ThePageSendsSecurityHeaders()
    {
        using var host = Host();
        var (path, _, _) = await host.IssueAsync("asmith");

        foreach (var response in new[] { await host.GetAsync(path), await host.PostAsync(path, "short"), await host.GetAsync("/reset/unknown") })
        {
            Assert.Contains("no-store", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
            Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
            Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
            var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Null(response.Headers.Location);
        }
    }

    [Fact]
    public async Task R4_TheMeterScriptAndStylesAreServedFromTheBot()
    {
        using var host = Host();
        var script = await host.GetAsync("/reset-page/reset.js");
        var styles = await host.GetAsync("/reset-page/reset.css");

        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("estimate", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("#A51C30", await styles.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task C5_TheTokenIsNeverLogged_RequestsAreLoggedByRoutePattern()
    {
        using var host = Host();
        var (path, token, _) = await host.IssueAsync("asmith");

        await host.GetAsync(path);
        await host.PostAsync(path, "short");
        await host.PostAsync(path, NewPassword);
        await host.GetAsync(path);

        // The request log line is written as the response completes, which can be just after the client has it.
        for (var i = 0; i < 100 && host.Logs.Lines.Count(l => l.Contains("/reset/{token}", StringComparison.Ordinal)) < 4; i++)
        {
            await Task.Delay(20);
        }
        var lines = host.Logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("/reset/{token}", StringComparison.Ordinal));
        var leaks = lines.Where(l => l.Contains(token, StringComparison.Ordinal)).ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
        Assert.DoesNotContain(lines, l => l.Contains("marble teapot", StringComparison.Ordinal));
    }

    [Fact]
    public async Task R3_TheChangeIsPostedIntoTheOriginatingConversation()
    {
        using var host = Host();
        var (path, _, _) = await host.IssueAsync("asmith", conversationId: "conv-anna");

        await host.PostAsync(path, NewPassword);

        var posted = host.Chat.Posted.ToList();
        Assert.Equal(2, posted.Count);
        Assert.All(posted, p => Assert.Equal("conv-anna", p.Conversation.Conversation.Id));
        var text = Assert.IsType<Activity>(posted[0].Activity).Text;
        // 19:02 UTC on 2 March 2026 is 2:02 PM in Boston, said with its zone as in the texts and e-mails.
        Assert.StartsWith("Your password was changed at 2:02 PM Eastern time.", text, StringComparison.Ordinal);
        Assert.Contains("617-432-2000", text, StringComparison.Ordinal);
        Assert.DoesNotContain("marble", text, StringComparison.Ordinal);
        var checklist = Assert.Single(Assert.IsType<Activity>(posted[1].Activity).Attachments);
        Assert.Contains("Update your new password everywhere", checklist.Content.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task APasswordTheDirectoryRefusesAfterTheChecksShowsItsRulesAndTheSameLinkWorksAgain()
    {
        using var host = Host();
        host.Directory.Refuses.Add("marble teapot orbit canyon 7");
        host.Directory.RefusalPolicy = new DirectoryPasswordPolicy(12, Complexity: false, HistoryLength: 5);
        var (path, _, _) = await host.IssueAsync("bjones");

        var refused = await host.PostAsync(path, "marble teapot orbit canyon 7");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("The account directory didn't accept that password, so nothing was changed. Your link still works", page, StringComparison.Ordinal);
        Assert.Contains("at least 12 characters; not one of your last 5 passwords", page, StringComparison.Ordinal);
        Assert.Contains("617-432-2000", page, StringComparison.Ordinal);
        Assert.Equal("Old-password-not-used", host.Directory.Passwords["bjones"]);

        var accepted = await host.PostAsync(path, NewPassword);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(NewPassword, host.Directory.Passwords["bjones"]);
    }
}
