using HelpBot.Dialogs.Accounts;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Accounts.Ldap;

/// <summary>
/// At start-up, with Directory:Provider=Ldap: says how Teams users are matched, and reads the directory's schema to warn,
/// one line per setting, about every mapped attribute (Directory:Ldap:Attributes:*) that the directory does not have. A
/// plain Active Directory lacks extensionAttribute1/2 (they come with Exchange's schema extension): without this
/// warning everyone would silently look like a guest and registration would find nobody. Runs in the background, so a
/// directory that is down delays nothing; it then says it could not check.
/// </summary>
internal sealed partial class LdapStartupCheck(IServiceProvider services, IOptions<DirectoryOptions> directory, ILogger<LdapStartupCheck> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!DirectorySetup.IsLdap(directory.Value))
        {
            return;
        }
        var ldap = services.GetRequiredService<LdapAccountDirectory>();
        LogTeamsMatching(logger, ldap.TeamsMatching);
        try
        {
            foreach (var (key, attribute) in await ldap.MissingAttributesAsync(stoppingToken).ConfigureAwait(false))
            {
                LogMissingAttribute(logger, key, attribute, Consequence(key));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (DirectoryUnavailableException)
        {
            LogSchemaNotChecked(logger);
        }
        catch (InvalidOperationException e)
        {
            LogSchemaNotReadable(logger, e.Message);
        }
    }

    /// <summary>What goes wrong, as a person notices it, while the setting names an attribute the directory lacks.</summary>
    internal static string Consequence(string key) => key switch
    {
        nameof(ResolvedAttributeMap.Username) => "nobody can be found at all",
        nameof(ResolvedAttributeMap.Affiliation) => "everyone looks like a guest, the affiliation that may do least",
        nameof(ResolvedAttributeMap.Registration) => "eCommons registration finds nobody",
        nameof(ResolvedAttributeMap.Huid) => "nobody can be found by Harvard ID",
        nameof(ResolvedAttributeMap.Departmental) => "departmental accounts are not recognised as such",
        nameof(ResolvedAttributeMap.TeamsObjectId) or nameof(ResolvedAttributeMap.UserPrincipalName) => "Teams users are not recognised by it",
        nameof(ResolvedAttributeMap.TextPhone) or nameof(ResolvedAttributeMap.AlternateEmail) => "SafeCodes cannot be sent there",
        _ => "HelpBot never reads a value from it",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "LDAP: Teams users are matched by {Matching}")]
    private static partial void LogTeamsMatching(ILogger logger, string matching);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LDAP: Directory:Ldap:Attributes:{Key} names {Attribute}, which the directory's schema does not have, so {Consequence}. "
        + "Map it to an attribute the directory has, or to \"-\" if it does not keep this (README, Active Directory: schema)")]
    private static partial void LogMissingAttribute(ILogger logger, string key, string attribute, string consequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LDAP: the directory did not answer at start-up, so the mapped attributes were not checked against its schema")]
    private static partial void LogSchemaNotChecked(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LDAP: the directory's schema could not be read at start-up ({Reason}), so the mapped attributes were not checked")]
    private static partial void LogSchemaNotReadable(ILogger logger, string reason);
}
