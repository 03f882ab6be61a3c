using System.Diagnostics;
using Microsoft.Playwright;
using static HelpBot.Bench.EnumerationCommand;

namespace HelpBot.Bench;

/// <summary>
/// <c>pageload</c>: how long from navigating to the chat page until Web Chat shows HelpBot's welcome, in Debian's
/// Chromium (headless), with a cold browser cache (a fresh browser profile each run) and a warm one (a new tab in the
/// same profile: a new conversation, the bundle from the cache). Also prints how many bytes of the Web Chat bundle
/// crossed the network each time. The host runs in this process, on loopback.
/// </summary>
public static class PageLoadCommand
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static async Task<int> RunAsync(int runs, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!File.Exists(ChromiumPath))
        {
            await output.WriteLineAsync($"pageload needs Debian's Chromium at {ChromiumPath} (apt-get install -y chromium).").ConfigureAwait(false);
            return 2;
        }
        await output.WriteLineAsync(Invariant($"pageload: {runs} run(s); each opens / in a fresh Chromium profile (cold cache), then again in a new tab (warm cache), and times navigation -> the welcome shown")).ConfigureAwait(false);
        await using var server = await InProcessHelpBot.StartAsync().ConfigureAwait(false);
        using var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        var cold = new List<double>();
        var warm = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var profile = Directory.CreateTempSubdirectory("helpbot-bench-chromium-").FullName;
            try
            {
                await using var browser = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
                {
                    ExecutablePath = ChromiumPath,
                    Headless = true,
                    Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
                }).ConfigureAwait(false);
                var (coldMs, coldBytes) = await TimeToWelcomeAsync(browser, server.BaseAddress).ConfigureAwait(false);
                var (warmMs, warmBytes) = await TimeToWelcomeAsync(browser, server.BaseAddress).ConfigureAwait(false);
                cold.Add(coldMs);
                warm.Add(warmMs);
                await output.WriteLineAsync(Invariant($"run {run}: cold {coldMs:F0} ms ({coldBytes / 1024} KiB of Web Chat over the network), warm {warmMs:F0} ms ({warmBytes / 1024} KiB)")).ConfigureAwait(false);
            }
            finally
            {
                InProcessHelpBot.TryDelete(profile);
            }
        }
        cold.Sort();
        warm.Sort();
        await output.WriteLineAsync(Invariant($"pageload: to the welcome, cold cache median {Stats.Percentile(cold, 50):F0} ms (max {cold[^1]:F0}), warm cache median {Stats.Percentile(warm, 50):F0} ms (max {warm[^1]:F0})")).ConfigureAwait(false);
        return 0;
    }

    private static async Task<(double Milliseconds, long BundleBytes)> TimeToWelcomeAsync(IBrowserContext browser, Uri baseAddress)
    {
        var page = await browser.NewPageAsync().ConfigureAwait(false);
        try
        {
            var clock = Stopwatch.StartNew();
            await page.GotoAsync(new Uri(baseAddress, "/").ToString()).ConfigureAwait(false);
            await page.Locator(".webchat__basic-transcript__activity").First.WaitForAsync(new() { Timeout = 60_000 }).ConfigureAwait(false);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            // transferSize is 0 when the bundle came from the cache, and the compressed size when it crossed the network.
            var bytes = await page.EvaluateAsync<long>(
                "() => performance.getEntriesByType('resource').filter(e => e.name.includes('/lib/webchat.')).reduce((sum, e) => sum + e.transferSize, 0)").ConfigureAwait(false);
            return (elapsed, bytes);
        }
        finally
        {
            await page.CloseAsync().ConfigureAwait(false);
        }
    }
}
