using System.Globalization;
using HelpBot.Bot.Storage;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.SafeCode;

/// <summary>Registers SafeCode: the service, its LiteDB store, and the hash key (from the key ring).</summary>
public static class SafeCodeSetup
{
    public const string KeyFileName = "safecode.key";

    public static IServiceCollection AddSafeCode(this IServiceCollection services)
    {
        services.AddOptions<SafeCodeOptions>().BindConfiguration(SafeCodeOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SafeCodeOptions>, SafeCodeOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        // Storage:Provider=Postgres: shared by every instance, so a code sent by one is checked by any other.
        services.AddSingleton<ISafeCodeStore>(sp => StorageSetup.UsesPostgres(sp)
            ? new HelpBot.Bot.Storage.Postgres.PostgresSafeCodeStore(StorageSetup.MigratedPostgres(sp))
            : ActivatorUtilities.CreateInstance<LiteDbSafeCodeStore>(sp));
        services.AddRetained<ISafeCodeStore>();
        services.AddSingleton(sp => LoadKey(sp.GetRequiredService<IOptions<SafeCodeOptions>>().Value, sp.GetRequiredService<KeyRing>()));
        services.AddSingleton<ISafeCodeService, SafeCodeService>();
        return services;
    }

    /// <summary><c>SafeCode:HashKey</c> when set; otherwise <c>safecode.key</c> in the keys folder, created once (S4).</summary>
    internal static SafeCodeHashKey LoadKey(SafeCodeOptions options, KeyRing keys) =>
        new(keys.Get(KeyFileName, options.HashKey, SafeCodeHashKey.MinimumBytes, "SafeCode:HashKey"));
}

internal sealed class SafeCodeOptionsValidator : IValidateOptions<SafeCodeOptions>
{
    public ValidateOptionsResult Validate(string? name, SafeCodeOptions o)
    {
        var errors = new List<string>();
        if (o.Lifetime <= TimeSpan.Zero || o.Lifetime > TimeSpan.FromMinutes(10))
        {
            errors.Add(Invariant($"SafeCode:Lifetime is {o.Lifetime}; use a time span above zero and at most 00:10:00 (10 minutes, rule S2 in docs/security.md), e.g. 00:05:00."));
        }
        if (!string.IsNullOrWhiteSpace(o.HashKey))
        {
            var bytes = new byte[o.HashKey.Length];
            if (!Convert.TryFromBase64String(o.HashKey, bytes, out var length) || length < SafeCodeHashKey.MinimumBytes)
            {
                errors.Add($"SafeCode:HashKey is not a base64 key of at least {SafeCodeHashKey.MinimumBytes} bytes; generate one with `openssl rand -base64 32`, or leave it empty to have HelpBot keep one in {SafeCodeSetup.KeyFileName} in the keys folder (Storage:KeysPath, by default beside the database).");
            }
        }
        Limit(errors, "MaxAttemptsPerChallenge", o.MaxAttemptsPerChallenge, 5, "S5");
        Limit(errors, "MaxFailuresPerAccount", o.MaxFailuresPerAccount, 5, "S6");
        Limit(errors, "MaxTextsPerAccount", o.MaxTextsPerAccount, 5, "S7");
        Limit(errors, "MaxEmailsPerAccount", o.MaxEmailsPerAccount, 10, "S7");
        Limit(errors, "MaxSendsPerConversation", o.MaxSendsPerConversation, 10, "S7");
        if (o.FailureWindow < TimeSpan.FromHours(24) || o.BlockDuration < TimeSpan.FromHours(24))
        {
            errors.Add(Invariant($"SafeCode:FailureWindow is {o.FailureWindow} and SafeCode:BlockDuration is {o.BlockDuration}; each must be at least 1.00:00:00 (24 hours, rule S6 in docs/security.md)."));
        }
        if (o.TextWindow < TimeSpan.FromHours(1) || o.EmailWindow < TimeSpan.FromMinutes(10) || o.ConversationWindow < TimeSpan.FromHours(1))
        {
            errors.Add(Invariant($"SafeCode:TextWindow ({o.TextWindow}), EmailWindow ({o.EmailWindow}) and ConversationWindow ({o.ConversationWindow}) must be at least 01:00:00, 00:10:00 and 01:00:00 (rule S7 in docs/security.md)."));
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Limit(List<string> errors, string key, int value, int max, string rule)
    {
        if (value < 1 || value > max)
        {
            errors.Add(Invariant($"SafeCode:{key} is {value}; use a number from 1 to {max} ({rule})."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
