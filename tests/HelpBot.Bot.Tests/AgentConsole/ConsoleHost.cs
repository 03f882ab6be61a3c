using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using HelpBot.Bot.AgentConsole;
using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.Messaging;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json;

namespace HelpBot.Bot.Tests.AgentConsole;

/// <summary>
/// The real host in memory with the demo agent and a second agent, and one stand-in: the user's side of the proactive
/// path (an <see cref="IProactiveChannel"/> for <see cref="UserServiceUrl"/>) records what users would receive.
/// Signs agents in through the real sign-in form and connects them to the real hub.
/// </summary>
public sealed partial class ConsoleHost : IAsyncDisposable
{
    public const string UserServiceUrl = "urn:test:user";
    public const string SecondAgent = "agent.two";
    public const string SecondAgentName = "Sam Second";
    public const string SecondPassword = "second-agent-password-1";

    private readonly HelpBotFactory _factory;
    private readonly WebApplicationFactory<Program> _app;

    public ConsoleHost(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["AgentConsole:DemoAgent"] = "true" };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            all[k] = v;
        }
        _factory = new HelpBotFactory(all);
        _app = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IProactiveChannel>(UserSide)));
        _ = _app.Server;
        Services.GetRequiredService<IAgentAccounts>().AddOrUpdate(SecondAgent, SecondAgentName, SecondPassword);
    }

    public RecordingUserSide UserSide { get; } = new();

    public IServiceProvider Services => _app.Services;

    public IEscalationStore Store => Services.GetRequiredService<IEscalationStore>();

    /// <summary>A client that neither follows redirects nor keeps cookies: each test says which cookie it sends.</summary>
    public HttpClient Client() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>Signs in through the form; returns the Cookie header value of the session (auth and antiforgery cookies) and the page's antiforgery token.</summary>
    public async Task<AgentSession> SignInAsync(string username = DemoAgent.Username, string password = DemoAgent.Password)
    {
        using var client = Client();
        var (formCookie, token) = await FormAsync(client);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/agent/signin")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["username"] = username, ["password"] = password, ["returnUrl"] = "/agent",
            }),
        };
        post.Headers.Add("Cookie", formCookie);
        using var response = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookies = formCookie + "; " + string.Join("; ", CookiesOf(response));
        // The console page issues the token its scripts send in the antiforgery header.
        using var page = new HttpRequestMessage(HttpMethod.Get, "/agent");
        page.Headers.Add("Cookie", cookies);
        using var pageResponse = await client.SendAsync(page);
        var html = await pageResponse.Content.ReadAsStringAsync();
        var pageToken = MetaToken().Match(html).Groups[1].Value;
        var more = CookiesOf(pageResponse).ToList();
        return new AgentSession(this, more.Count == 0 ? cookies : cookies + "; " + string.Join("; ", more), WebUtility.HtmlDecode(pageToken));
    }

    /// <summary>GETs the sign-in form: its antiforgery cookie and token.</summary>
    public static async Task<(string Cookie, string Token)> FormAsync(HttpClient client)
    {
        using var form = await client.GetAsync("/agent/signin");
        var html = await form.Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(FormToken().Match(html).Groups[1].Value);
        return (string.Join("; ", CookiesOf(form)), token);
    }

    public static IEnumerable<string> CookiesOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : [];

    public HubConnection Hub(string? cookie) => new HubConnectionBuilder()
        .WithUrl(new Uri(_app.Server.BaseAddress, "/agent/hub"), o =>
        {
            o.Transports = HttpTransportType.LongPolling;
            o.HttpMessageHandlerFactory = _ => _app.Server.CreateHandler();
            if (cookie is not null)
            {
                o.Headers["Cookie"] = cookie;
            }
        })
        .Build();

    /// <summary>A live escalation from a user the recording side stands in for.</summary>
    public Task<Escalation> EscalateAsync(string conversationId, DateTimeOffset at, string? username = null, EscalationReason reason = EscalationReason.UserAsked,
        params TranscriptLine[] transcript) =>
        Store.CreateAsync(new NewEscalation
        {
            Reason = reason,
            Intent = "talk_to_agent",
            Username = username,
            DisplayName = username is null ? null : "Display of " + username,
            ChannelId = "directline",
            ConversationId = conversationId,
            ConversationReference = JsonConvert.SerializeObject(new ConversationReference
            {
                ChannelId = "directline",
                ServiceUrl = UserServiceUrl,
                Conversation = new ConversationAccount(id: conversationId),
                User = new ChannelAccount(id: "user-" + conversationId),
                Bot = new ChannelAccount(id: "helpbot"),
            }),
            Transcript = transcript,
        }, at);

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("<meta name=\"helpbot-antiforgery\" content=\"([^\"]+)\">")]
    private static partial Regex MetaToken();
}

/// <summary>A signed-in agent: the cookies to send and the antiforgery token the console page holds.</summary>
public sealed record AgentSession(ConsoleHost Host, string Cookie, string AntiforgeryToken)
{
    public HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", Cookie);
        request.Headers.Add("X-HelpBot-Antiforgery", AntiforgeryToken);
        return request;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path)
    {
        using var client = Host.Client();
        using var request = Request(method, path);
        return await client.SendAsync(request);
    }

    public async Task<HubConnection> ConnectAsync()
    {
        var hub = Host.Hub(Cookie);
        await hub.StartAsync();
        return hub;
    }
}

/// <summary>The users' conversations, as far as the desk can reach them: every activity sent, by conversation id.</summary>
public sealed class RecordingUserSide : IProactiveChannel
{
    public ConcurrentQueue<(string ConversationId, IActivity Activity)> Sent { get; } = new();

    public bool Handles(ConversationReference conversation) => conversation.ServiceUrl == ConsoleHost.UserServiceUrl;

    public Task SendAsync(ConversationReference conversation, IActivity activity, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue((conversation.Conversation.Id, activity));
        return Task.CompletedTask;
    }

    public IReadOnlyList<string> TextsTo(string conversationId) =>
        Sent.Where(s => s.ConversationId == conversationId).Select(s => (s.Activity as Activity)?.Text).OfType<string>().ToList();
}
