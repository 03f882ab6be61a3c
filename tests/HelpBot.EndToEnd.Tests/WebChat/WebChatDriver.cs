using System.Text.Json;
using Microsoft.Playwright;

namespace HelpBot.EndToEnd.Tests.WebChat;

/// <summary>One activity as Web Chat shows it in the transcript, in display order.</summary>
public sealed record ShownActivity(bool FromUser, string Text);

/// <summary>Reads and drives the official Web Chat in a page: the transcript, the send box, waiting for the bot.</summary>
public sealed class WebChatDriver(IPage page)
{
    private const string SendBox = "[data-id='webchat-sendbox-input']";

    /// <summary>One activity (message or card) in the transcript.</summary>
    public const string ActivitySelector = ".webchat__basic-transcript__activity";

    // The transcript in display order. Each activity's text includes Web Chat's screen-reader copies, so match loosely.
    private const string TranscriptScript = """
        () => [...document.querySelectorAll('.webchat__basic-transcript__activity')].map(item => ({
          fromUser: !!item.querySelector('.webchat__stacked-layout--from-user'),
          text: item.textContent || ''
        }))
        """;

    public IPage Page => page;

    public async Task<IReadOnlyList<ShownActivity>> TranscriptAsync()
    {
        var json = await page.EvaluateAsync<JsonElement>(TranscriptScript);
        return json.EnumerateArray()
            .Select(a => new ShownActivity(a.GetProperty("fromUser").GetBoolean(), a.GetProperty("text").GetString() ?? ""))
            .ToList();
    }

    public async Task<int> BotActivityCountAsync() => (await TranscriptAsync()).Count(a => !a.FromUser);

    public async Task SendAsync(string text)
    {
        var box = page.Locator(SendBox).First;
        await box.FillAsync(text);
        await box.PressAsync("Enter");
    }

    /// <summary>Waits until the transcript holds the user's message and at least one bot activity after it; returns those.</summary>
    public async Task<IReadOnlyList<ShownActivity>> WaitForBotAnswerToAsync(string userText)
    {
        await page.WaitForFunctionAsync(
            """
            userText => {
              const items = [...document.querySelectorAll('.webchat__basic-transcript__activity')];
              const fromUser = item => !!item.querySelector('.webchat__stacked-layout--from-user');
              const mine = items.findIndex(item => fromUser(item) && (item.textContent || '').includes(userText));
              return mine >= 0 && items.slice(mine + 1).some(item => !fromUser(item));
            }
            """,
            userText);
        var transcript = await TranscriptAsync();
        var mine = transcript.ToList().FindIndex(a => a.FromUser && a.Text.Contains(userText, StringComparison.Ordinal));
        return transcript.Skip(mine + 1).Where(a => !a.FromUser).ToList();
    }

    /// <summary>Waits until more than <paramref name="before"/> bot activities are shown; returns the newest ones.</summary>
    public async Task<IReadOnlyList<ShownActivity>> WaitForNewBotActivitiesAsync(int before)
    {
        await page.WaitForFunctionAsync(
            """
            before => [...document.querySelectorAll('.webchat__basic-transcript__activity')]
              .filter(item => !item.querySelector('.webchat__stacked-layout--from-user')).length > before
            """,
            before);
        return (await TranscriptAsync()).Where(a => !a.FromUser).Skip(before).ToList();
    }

    public async Task ScreenshotAsync(string? directory, string name)
    {
        if (directory is null)
        {
            return;
        }
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png") });
    }
}
