using System.Collections.Concurrent;
using System.Net;

namespace HelpBot.Bot.AgentConsole;

/// <summary>
/// Failed console sign-ins per client address in a window. The per-account lockout stops guessing one agent's
/// password; this stops one address from trying a few passwords against every agent name.
/// </summary>
public sealed class SignInThrottle(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset Since)> _failures = new(StringComparer.Ordinal);

    public bool IsThrottled(IPAddress? address, int maxFailures) =>
        _failures.TryGetValue(Key(address), out var entry) && time.GetUtcNow() - entry.Since < Window && entry.Failures >= maxFailures;

    public void Failed(IPAddress? address)
    {
        var now = time.GetUtcNow();
        _failures.AddOrUpdate(Key(address), _ => (1, now), (_, e) => now - e.Since >= Window ? (1, now) : (e.Failures + 1, e.Since));
        if (_failures.Count > 10_000)
        {
            foreach (var (key, entry) in _failures)
            {
                if (now - entry.Since >= Window)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
    }

    private static string Key(IPAddress? address) => address?.ToString() ?? "(unknown)";
}
