using HelpBot.Bot.Storage;
using HelpBot.Dialogs.RateLimits;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace HelpBot.Bot.Scale;

/// <summary>Section <c>Scale</c>: what several instances share live.</summary>
public sealed class ScaleOptions
{
    public const string Section = "Scale";

    /// <summary>A Redis server every instance uses (StackExchange.Redis configuration, e.g. <c>127.0.0.1:6379</c>); empty: none, one instance works alone.</summary>
    public string Redis { get; set; } = "";

    /// <summary>
    /// How long a conversation stays blocked when the instance running its turn dies mid-turn (the lease is renewed
    /// while the turn runs, so a slow turn keeps it); the user's next message waits at most this long.
    /// </summary>
    public int TurnLeaseSeconds { get; set; } = 5;
}

/// <summary>
/// With <c>Scale:Redis</c>: one connection to Redis per process; the rate limits there, so every instance counts the
/// same sends and failures; and a lease per conversation, so its turns run one at a time across instances
/// (docs/operations.md, Several instances). Without it nothing changes.
/// </summary>
public static class ScaleSetup
{
    public static IServiceCollection AddScale(this IServiceCollection services)
    {
        services.AddOptions<ScaleOptions>().BindConfiguration(ScaleOptions.Section);
        // Connected when first needed (the rate limits are used from the first turn); disposed with the host.
        services.AddSingleton<IConnectionMultiplexer>(sp => ConnectionMultiplexer.Connect(sp.GetRequiredService<IOptions<ScaleOptions>>().Value.Redis));
        services.AddSingleton<ITurnLease>(sp => UsesRedis(sp) ? new RedisTurnLease(sp.GetRequiredService<IConnectionMultiplexer>(), TimeSpan.FromSeconds(Math.Max(1, sp.GetRequiredService<IOptions<ScaleOptions>>().Value.TurnLeaseSeconds))) : new NoTurnLease());
        services.AddSingleton<IRateLimits>(sp => UsesRedis(sp)
            ? new RedisRateLimits(sp.GetRequiredService<IConnectionMultiplexer>())
            : ActivatorUtilities.CreateInstance<LiteDbRateLimits>(sp));
        // The keys that protect the agents' sign-in cookies and antiforgery tokens: in Redis when instances share it (an
        // agent signed in on one instance is signed in on all), else in the keys folder beside the database (backed up
        // with it), not in the home directory of whoever runs the process.
        services.AddDataProtection().SetApplicationName("HelpBot");
        services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((keys, sp) =>
        {
            if (UsesRedis(sp))
            {
                keys.XmlRepository = new RedisXmlRepository(() => sp.GetRequiredService<IConnectionMultiplexer>().GetDatabase(), DataProtectionKeys);
            }
            else if (sp.GetRequiredService<KeyRing>().PathOf("dataprotection") is { } folder)
            {
                keys.XmlRepository = new FileSystemXmlRepository(KeysFolder(folder), sp.GetRequiredService<ILoggerFactory>());
            }
        });
        return services;
    }

    private static readonly RedisKey DataProtectionKeys = "helpbot:dataprotection-keys";

    private static DirectoryInfo KeysFolder(string path) => OperatingSystem.IsWindows()
        ? Directory.CreateDirectory(path)
        : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

    public static bool UsesRedis(IServiceProvider services) =>
        !string.IsNullOrWhiteSpace(services.GetRequiredService<IOptions<ScaleOptions>>().Value.Redis);
}
