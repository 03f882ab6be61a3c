using System.Text.RegularExpressions;
using HelpBot.Bot.AgentConsole;
using HelpBot.Dialogs.PasswordReset;
using HelpBot.EndToEnd.Tests.AccountFlows;
using HelpBot.EndToEnd.Tests.Handoff;
using HelpBot.EndToEnd.Tests.WebChat;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace HelpBot.EndToEnd.Tests.Accessibility;

/// <summary>
/// WCAG 2.1 AA on every page HelpBot serves, checked by axe-core in Chromium at a desktop and a phone width: the Web
/// Chat page with a card and suggested actions, the widget closed and open, the reset page, the console's sign-in,
/// queue and an open ticket. Findings in HelpBot's own markup fail; findings inside the third-party Web Chat bundle are
/// listed in the test output. At phone widths, down to 320 px, nothing may need sideways scrolling (WCAG 1.4.10). And an agent works
/// the console with the keyboard alone.
/// </summary>
public sealed partial class AccessibilityTests(HandoffDeskFixture desk, ITestOutputHelper output) : IClassFixture<HandoffDeskFixture>, IAsyncLifetime
{
    // The seed's expired-password account (bot/Accounts/accounts.seed.json): a reset link for it shows the reset page.
    private const string ResetUsername = "rbrown";

    private readonly List<string> _failures = [];
    private IPage _user = null!;
    private IPage _agent = null!;

    public async Task InitializeAsync()
    {
        _user = await desk.NewPageAsync();
        _agent = await desk.NewPageAsync();
        foreach (var page in new[] { _user, _agent })
        {
            page.SetDefaultTimeout(30_000);
        }
        SetDefaultExpectTimeout(30_000);
    }

    public async Task DisposeAsync()
    {
        await _user.CloseAsync();
        await _agent.CloseAsync();
    }

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(390, 844)]
    [InlineData(320, 640)] // WCAG 1.4.10: content reflows at 320 CSS px
    public async Task AxeFindsNothingInHelpBotsOwnMarkupOnAnyPage(int width, int height)
    {
        var size = new ViewportSize { Width = width, Height = height };
        await _user.SetViewportSizeAsync(size.Width, size.Height);
        await _agent.SetViewportSizeAsync(size.Width, size.Height);
        var chat = new WebChatDriver(_user);

        // The Web Chat page, with the welcome card, then suggested actions showing.
        await _user.GotoAsync(new Uri(desk.BaseUrl, "/?transport=websocket").ToString());
        await Expect(_user.GetByText(BotSays.Greeting).First).ToBeVisibleAsync();
        await AuditAsync(_user, $"Web Chat page with the welcome card ({width} px)");
        await chat.SendAsync(AccountFlowSays.ForgotPassword);
        await Expect(BotActivity(AccountFlowSays.AskIdentifier)).ToBeVisibleAsync();
        await chat.SendAsync(ResetUsername);
        await Expect(_user.GetByRole(AriaRole.Button, new() { Name = AccountFlowSays.EmailChoice }).First).ToBeVisibleAsync();
        await AuditAsync(_user, $"Web Chat page with suggested actions ({width} px)");

        // The widget on the demo page: closed, then open with the greeting.
        await _user.GotoAsync(new Uri(desk.BaseUrl, "/widget-demo.html?transport=websocket").ToString());
        var launcher = _user.GetByRole(AriaRole.Button, new() { Name = "Chat with HelpBot" });
        await Expect(launcher).ToBeVisibleAsync();
        await AuditAsync(_user, $"widget demo page, closed ({width} px)");
        await launcher.ClickAsync();
        await Expect(_user.GetByRole(AriaRole.Dialog, new() { Name = "HelpBot" }).GetByText(BotSays.Greeting).First).ToBeVisibleAsync();
        await AuditAsync(_user, $"widget demo page, open ({width} px)");

        // The one-time reset page.
        var link = await desk.Services.GetRequiredService<IResetLinks>().IssueAsync(
            ResetUsername, ResetReason.Forgotten, new ConversationReference { ChannelId = "directline", Conversation = new ConversationAccount(id: "a11y-" + width) });
        await _user.GotoAsync(new Uri(desk.BaseUrl, link.Url.PathAndQuery).ToString());
        await Expect(_user.GetByRole(AriaRole.Heading, new() { Name = AccountFlowSays.ResetFormTitle })).ToBeVisibleAsync();
        await AuditAsync(_user, $"reset page ({width} px)");

        // The console: sign-in, the queue with a waiting ticket, the ticket open.
        var ticket = await AskForAPersonAsync();
        await _agent.GotoAsync(new Uri(desk.BaseUrl, "/agent/signin").ToString());
        await Expect(_agent.GetByLabel("Agent username")).ToBeVisibleAsync();
        await AuditAsync(_agent, $"console sign-in ({width} px)");
        await SignInAsync();
        var item = _agent.Locator($"#queue li[data-ticket='{ticket}']");
        await Expect(item).ToBeVisibleAsync();
        await AuditAsync(_agent, $"console queue ({width} px)");
        foreach (var navLink in await _agent.Locator("header nav a").AllAsync())
        {
            // WCAG 2.5.8: a target at least 24 by 24 CSS px.
            var box = await navLink.BoundingBoxAsync();
            if (box is null || box.Width < 24 || box.Height < 24)
            {
                _failures.Add($"console nav link \"{await navLink.TextContentAsync()}\" is {box?.Width:0}×{box?.Height:0} px, under 24×24 ({width} px)");
            }
        }
        await item.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(_agent.Locator("#transcript")).ToContainTextAsync("talk to a person");
        await Expect(item.GetByRole(AriaRole.Button)).ToHaveAttributeAsync("aria-current", "true");
        await AuditAsync(_agent, $"console with a ticket open ({width} px)");
        if (desk.ScreenshotDirectory is not null)
        {
            await _agent.ScreenshotAsync(new() { Path = Path.Combine(desk.ScreenshotDirectory, $"a11y-console-{width}.png"), FullPage = true });
        }

        Assert.True(_failures.Count == 0, "Accessibility findings in HelpBot's markup:\n" + string.Join("\n", _failures));
    }

    [Fact]
    public async Task AnAgentTakesAndResolvesATicketWithTheKeyboardAlone()
    {
        var ticket = await AskForAPersonAsync();
        await _agent.GotoAsync(new Uri(desk.BaseUrl, "/agent/signin").ToString());
        // The sign-in form: typed and submitted without a pointer.
        await Expect(_agent.GetByLabel("Agent username")).ToBeFocusedAsync();
        await _agent.Keyboard.TypeAsync(DemoAgent.Username);
        await _agent.Keyboard.PressAsync("Tab");
        await _agent.Keyboard.TypeAsync(DemoAgent.Password);
        await _agent.Keyboard.PressAsync("Enter");
        await Expect(_agent.Locator("#connection")).ToHaveTextAsync("Live");

        // Tab to the waiting ticket and open it with Space (a list item that answered only Enter would fail here).
        var open = _agent.Locator($"#queue li[data-ticket='{ticket}']").GetByRole(AriaRole.Button);
        await Expect(open).ToBeVisibleAsync();
        await KeyboardUser.TabUntilFocusedAsync(_agent, open);
        await _agent.Keyboard.PressAsync(" ");
        await Expect(_agent.Locator("#transcript")).ToContainTextAsync("talk to a person");

        // Take it, answer, resolve with a note: Tab and Enter only.
        var take = _agent.GetByRole(AriaRole.Button, new() { Name = "Take this conversation" });
        await KeyboardUser.TabUntilFocusedAsync(_agent, take);
        await _agent.Keyboard.PressAsync("Enter");
        var reply = _agent.Locator("#reply-text");
        await Expect(reply).ToBeVisibleAsync();
        await KeyboardUser.TabUntilFocusedAsync(_agent, reply);
        await _agent.Keyboard.TypeAsync("Hello, this is the Service Desk.");
        await _agent.Keyboard.PressAsync("Enter");
        await Expect(BotActivity("Hello, this is the Service Desk.")).ToBeVisibleAsync();
        await KeyboardUser.TabUntilFocusedAsync(_agent, _agent.GetByLabel("Resolution note"));
        await _agent.Keyboard.TypeAsync("Answered by keyboard.");
        await KeyboardUser.TabUntilFocusedAsync(_agent, _agent.GetByRole(AriaRole.Button, new() { Name = "Resolve", Exact = true }));
        await _agent.Keyboard.PressAsync("Enter");
        await Expect(_agent.Locator("#ticket-title")).ToContainTextAsync("Resolved");
        await Expect(BotActivity("The Service Desk has closed this conversation")).ToBeVisibleAsync();
    }

    private async Task AuditAsync(IPage page, string what)
    {
        var findings = await AxeAudit.RunAsync(page);
        foreach (var finding in findings.Where(f => f.InWebChat))
        {
            output.WriteLine($"[Web Chat bundle, not failed] {what}: {finding}");
        }
        _failures.AddRange(findings.Where(f => !f.InWebChat).Select(f => $"{what}: {f}"));
        // WCAG 1.4.10: the page reflows, nothing needs sideways scrolling.
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        if (overflow > 0)
        {
            _failures.Add($"{what}: the page is {overflow} px wider than the window and scrolls sideways");
        }
    }

    private async Task<string> AskForAPersonAsync()
    {
        await _user.GotoAsync(new Uri(desk.BaseUrl, "/?transport=websocket").ToString());
        await Expect(_user.GetByText(BotSays.Greeting).First).ToBeVisibleAsync();
        await new WebChatDriver(_user).SendAsync("talk to a person");
        var queued = _user.Locator(WebChatDriver.ActivitySelector).Filter(new() { HasTextRegex = Ticket() }).First;
        await Expect(queued).ToBeVisibleAsync();
        return Ticket().Match(await queued.TextContentAsync() ?? "").Value;
    }

    private async Task SignInAsync()
    {
        if (_agent.Url.Contains("/agent/signin", StringComparison.Ordinal))
        {
            await _agent.GetByLabel("Agent username").FillAsync(DemoAgent.Username);
            await _agent.GetByLabel("Password").FillAsync(DemoAgent.Password);
            await _agent.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        }
        await Expect(_agent.Locator("#connection")).ToHaveTextAsync("Live");
    }

    private ILocator BotActivity(Regex text) => _user.Locator(WebChatDriver.ActivitySelector).Filter(new() { HasTextRegex = text }).Last;

    private ILocator BotActivity(string text) => _user.Locator(WebChatDriver.ActivitySelector).Filter(new() { HasText = text }).Last;

    [GeneratedRegex(@"HD-\d{6}")]
    private static partial Regex Ticket();
}
