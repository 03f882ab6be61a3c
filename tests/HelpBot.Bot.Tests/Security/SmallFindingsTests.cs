using System.Net;
using HelpBot.Bot.Tests.PasswordReset;
using HelpBot.Dialogs.Accounts;

namespace HelpBot.Bot.Tests.Security;

/// <summary>Issue 15, finding 8: the small ones.</summary>
public class SmallFindingsTests
{
    private static ResetPageHost Host()
    {
        var host = new ResetPageHost();
        host.Directory.Add(new Account
        {
            Username = "asmith",
            DisplayName = "Anna Smith",
            School = "HMS",
            Affiliation = Affiliation.FullTimeStaff,
            Email = "asmith@hms.harvard.edu",
        });
        return host;
    }

    [Theory]
    [InlineData("marble teapot\0 orbit canyon", null)]
    [InlineData("marble teapot orbit canyon", "marble teapot\0 orbit canyon")]
    [InlineData("marble teapot\u0007 orbit canyon", null)]
    [InlineData("\0", null)]
    [InlineData("marble teapot orbit canyon\uD800", null)]
    public async Task Finding8_ControlCharactersInTheResetFormGiveTheFormBackWithAReason(string password, string? confirm)
    {
        using var host = Host();
        var (path, _, _) = await host.IssueAsync("asmith");

        var response = await host.PostAsync(path, password, confirm, username: "asmith\0");
        var html = await ResetPageHost.TextOf(response);

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity, $"status {(int)response.StatusCode}");
        Assert.Contains("<form", html, StringComparison.Ordinal);
        Assert.Matches("id=\"(password|confirm)-error\"[^>]*>[^<]*\\w", html);
        Assert.Equal("Old-password-not-used", host.Directory.Passwords["asmith"]);
        // Nothing was used up: the link still works.
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(path, "marble teapot orbit canyon")).StatusCode);
    }
}

/// <summary>Issue 15, finding 8: the password policy knows the words of this place and does not count padding.</summary>
public class SmallFindingsPasswordPolicyTests
{
    private static readonly HelpBot.Dialogs.PasswordReset.PasswordOwner Anna = new("asmith", "Anna Smith", ["anna_smith@hms.harvard.edu"]);

    [Theory]
    [InlineData("Harvard2026!")]
    [InlineData("eCommons2026!")]
    [InlineData("H@rvard2026")]
    [InlineData("HMS 2026!!")]
    [InlineData("MyCourses2026")]
    [InlineData("Harvard HMS 2026")]
    public void Finding8_PasswordsBuiltOnHarvardHmsECommonsOrMyCoursesAreRejectedKindly(string password)
    {
        var check = HelpBot.Dialogs.PasswordReset.PasswordPolicy.Default.Check(password, Anna);

        Assert.Equal(HelpBot.Dialogs.PasswordReset.PasswordRejection.ContextWords, check.Rejection);
        Assert.Contains("Harvard", check.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("invalid", check.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("       a")]
    [InlineData("  a  b  c  d  ")]
    [InlineData("\u3000\u3000\u3000\u3000\u3000\u3000\u3000x")]
    public void Finding8_SpacesDoNotCountTowardsTheLengthWhenTheyOnlyPad(string password) =>
        Assert.Equal(HelpBot.Dialogs.PasswordReset.PasswordRejection.TooShort, HelpBot.Dialogs.PasswordReset.PasswordPolicy.Default.Check(password, Anna).Rejection);

    [Theory]
    [InlineData("my harvard cello sounds best on tuesdays")]
    [InlineData("marble teapot orbit canyon")]
    public void Finding8_APassphraseThatMentionsAContextWordAmongOthersIsStillFine(string password) =>
        Assert.True(HelpBot.Dialogs.PasswordReset.PasswordPolicy.Default.Check(password, Anna).Accepted);
}

/// <summary>Issue 15, finding 8: the small ones on <c>/api/messages</c>.</summary>
public class SmallFindingsBotEndpointTests
{
    [Theory]
    [InlineData("null")]
    [InlineData("missing")]
    [InlineData("\"not a url\"")]
    [InlineData("\"file:///etc/passwd\"")]
    [InlineData("42")]
    public async Task Finding8_AnActivityWithoutAUsableServiceUrlIsABadRequestNotAServerError(string serviceUrl)
    {
        using var factory = new HelpBotFactory();
        using var client = factory.CreateClient();
        var activity = HelpBot.Bot.Tests.Hosting.Activities.Message("c-service-url", "hello");
        activity.Remove("serviceUrl");
        if (serviceUrl != "missing")
        {
            activity["serviceUrl"] = System.Text.Json.Nodes.JsonNode.Parse(serviceUrl);
        }

        using var content = new StringContent(activity.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync(new Uri("/api/messages", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        // And the endpoint still works.
        var fine = await client.PostAsync(new Uri("/api/messages", UriKind.Relative),
            new StringContent(HelpBot.Bot.Tests.Hosting.Activities.Message("c-service-url", "hello").ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    [Fact]
    public async Task Finding7_AnOversizedActivityIsRefusedWith413()
    {
        using var factory = new HelpBotFactory();
        using var client = factory.CreateClient();
        var activity = HelpBot.Bot.Tests.Hosting.Activities.Message("c-large", new string('x', 2 * 1024 * 1024));

        using var content = new StringContent(activity.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        var response = await client.PostAsync(new Uri("/api/messages", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}

/// <summary>Issue 15, finding 8: the small ones on the built-in Direct Line.</summary>
public class SmallFindingsDirectLineTests
{
    [Fact]
    public async Task Finding8_ARefreshedDirectLineTokenLeavesTheOldOneInvalid()
    {
        using var host = new HelpBot.Bot.Tests.DirectLine.DirectLineHost();
        var old = host.NewToken("u-alice", "Alice");
        await host.StartAsync(old.Token);
        host.Clock.Advance(TimeSpan.FromMinutes(15));

        var refreshed = await host.SendAsync(HttpMethod.Post, "/tokens/refresh", old.Token);
        var fresh = (string)(await HelpBot.Bot.Tests.DirectLine.DirectLineHost.ReadObjectAsync(refreshed))["token"]!;
        // Past the few seconds a request already in flight may take; the old token has not expired (15 of 30 minutes).
        host.Clock.Advance(TimeSpan.FromMinutes(1));

        var withOld = await host.SendAsync(HttpMethod.Get, $"/conversations/{old.ConversationId}/activities", old.Token);
        var refreshWithOld = await host.SendAsync(HttpMethod.Post, "/tokens/refresh", old.Token);
        var withFresh = await host.SendAsync(HttpMethod.Get, $"/conversations/{old.ConversationId}/activities", fresh);

        Assert.Equal(HttpStatusCode.Forbidden, withOld.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, refreshWithOld.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withFresh.StatusCode);
    }

    [Fact]
    public async Task Finding8_AForeignHostHeaderIsNotReflectedInTheAddressesHelpBotHandsOut()
    {
        using var host = new HelpBot.Bot.Tests.DirectLine.DirectLineHost();
        var user = host.NewToken();

        // As a request naming another site in its Host header reaches the server.
        using var start = new HttpRequestMessage(HttpMethod.Post, new Uri("http://evil.example/v3/directline/conversations"))
        {
            Content = new StringContent("{\"user\":{}}", System.Text.Encoding.UTF8, "application/json"),
        };
        start.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", user.Token);
        var started = await host.Client.SendAsync(start);
        var stream = (string)(await HelpBot.Bot.Tests.DirectLine.DirectLineHost.ReadObjectAsync(started))["streamUrl"]!;
        using var token = new HttpRequestMessage(HttpMethod.Post, new Uri("http://evil.example/api/webchat/token"));
        var minted = await (await host.Client.SendAsync(token)).Content.ReadAsStringAsync();

        Assert.True(started.IsSuccessStatusCode);
        Assert.StartsWith("ws://localhost:3978/v3/directline/conversations/", stream, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", minted, StringComparison.Ordinal);
        Assert.Contains("localhost:3978", minted, StringComparison.Ordinal);

        // HelpBot's own names are still answered with themselves.
        var local = (string)(await HelpBot.Bot.Tests.DirectLine.DirectLineHost.ReadObjectAsync(await host.SendAsync(HttpMethod.Post, "/conversations", user.Token, "{\"user\":{}}")))["streamUrl"]!;
        Assert.StartsWith("ws://localhost/v3/directline/", local, StringComparison.Ordinal);
    }
}
