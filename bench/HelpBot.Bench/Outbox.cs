using System.Text.Json;
using System.Text.RegularExpressions;

namespace HelpBot.Bench;

/// <summary>
/// The hosts' embedded outboxes (one JSON line per message), where the bench reads SafeCodes like a demo user: one file,
/// or one per instance when several instances run (a code is written by whichever instance handled the send).
/// </summary>
public sealed partial class Outbox(params IReadOnlyList<string> paths)
{
    public IReadOnlyList<string> Paths { get; } = paths;

    /// <summary>How many messages have gone to <paramref name="to"/> so far, in each file.</summary>
    public IReadOnlyList<int> CountTo(string to) => [.. Paths.Select(p => Lines(p).Count(l => l.To == to))];

    /// <summary>The code in the first message to <paramref name="to"/> after those counted in <paramref name="before"/>, once it arrives in any file.</summary>
    public async Task<string?> WaitForCodeAsync(string to, IReadOnlyList<int> before, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(before);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var code = Paths.Select((path, i) => Lines(path).Where(l => l.To == to).Skip(before[i])
                .Select(l => SixDigits().Match(l.Text)).FirstOrDefault(m => m.Success)?.Groups[1].Value).FirstOrDefault(c => c is not null);
            if (code is not null)
            {
                return code;
            }
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
        return null;
    }

    private static List<(string To, string Text)> Lines(string path)
    {
        var lines = new List<(string, string)>();
        if (!File.Exists(path))
        {
            return lines;
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                lines.Add((doc.RootElement.GetProperty("to").GetString() ?? "", doc.RootElement.GetProperty("text").GetString() ?? ""));
            }
            catch (JsonException)
            {
                // The writer's last line may be half written: it is read again on the next poll.
            }
        }
        return lines;
    }

    [GeneratedRegex(@"(?<!\d)(\d{6})(?!\d)")]
    private static partial Regex SixDigits();
}
