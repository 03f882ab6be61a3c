using System.Text.Json;
using HelpBot.Tests.Shared;
using Microsoft.Playwright;

namespace HelpBot.EndToEnd.Tests.Accessibility;

/// <summary>One axe-core finding on one element: the rule, how bad, and where.</summary>
public sealed record AxeFinding(string Rule, string Impact, string Help, string Target, bool InWebChat)
{
    public override string ToString() => $"{Rule} ({Impact}): {Help} — {Target}";
}

/// <summary>
/// Runs the real axe-core engine (npm axe-core, installed by test.sh into tests/tools) in a page, against WCAG 2.0/2.1
/// A and AA and axe's best practices. Each finding says whether it lies inside the official Web Chat bundle's own DOM
/// (<c>.helpbot-webchat-host</c>: third-party, listed but not failed) or in HelpBot's markup (failed).
/// </summary>
public static class AxeAudit
{
    private static readonly Lazy<string> Source = new(() =>
    {
        var path = RepoPaths.Of("tests", "tools", "node_modules", "axe-core", "axe.min.js");
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new InvalidOperationException($"{path} is missing; run ./test.sh (it runs `npm ci` in tests/tools).");
    });

    private const string RunScript = """
        async () => {
          const result = await axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
            resultTypes: ['violations']
          });
          const inWebChat = selector => {
            try { const node = document.querySelector(selector); return !!(node && node.closest('.helpbot-webchat-host')); }
            catch { return false; }
          };
          return result.violations.flatMap(v => v.nodes.map(n => ({
            rule: v.id, impact: v.impact || '', help: v.help,
            target: n.target.map(String).join(' '),
            inWebChat: n.target.length === 1 && inWebChat(String(n.target[0]))
          })));
        }
        """;

    /// <summary>Every finding on the page as it is now.</summary>
    public static async Task<IReadOnlyList<AxeFinding>> RunAsync(IPage page)
    {
        // Evaluated through the DevTools protocol, so pages with a strict Content-Security-Policy are audited too.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(Source.Value);
        }
        var json = await page.EvaluateAsync<JsonElement>(RunScript);
        return json.EnumerateArray().Select(f => new AxeFinding(
            f.GetProperty("rule").GetString()!,
            f.GetProperty("impact").GetString()!,
            f.GetProperty("help").GetString()!,
            f.GetProperty("target").GetString()!,
            f.GetProperty("inWebChat").GetBoolean())).ToList();
    }
}
