using System.Diagnostics;
using System.Text.Json.Nodes;

namespace HelpBot.Tests.Shared;

/// <summary>
/// Checks Adaptive Cards with the official JS library (npm `adaptivecards`, schema 1.5), through
/// tests/tools/validate-cards.js. `./test.sh` installs the npm packages.
/// </summary>
public static class CardValidator
{
    /// <summary>The problems the official library reports for each card, in order (empty lists for valid cards).</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<string>>> ProblemsAsync(IEnumerable<JsonNode> cards)
    {
        var script = RepoPaths.Of("tests", "tools", "validate-cards.js");
        if (!Directory.Exists(RepoPaths.Of("tests", "tools", "node_modules", "adaptivecards")))
        {
            throw new InvalidOperationException("The adaptivecards npm package is missing: run ./test.sh (or npm ci in tests/tools) first.");
        }
        var start = new ProcessStartInfo("node", [script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        await node.StandardInput.WriteAsync(new JsonArray(cards.Select(c => c.DeepClone()).ToArray()).ToJsonString());
        node.StandardInput.Close();
        var output = await node.StandardOutput.ReadToEndAsync();
        var errors = await node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"validate-cards.js failed: {errors}");
        }
        return JsonNode.Parse(output)!.AsArray()
            .Select(r => (IReadOnlyList<string>)r!["problems"]!.AsArray().Select(p => (string)p!).ToList())
            .ToList();
    }

    /// <summary>Fails with every problem listed when any card is not valid Adaptive Card 1.5.</summary>
    public static async Task AssertValidAsync(params JsonNode[] cards)
    {
        var problems = await ProblemsAsync(cards);
        var report = problems.SelectMany((list, i) => list.Select(p => $"card {i}: {p}")).ToList();
        Xunit.Assert.True(report.Count == 0, "Adaptive Card problems:\n" + string.Join("\n", report));
    }
}
