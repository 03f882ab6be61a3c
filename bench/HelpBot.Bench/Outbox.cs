using System.Text.Json;
using System.Text.RegularExpressions;

namespace HelpBot.Bench;

/// <summary>The host's embedded outbox (one JSON line per message), where the bench reads SafeCodes like a demo user.</summary>
public sealed partial class Outbox(string path)
{
    public string Path { get; } = path;

    /// <summary>How many messages have gone to <paramref name="to"/> so far.</summary>
    public int CountTo(string to) => Lines().Count(l => l.To == to);

    /// <summary>The code in the first message to <paramref name="to"/> after the first <paramref name="before"/>, once it arrives.</summary>
    public async Task<string?> WaitForCodeAsync(string to, int before, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var code = Lines().Where(l => l.To == to).Skip(before)
                .Select(l => SixDigits().Match(l.Text)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
            if (code is not null)
            {
                return code;
            }
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
        return null;
    }

    private List<(string To, string Text)> Lines()
    {
        var lines = new List<(string, string)>();
        if (!File.Exists(Path))
        {
            return lines;
        }
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
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
