using System.Net;
using HelpBot.Dialogs.RateLimits;
using HelpBot.Dialogs.SafeCode;

namespace HelpBot.Bot.AgentConsole;

/// <summary>
/// Failed console sign-ins per client address in a window, counted by the rate limits (<see cref="IRateLimits"/>).
/// The per-account lockout stops guessing one agent's password; this stops one address from trying a few passwords
/// against every agent name.
/// </summary>
/// <remarks>
/// Keyed on the account as well as the address (issue 15, finding 5): an address over its limit is refused for every
/// name it got wrong in the window, while an agent it never tried can still sign in, so one person's failures cannot
/// lock out every agent who shares the address (a NAT, or a proxy not listed in <c>Hosting:TrustedProxies</c>).
/// A name tried for the first time from a throttled address gets that one try; a wrong password then refuses it too.
/// The name is kept as a keyed hash (the key SafeCode hashes unknown identifiers with): a name that is no agent's may
/// be a password typed in the wrong box.
/// </remarks>
public sealed class SignInThrottle(IRateLimits limits, SafeCodeHashKey hashKey, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    public async Task<bool> IsThrottledAsync(IPAddress? address, string account, int maxFailures, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await limits.IsOverAnyAsync([new RateLimit(AddressKey(address), maxFailures, Window)], now, cancellationToken).ConfigureAwait(false)
            && await limits.IsOverAnyAsync([new RateLimit(PairKey(address, account), 1, Window)], now, cancellationToken).ConfigureAwait(false);
    }

    public Task FailedAsync(IPAddress? address, string account, CancellationToken cancellationToken) =>
        limits.RecordAsync([new RateLimit(AddressKey(address), 1, Window), new RateLimit(PairKey(address, account), 1, Window)], time.GetUtcNow(), cancellationToken);

    private static string AddressKey(IPAddress? address) => "signin:address:" + (address?.ToString() ?? "(unknown)");

    private string PairKey(IPAddress? address, string account) =>
        $"signin:address-account:{address?.ToString() ?? "(unknown)"}|{hashKey.HashHex("signin:" + AgentAccounts.Normalize(account))[..24]}";
}
