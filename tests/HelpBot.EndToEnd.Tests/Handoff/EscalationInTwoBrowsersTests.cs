using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using HelpBot.Bot.AgentConsole;
using HelpBot.Dialogs.Handoff;
using HelpBot.EndToEnd.Tests.WebChat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HelpBot.EndToEnd.Tests.Handoff;

/// <summary>
/// A whole escalation with two Chromium tabs: the user in the official Web Chat asks for a person; the demo agent
/// signs in to /agent, sees the ticket in the live queue, takes it; messages go both ways; a SafeCode-looking number
/// the user types never appears on the agent's page (docs/security.md, C4, H2); the agent resolves; the user answers the
/// survey and is back with the bot.
/// </summary>
public sealed partial class EscalationInTwoBrowsersTests(HandoffDeskFixture desk) : IClassFixture<HandoffDeskFixture>, IAsyncLifetime
{
    private const string Code = "482913";

    private IPage _user = null!;
    private IPage _agent = null!;
    private WebChatDriver _chat = null!;

    public async Task InitializeAsync()
    {
        _user = await desk.NewPageAsync();
        _agent = await desk.NewPageAsync();
        foreach (var page in new[] { _user, _agent })
        {
            page.SetDefaultTimeout(30_000);
        }
        SetDefaultExpectTimeout(30_000);
        _chat = new WebChatDriver(_user);
    }

    public async Task DisposeAsync()
    {
        await _user.CloseAsync();
        await _agent.CloseAsync();
    }

    [Fact]
    public async Task TheUserReachesAnAgentChatsAndIsBackWithTheBotAfterTheSurvey()
    {
        // The user asks for a person and is told their ticket and place in the queue.
        await _user.GotoAsync(new Uri(desk.BaseUrl, "/?transport=websocket").ToString());
        await Expect(_user.Locator(WebChatDriver.ActivitySelector).Filter(new() { HasTextRegex = BotSays.Greeting }).First).ToBeVisibleAsync();
        await _chat.SendAsync("talk to a person");
        var queued = _user.Locator(WebChatDriver.ActivitySelector).Filter(new() { HasTextRegex = Ticket() }).First;
        await Expect(queued).ToBeVisibleAsync();
        var ticket = Ticket().Match(await queued.TextContentAsync() ?? "").Value;

        // Every response the agent's pages get is recorded: no page may ask for something that isn't there (the icon).
        var missing = new ConcurrentQueue<string>();
        _agent.Response += (_, r) =>
        {
            if (r.Status == 404)
            {
                missing.Enqueue(r.Url);
            }
        };

        // The agent signs in (a console page first sends them to the sign-in form) and sees the ticket in the queue.
        await _agent.GotoAsync(new Uri(desk.BaseUrl, "/agent").ToString());
        await Expect(_agent).ToHaveURLAsync(new Regex("/agent/signin"));
        await _agent.GetByLabel("Agent username").FillAsync(DemoAgent.Username);
        await _agent.GetByLabel("Password").FillAsync(DemoAgent.Password);
        await _agent.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(_agent.Locator("#connection")).ToHaveTextAsync("Live");
        var inQueue = _agent.Locator($"#queue li[data-ticket='{ticket}']");
        await Expect(inQueue).ToBeVisibleAsync();
        await Expect(inQueue.Locator(".waited")).ToHaveTextAsync(new Regex(@"^\d+:\d\d$"));
        // The queue says where the user writes from in words, not the channel id.
        await Expect(inQueue.Locator(".reason")).ToHaveTextAsync("Asked for a person · Web chat");

        // Take it: the context and the transcript so far; the user hears who joined.
        await inQueue.ClickAsync();
        await Expect(_agent.Locator("#transcript")).ToContainTextAsync("talk to a person");
        await _agent.Locator("#take").ClickAsync();
        await Expect(_agent.Locator("#reply-text")).ToBeVisibleAsync();
        await Expect(_agent.Locator($"#mine li[data-ticket='{ticket}']")).ToBeVisibleAsync();
        await Expect(_agent.Locator("#context")).ToContainTextAsync("Asked for a person");
        // People's words, not internal names: the intent and the channel.
        await Expect(_agent.Locator("#context")).ToContainTextAsync(new Regex("Intent\\s*Asked for a person"));
        await Expect(_agent.Locator("#context")).ToContainTextAsync(new Regex("Channel\\s*Web chat"));
        await Expect(_agent.Locator("#context")).Not.ToContainTextAsync("talk_to_agent");
        await Expect(_agent.Locator("#context")).Not.ToContainTextAsync(new Regex("directline|webchat"));
        // "not given" once, in the account panel; the context doesn't repeat it.
        await Expect(_agent.Locator("#account")).ToContainTextAsync("not given");
        await Expect(_agent.Locator("#context")).Not.ToContainTextAsync("not given");
        Assert.Equal(1, await _agent.GetByText("not given").CountAsync());
        // The demo agent is the only agent: no one to transfer to, so no "Transfer to" at all.
        await Expect(_agent.Locator("#owner-actions")).ToBeVisibleAsync();
        await Expect(_agent.GetByText("Transfer to")).ToBeHiddenAsync();
        await Expect(_agent.Locator("#transfer")).ToBeHiddenAsync();
        await Expect(BotActivity(DemoAgent.DisplayName + " from the HMS IT Service Desk has joined")).ToBeVisibleAsync();

        // Agent → user, with the typing indicator first.
        await _agent.Locator("#reply-text").PressSequentiallyAsync("Hello, I'm");
        await Expect(_user.Locator(".webchat__typing-indicator")).ToBeVisibleAsync();
        await _agent.Locator("#reply-text").FillAsync("Hello, I'm Dana from the Service Desk. How can I help?");
        await _agent.Locator("#reply-text").PressAsync("Enter");
        await Expect(BotActivity("How can I help?")).ToBeVisibleAsync();
        // A person is not the bot: the agent's message shows their name and their own initials, not HelpBot's "HB".
        var fromAgent = BotActivity("How can I help?");
        await Expect(fromAgent).ToContainTextAsync(DemoAgent.DisplayName + ", HMS IT Service Desk");
        await Expect(fromAgent.Locator(".helpbot-agent-avatar")).ToHaveTextAsync("DD");
        Assert.DoesNotContain(DemoAgent.DisplayName + ":", await fromAgent.TextContentAsync() ?? "", StringComparison.Ordinal);
        await Expect(BotActivity(DemoAgent.DisplayName + " from the HMS IT Service Desk has joined").Locator(".helpbot-agent-avatar")).ToHaveCountAsync(0);
        await new WebChatDriver(_user).ScreenshotAsync(desk.ScreenshotDirectory, "agent-in-webchat");
        // The same on a phone.
        await _user.SetViewportSizeAsync(390, 844);
        await fromAgent.ScrollIntoViewIfNeededAsync();
        await Expect(fromAgent.Locator(".helpbot-agent-avatar")).ToBeVisibleAsync();
        await Expect(fromAgent).ToContainTextAsync(DemoAgent.DisplayName + ", HMS IT Service Desk");
        await new WebChatDriver(_user).ScreenshotAsync(desk.ScreenshotDirectory, "agent-in-webchat-390");
        await _user.SetViewportSizeAsync(1200, 900);

        // User → agent, live; a SafeCode-looking number never reaches the agent's page.
        await _chat.SendAsync("My departmental mailbox radiology is locked");
        await Expect(_agent.Locator("#transcript")).ToContainTextAsync("radiology is locked");
        await _chat.SendAsync($"they texted me {Code}, is that what you need?");
        await Expect(_agent.Locator("#transcript")).ToContainTextAsync("they texted me ••••••");
        Assert.DoesNotContain(Code, await _agent.ContentAsync(), StringComparison.Ordinal);
        await Expect(_agent.Locator("#transcript")).Not.ToContainTextAsync(Code);
        if (desk.ScreenshotDirectory is not null)
        {
            await _agent.ScreenshotAsync(new() { Path = Path.Combine(desk.ScreenshotDirectory, "agent-chat.png") });
        }

        // A canned answer, then resolve with a note: the user gets the survey and is back with the bot.
        await _agent.GetByRole(AriaRole.Button, new() { Name = "Service Desk", Exact = true }).ClickAsync();
        await _agent.Locator("#reply-text").PressAsync("Enter");
        await Expect(BotActivity("617-432-2000")).ToBeVisibleAsync();
        await Expect(_agent.Locator("#transcript")).ToContainTextAsync("HMS IT Service Desk at 617-432-2000");
        await Expect(_agent.Locator("#reply")).ToBeVisibleAsync();
        await _agent.Locator("#resolve-note").FillAsync("Unlocked radiology after checking with the department.");
        await _agent.Locator("#resolve").ClickAsync();
        await Expect(_agent.Locator("#ticket-title")).ToContainTextAsync("Resolved");
        await Expect(_agent.Locator("#reply")).ToBeHiddenAsync();
        await Expect(BotActivity("The Service Desk has closed this conversation")).ToBeVisibleAsync();
        var five = _user.GetByRole(AriaRole.Button, new() { Name = "5 · Very satisfied" }).Last;
        await Expect(five).ToBeVisibleAsync();
        await five.ClickAsync();
        await Expect(BotActivity("Thank you for the feedback")).ToBeVisibleAsync();

        await _chat.SendAsync(BotSays.SafeCodeQuestion);
        await Expect(_user.Locator(WebChatDriver.ActivitySelector).Filter(new() { HasTextRegex = BotSays.ReplyTo(BotSays.SafeCodeQuestion) }).Last).ToBeVisibleAsync();
        // …answered by the bot, not relayed to the desk.
        await Expect(_agent.Locator("#transcript")).Not.ToContainTextAsync(BotSays.SafeCodeQuestion);

        var stored = await desk.Services.GetRequiredService<IEscalationStore>().GetAsync(ticket);
        Assert.Equal(EscalationStatus.Resolved, stored!.Status);
        Assert.Equal(5, stored.Satisfaction);
        Assert.DoesNotContain(stored.Transcript, l => l.Text.Contains(Code, StringComparison.Ordinal));
        // The desk's metrics page counts this escalation, its reason and the answer to the survey.
        await _agent.GetByRole(AriaRole.Link, new() { Name = "Metrics" }).ClickAsync();
        await Expect(_agent.Locator("#figures")).ToContainTextAsync("Containment");
        await Expect(_agent.Locator("#figures")).ToContainTextAsync("5.00 of 5 (1 answer)");
        await Expect(_agent.Locator("#figures")).Not.ToContainTextAsync("1 answers");
        await Expect(_agent.Locator("#reasons")).ToContainTextAsync("Asked for a person");
        await _agent.ScreenshotAsync(new() { Path = desk.ScreenshotDirectory is null ? null : Path.Combine(desk.ScreenshotDirectory, "agent-metrics.png") });
        await _agent.GoBackAsync();
        await _agent.ScreenshotAsync(new() { Path = desk.ScreenshotDirectory is null ? null : Path.Combine(desk.ScreenshotDirectory, "agent-console.png") });

        // The site icon is there (the brand's "HB"), so no page logged a 404 for it.
        var icon = await _agent.APIRequest.GetAsync(new Uri(desk.BaseUrl, "/favicon.ico").ToString());
        Assert.Equal(200, icon.Status);
        Assert.Equal("image/svg+xml", icon.Headers["content-type"].Split(';')[0]);
        Assert.Empty(missing);
    }

    private ILocator BotActivity(string text) =>
        _user.Locator(WebChatDriver.ActivitySelector).Filter(new() { HasText = text }).Last;

    [GeneratedRegex(@"HD-\d{6}")]
    private static partial Regex Ticket();
}
