using System.Net;
using HelpBot.Bot.AgentConsole;
using HelpBot.Bot.Hosting;
using HelpBot.Bot.Tests.AgentConsole;
using HelpBot.Bot.WebChat;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Bot.Tests.Security;

/// <summary>
/// Issue 15, finding 5: behind a proxy, the per-address limits count the real client, taken from X-Forwarded-For only
/// when the request came from a proxy listed in <c>Hosting:TrustedProxies</c>. Over real HTTP (Kestrel on loopback: the
/// "proxy" is this test, at 127.0.0.1).
/// </summary>
public sealed class ProxyThrottleTests : IDisposable
{
    private static readonly Uri TokenUri = new(WebChatSetup.TokenPath, UriKind.Relative);

    private readonly string _folder = Directory.CreateTempSubdirectory("helpbot-proxy-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Finding5_BehindATrustedProxyEachClientHasItsOwnWebChatLimit()
    {
        await using var host = await StartAsync("--Hosting:TrustedProxies:0", "127.0.0.1", "--WebChat:TokenRequestsPerMinute", "2");
        using var client = Client(host);

        Assert.Equal(HttpStatusCode.OK, await MintAsync(client, "203.0.113.10"));
        Assert.Equal(HttpStatusCode.OK, await MintAsync(client, "203.0.113.10"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await MintAsync(client, "203.0.113.10"));

        // Another person behind the same proxy is not held back by the first one.
        Assert.Equal(HttpStatusCode.OK, await MintAsync(client, "203.0.113.20"));
    }

    [Fact]
    public async Task Finding5_FromAnAddressThatIsNotATrustedProxyForwardedForIsIgnored()
    {
        await using var host = await StartAsync("--Hosting:TrustedProxies:0", "10.9.8.0/24", "--WebChat:TokenRequestsPerMinute", "2");
        using var client = Client(host);

        // A client writing a new address in each request cannot escape its limit.
        Assert.Equal(HttpStatusCode.OK, await MintAsync(client, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.OK, await MintAsync(client, "203.0.113.2"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await MintAsync(client, "203.0.113.3"));
    }

    [Fact]
    public async Task Finding5_BehindATrustedProxyOneClientsFailedSignInsDoNotLockOutTheOtherAgents()
    {
        await using var host = await StartAsync("--Hosting:TrustedProxies:0", "127.0.0.1", "--AgentConsole:MaxFailedSignInsPerAddress", "3");
        host.Services.GetRequiredService<IAgentAccounts>().AddOrUpdate("agent.real", "Riley Real", "real-agent-password-1");
        using var client = Client(host);

        foreach (var name in new[] { "a.one", "b.two", "agent.real" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(client, "198.51.100.66", name, "Spring2026!"));
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(client, "198.51.100.66", "agent.real", "real-agent-password-1"));

        // The agent, at their own address behind the same proxy, is not held back by the guesser.
        Assert.Equal(HttpStatusCode.Redirect, await SignInAsync(client, "198.51.100.7", "agent.real", "real-agent-password-1"));
    }

    [Fact]
    public async Task Finding5_FailedSignInsFromOneAddressDoNotLockOutAnAgentItDidNotTry()
    {
        // No trusted proxy (or a whole campus behind one NAT address): everyone shares the address.
        await using var host = await StartAsync("--AgentConsole:MaxFailedSignInsPerAddress", "3");
        var agents = host.Services.GetRequiredService<IAgentAccounts>();
        agents.AddOrUpdate("agent.tried", "Terry Tried", "tried-agent-password-1");
        agents.AddOrUpdate("agent.real", "Riley Real", "real-agent-password-1");
        using var client = Client(host);

        foreach (var name in new[] { "a.one", "agent.tried", "c.three" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(client, "198.51.100.66", name, "Spring2026!"));
        }

        // The address is over its limit for the names it got wrong, even with the right password ...
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(client, "198.51.100.66", "agent.tried", "tried-agent-password-1"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(client, "198.51.100.66", "A.One", "Spring2026!"));
        // ... but an agent it never tried signs in: one person's typing cannot lock every agent out.
        Assert.Equal(HttpStatusCode.Redirect, await SignInAsync(client, "198.51.100.66", "agent.real", "real-agent-password-1"));
        // A new name tried with a wrong password from the throttled address gets that one try, then waits too.
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(client, "198.51.100.66", "e.five", "Spring2026!"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(client, "198.51.100.66", "e.five", "Spring2026!"));
    }

    [Fact]
    public async Task Finding5_AnAddressOverItsSignInLimitIsStillHeldBackAfterARestart()
    {
        // The limits are kept with HelpBot's data (one rate-limit service), so restarting the host is no way around them.
        string[] settings = ["--Hosting:TrustedProxies:0", "127.0.0.1", "--AgentConsole:MaxFailedSignInsPerAddress", "3"];
        await using (var first = await StartAsync(settings))
        {
            first.Services.GetRequiredService<IAgentAccounts>().AddOrUpdate("agent.real", "Riley Real", "real-agent-password-1");
            using var client = Client(first);
            foreach (var name in new[] { "a.one", "b.two", "agent.real" })
            {
                Assert.Equal(HttpStatusCode.Unauthorized, await SignInAsync(client, "198.51.100.66", name, "Spring2026!"));
            }
        }

        await using var again = await StartAsync(settings);
        using var after = Client(again);

        Assert.Equal(HttpStatusCode.TooManyRequests, await SignInAsync(after, "198.51.100.66", "agent.real", "real-agent-password-1"));
        Assert.Equal(HttpStatusCode.Redirect, await SignInAsync(after, "198.51.100.7", "agent.real", "real-agent-password-1"));
    }

    [Fact]
    public async Task Finding5_ATrustedProxyThatIsNotAnAddressStopsTheStart()
    {
        await using var app = HelpBotHost.Build(
        [
            "--urls", "http://127.0.0.1:0", "--environment", "Testing", "--Storage:Path", Path.Combine(_folder, "helpbot.db"),
            "--Hosting:TrustedProxies:0", "proxy.example.edu",
        ]);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.Contains("Hosting:TrustedProxies has 'proxy.example.edu'", failure.Message, StringComparison.Ordinal);
    }

    private async Task<WebApplication> StartAsync(params string[] settings)
    {
        var app = HelpBotHost.Build(
        [
            "--urls", "http://127.0.0.1:0", "--environment", "Testing",
            "--Storage:Path", Path.Combine(_folder, "helpbot.db"), "--Messaging:OutboxPath", Path.Combine(_folder, "outbox.jsonl"),
            .. settings,
        ]);
        await app.StartAsync();
        return app;
    }

    private static HttpClient Client(WebApplication host) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()),
        };

    private static async Task<HttpStatusCode> MintAsync(HttpClient client, string forwardedFor)
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, TokenUri);
        post.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(post);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> SignInAsync(HttpClient client, string forwardedFor, string username, string password)
    {
        var (cookie, token) = await ConsoleHost.FormAsync(client);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/agent/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["username"] = username, ["password"] = password, ["returnUrl"] = "/agent",
            }),
        };
        post.Headers.Add("Cookie", cookie);
        post.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(post);
        return response.StatusCode;
    }
}
