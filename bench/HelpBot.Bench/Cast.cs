using System.Text.Json;
using HelpBot.Bot.Hosting;
using HelpBot.Dialogs.SafeCode;

namespace HelpBot.Bench;

/// <summary>A personal account of the demo cast with where its SafeCodes go.</summary>
public sealed record CastMember(string Username, string? TextPhone, string? AlternateEmail);

/// <summary>The real personal accounts, read from the seed the host itself embeds (bot/Accounts/accounts.seed.json).</summary>
public static class Cast
{
    public static IReadOnlyList<CastMember> PersonalAccounts { get; } = Load();

    private static List<CastMember> Load()
    {
        using var seed = typeof(HelpBotHost).Assembly.GetManifestResourceStream("HelpBot.Bot.Accounts.accounts.seed.json")
            ?? throw new InvalidOperationException("The HelpBot assembly does not embed accounts.seed.json.");
        using var doc = JsonDocument.Parse(seed, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return doc.RootElement.EnumerateArray()
            .Where(a => a.GetProperty("type").GetString() == "Personal")
            .Select(a => new CastMember(a.GetProperty("username").GetString()!, Optional(a, "textPhone"), Optional(a, "alternateEmail")))
            .Where(a => a.TextPhone is not null || a.AlternateEmail is not null)
            .ToList();
    }

    private static string? Optional(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>A SafeCode send the budget allows: whose account, by which channel ("text" or "email"), to where.</summary>
public sealed record SendLease(CastMember Account, string Channel, string Destination);

/// <summary>
/// The client's mirror of the host's SafeCode send limits (docs/security.md, S7), so a benchmark never gets throttled on a
/// known account: per account at most <see cref="SafeCodeOptions.MaxTextsPerAccount"/> texts and
/// <see cref="SafeCodeOptions.MaxEmailsPerAccount"/> e-mails over one host's lifetime (a fresh database each time;
/// stricter than the sliding windows, since a run lasts minutes). Nothing in the host's configuration is raised.
/// An account is leased to one conversation at a time, so the code in the outbox is unambiguous.
/// </summary>
public sealed class SendBudget
{
    private static readonly SafeCodeOptions Limits = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _texts = [];
    private readonly Dictionary<string, int> _emails = [];
    private readonly HashSet<string> _busy = [];
    private int _next;

    public int Taken { get; private set; }

    /// <summary>The next account and channel with sends left (round robin over the cast, alternating channels), or null.</summary>
    public SendLease? TryTake(bool preferEmail)
    {
        lock (_gate)
        {
            var cast = Cast.PersonalAccounts;
            for (var k = 0; k < cast.Count * 2; k++)
            {
                var account = cast[(_next + k / 2) % cast.Count];
                var email = (k % 2 == 0) == preferEmail;
                if (_busy.Contains(account.Username))
                {
                    continue;
                }
                var (counts, limit, destination, channel) = email
                    ? (_emails, Limits.MaxEmailsPerAccount, account.AlternateEmail, "email")
                    : (_texts, Limits.MaxTextsPerAccount, account.TextPhone, "text");
                if (destination is null || counts.GetValueOrDefault(account.Username) >= limit)
                {
                    continue;
                }
                counts[account.Username] = counts.GetValueOrDefault(account.Username) + 1;
                _busy.Add(account.Username);
                _next = (_next + k / 2 + 1) % cast.Count;
                Taken++;
                return new SendLease(account, channel, destination);
            }
            return null;
        }
    }

    public void Release(SendLease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        lock (_gate)
        {
            _busy.Remove(lease.Account.Username);
        }
    }
}
