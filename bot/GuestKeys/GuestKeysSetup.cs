using System.Globalization;
using HelpBot.Bot.Accounts;
using HelpBot.Bot.Accounts.Ldap;
using HelpBot.Bot.Storage;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.GuestKeys;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.GuestKeys;

/// <summary>Guest keys in the host: options (validated at start), the hash key, the store (LiteDB, or PostgreSQL), guest provisioning in the chosen directory, and the sponsor notices.</summary>
public static class GuestKeysSetup
{
    public const string KeyFileName = "guestkey.key";

    public static IServiceCollection AddGuestKeys(this IServiceCollection services)
    {
        services.AddOptions<GuestKeyOptions>().BindConfiguration(GuestKeyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GuestKeyOptions>, GuestKeyOptionsValidator>();
        // Storage:Provider=Postgres: shared by every instance, so a key issued by one is redeemed on any other.
        services.AddSingleton<IGuestKeyStore>(sp => StorageSetup.UsesPostgres(sp)
            ? new HelpBot.Bot.Storage.Postgres.PostgresGuestKeyStore(StorageSetup.MigratedPostgres(sp))
            : ActivatorUtilities.CreateInstance<LiteDbGuestKeyStore>(sp));
        services.AddSingleton(sp => LoadKey(sp.GetRequiredService<IOptions<GuestKeyOptions>>().Value, sp.GetRequiredService<KeyRing>()));
        services.AddSingleton<IGuestAccounts>(sp => DirectorySetup.IsLdap(sp.GetRequiredService<IOptions<DirectoryOptions>>().Value)
            ? sp.GetRequiredService<LdapAccountDirectory>()
            : sp.GetRequiredService<EmbeddedAccountDirectory>());
        services.AddSingleton<GuestSponsorNoticesService>();
        services.AddHostedService(sp => sp.GetRequiredService<GuestSponsorNoticesService>());
        services.AddGuestKeyDialogs();
        return services;
    }

    /// <summary><c>GuestKeys:HashKey</c> when set; otherwise <c>guestkey.key</c> in the keys folder, created once.</summary>
    internal static GuestKeyHashKey LoadKey(GuestKeyOptions options, KeyRing keys) =>
        new(keys.Get(KeyFileName, options.HashKey, GuestKeyHashKey.MinimumBytes, "GuestKeys:HashKey"));
}

internal sealed class GuestKeyOptionsValidator : IValidateOptions<GuestKeyOptions>
{
    public ValidateOptionsResult Validate(string? name, GuestKeyOptions o)
    {
        var errors = new List<string>();
        if (o.UnusedKeyLifetimeDays is < 1 or > 90)
        {
            errors.Add(Invariant($"GuestKeys:UnusedKeyLifetimeDays is {o.UnusedKeyLifetimeDays}; use whole days from 1 to 90 (default 30): an unused guest key should not work for long."));
        }
        if (o.EndingNoticeDays is < 1 or > 90)
        {
            errors.Add(Invariant($"GuestKeys:EndingNoticeDays is {o.EndingNoticeDays}; use whole days from 1 to 90 (default 14)."));
        }
        if (o.NoticeInterval < TimeSpan.FromMinutes(1) || o.NoticeInterval > TimeSpan.FromDays(1))
        {
            errors.Add(Invariant($"GuestKeys:NoticeInterval is {o.NoticeInterval}; use a duration from 00:01:00 to 1.00:00:00, e.g. 01:00:00."));
        }
        if (o.MaxFailuresPerConversation is < 1 or > 10 || o.MaxFailuresPerLastName is < 1 or > 50)
        {
            errors.Add(Invariant($"GuestKeys:MaxFailuresPerConversation ({o.MaxFailuresPerConversation}) must be 1 to 10 and GuestKeys:MaxFailuresPerLastName ({o.MaxFailuresPerLastName}) 1 to 50."));
        }
        if (o.FailureWindow < TimeSpan.FromMinutes(10) || o.FailureWindow > TimeSpan.FromDays(1))
        {
            errors.Add(Invariant($"GuestKeys:FailureWindow is {o.FailureWindow}; use a duration from 00:10:00 to 1.00:00:00 (default 01:00:00)."));
        }
        if (!string.IsNullOrWhiteSpace(o.HashKey))
        {
            var bytes = new byte[o.HashKey.Length];
            if (!Convert.TryFromBase64String(o.HashKey, bytes, out var length) || length < GuestKeyHashKey.MinimumBytes)
            {
                errors.Add($"GuestKeys:HashKey is not a base64 key of at least {GuestKeyHashKey.MinimumBytes} bytes; generate one with `openssl rand -base64 32`, or leave it empty to have HelpBot keep one in {GuestKeysSetup.KeyFileName} in the keys folder (Storage:KeysPath, by default beside the database).");
            }
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
