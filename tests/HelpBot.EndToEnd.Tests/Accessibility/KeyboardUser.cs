using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HelpBot.EndToEnd.Tests.Accessibility;

/// <summary>What a keyboard-only user does: Tab until the control they want has the focus.</summary>
internal static class KeyboardUser
{
    /// <summary>
    /// Presses Tab (at most <paramref name="limit"/> times) until <paramref name="target"/> has the focus, and if the
    /// page moved things around meanwhile (Web Chat re-renders its suggested actions as replies arrive), Shift+Tab back
    /// as a person would.
    /// </summary>
    public static async Task TabUntilFocusedAsync(IPage page, ILocator target, int limit = 40)
    {
        foreach (var key in new[] { "Tab", "Shift+Tab" })
        {
            for (var i = 0; i < limit; i++)
            {
                if (await IsFocusedAsync(target))
                {
                    return;
                }
                await page.Keyboard.PressAsync(key);
            }
        }
        await Expect(target).ToBeFocusedAsync(new() { Timeout = 1_000 });
    }

    public static Task<bool> IsFocusedAsync(ILocator target) =>
        target.EvaluateAsync<bool>("node => node === document.activeElement");
}
