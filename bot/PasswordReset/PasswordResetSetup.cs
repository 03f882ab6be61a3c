using HelpBot.Bot.Storage;
using HelpBot.Dialogs.PasswordReset;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.PasswordReset;

/// <summary>
/// The one-time reset page (docs/architecture.md, decision 5; docs/security.md, R4/R5): links issued by the chat flows through
/// <see cref="IResetLinks"/>, redeemed at <c>GET/POST /reset/{token}</c>.
/// </summary>
public static class PasswordResetSetup
{
    public static IServiceCollection AddPasswordReset(this IServiceCollection services)
    {
        services.AddOptions<PasswordResetOptions>().BindConfiguration(PasswordResetOptions.Section).ValidateOnStart()
            .PostConfigure<IConfiguration>((o, configuration) =>
            {
                // Not set: the address HelpBot listens on ("--urls http://127.0.0.1:4000" gives links to port 4000).
                if (configuration[$"{PasswordResetOptions.Section}:{nameof(PasswordResetOptions.PublicBaseUrl)}"] is null
                    && ListeningAddress(configuration["urls"]) is { } listening)
                {
                    o.PublicBaseUrl = listening;
                }
            });
        services.AddSingleton<IValidateOptions<PasswordResetOptions>, PasswordResetOptionsValidator>();

        services.TryAddSingleton(TimeProvider.System);
        // Storage:Provider=Postgres: shared, so a link made by one instance opens on any other.
        services.TryAddSingleton<IResetTokenStore>(sp => StorageSetup.UsesPostgres(sp)
            ? new HelpBot.Bot.Storage.Postgres.PostgresResetTokenStore(StorageSetup.MigratedPostgres(sp))
            : ActivatorUtilities.CreateInstance<LiteDbResetTokenStore>(sp));
        services.AddRetained<IResetTokenStore>();
        services.AddSingleton<ResetLinkService>();
        services.AddSingleton<IResetLinks>(sp => sp.GetRequiredService<ResetLinkService>());
        services.AddSingleton(_ => PasswordPolicy.Default);
        // The chat notice. The account notifier (texts and e-mails to every address on file, R3) joins as a composite.
        services.TryAddSingleton<ChatPasswordChangeNotifications>();
        services.TryAddSingleton<IPasswordChangeNotifications, PasswordChangeNotifications>();
        services.AddPasswordResetDialogs();
        return services;
    }

    /// <summary>The first of the <c>urls</c> setting, with a wildcard host ("+", "*", 0.0.0.0) read as localhost.</summary>
    internal static string? ListeningAddress(string? urls)
    {
        var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null)
        {
            return null;
        }
        var named = first.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal);
        return Uri.TryCreate(named, UriKind.Absolute, out var url) && url.Port != 0 ? url.GetLeftPart(UriPartial.Authority) : null;
    }

    public static WebApplication MapPasswordReset(this WebApplication app)
    {
        ResetPageEndpoints.Map(app);
        return app;
    }
}

internal sealed class PasswordResetOptionsValidator : IValidateOptions<PasswordResetOptions>
{
    public ValidateOptionsResult Validate(string? name, PasswordResetOptions o)
    {
        var errors = new List<string>();
        if (o.LinkLifetime <= TimeSpan.Zero || o.LinkLifetime > PasswordResetOptions.MaximumLinkLifetime)
        {
            errors.Add($"PasswordReset:LinkLifetime is {o.LinkLifetime}; use a duration above zero and at most 00:15:00 (rule R4 in docs/security.md), e.g. 00:15:00.");
        }
        if (!Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
        {
            errors.Add($"PasswordReset:PublicBaseUrl is '{o.PublicBaseUrl}'; use the address users reach HelpBot at, e.g. https://helpbot.hms.harvard.edu (no query or fragment).");
        }
        if (string.IsNullOrWhiteSpace(o.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _))
        {
            errors.Add($"PasswordReset:TimeZone is '{o.TimeZone}'; use a time zone id such as America/New_York.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
