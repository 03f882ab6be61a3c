using System.Collections.Concurrent;
using System.Net;

namespace HelpBot.Bot.AgentConsole;

/// <summary>
/// Failed console sign-ins per client address in a window. The per-account lockout stops guessing one agent's
/// password; this stops one address from trying a few passwords against every agent name.
/// </summary>
/// <remarks>
/// Keyed on the account as well as the address (issue 15, finding 5): an address over its limit is refused for every
/// name it got wrong in the window, while an agent it never tried can still sign in, so one person's failures cannot
/// lock out every agent who shares the address (a NAT, or a proxy not listed in <c>Hosting:TrustedProxies</c>).
/// A name tried for the first time from a throttled address gets that one try; a wrong password then refuses it too.
/// </remarks>
public sealed class SignInThrottle(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private const int CleanUpAbove = 10_000;

    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset Since)> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Address, string Account), DateTimeOffset> _failedAccounts = new();

    public bool IsThrottled(IPAddress? address, string account, int maxFailures)
    {
        var now = time.GetUtcNow();
        var key = Key(address);
        return _failures.TryGetValue(key, out var entry) && now - entry.Since < Window && entry.Failures >= maxFailures
            && _failedAccounts.TryGetValue((key, AgentAccounts.Normalize(account)), out var last) && now - last < Window;
    }

    public void Failed(IPAddress? address, string account)
    {
        var now = time.GetUtcNow();
        var key = Key(address);
        _failures.AddOrUpdate(key, _ => (1, now), (_, e) => now - e.Since >= Window ? (1, now) : (e.Failures + 1, e.Since));
        _failedAccounts[(key, AgentAccounts.Normalize(account))] = now;
        if (_failures.Count > CleanUpAbove || _failedAccounts.Count > CleanUpAbove)
        {
            foreach (var (k, entry) in _failures)
            {
                if (now - entry.Since >= Window)
                {
                    _failures.TryRemove(k, out _);
                }
            }
            foreach (var (k, last) in _failedAccounts)
            {
                if (now - last >= Window)
                {
                    _failedAccounts.TryRemove(k, out _);
                }
            }
        }
    }

    private static string Key(IPAddress? address) => address?.ToString() ?? "(unknown)";
}
