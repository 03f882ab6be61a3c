using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace HelpBot.Tests.Shared;

/// <summary>
/// Reads the embedded message sender's outbox (one JSON line <c>{"at","channel","to","text"}</c> per message), where
/// the tests read SafeCodes as a user reads them on their phone. Delivery is a background queue, so waits poll.
/// </summary>
public sealed partial class OutboxFile(string path)
{
    public string Path { get; } = path;

    /// <summary>Every complete message so far (the host may be appending a line right now: a partial last line is skipped).</summary>
    public IReadOnlyList<JsonObject> Read()
    {
        if (!File.Exists(Path))
        {
            return [];
        }
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        var complete = text[..(text.LastIndexOf('\n') + 1)];
        return complete.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
    }

    public int Count() => Read().Count;

    /// <summary>The first message to <paramref name="to"/> after the first <paramref name="after"/> messages whose text matches <paramref name="pattern"/> (any text if null).</summary>
    public async Task<JsonObject> WaitForAsync(string to, int after = 0, Regex? pattern = null, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var match = Read().Skip(after).FirstOrDefault(m => (string?)m["to"] == to && (pattern?.IsMatch((string?)m["text"] ?? "") ?? true));
            if (match is not null)
            {
                return match;
            }
            try
            {
                await Task.Delay(50, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No message to {to}{(pattern is null ? "" : $" matching {pattern}")} reached the outbox.");
            }
        }
    }

    /// <summary>The 6-digit SafeCode in the first new message to <paramref name="to"/> that holds one.</summary>
    public async Task<string> WaitForSafeCodeAsync(string to, int after = 0) =>
        SixDigits().Match((string)(await WaitForAsync(to, after, SixDigits()))["text"]!).Value;

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
