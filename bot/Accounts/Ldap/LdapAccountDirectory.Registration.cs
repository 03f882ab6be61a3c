using System.DirectoryServices.Protocols;
using System.Globalization;
using HelpBot.Dialogs.Accounts;

namespace HelpBot.Bot.Accounts.Ldap;

/// <summary>
/// eCommons registration over LDAP. A person who hasn't registered holds <c>Attributes:UnregisteredValue</c> in the
/// <c>Attributes:Registration</c> attribute (OpenLDAP: employeeType=unregistered; AD: extensionAttribute2); registering
/// deletes that one value. Last names are compared here, not in the filter, so case and accents don't matter.
/// </summary>
public sealed partial class LdapAccountDirectory : IAccountRegistration
{
    public async Task<Account?> FindUnregisteredByHuidAsync(string familyName, string huid, CancellationToken cancellationToken = default)
    {
        var value = huid?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        var attribute = _map.Huid ?? throw NotKept(nameof(LdapAttributeMap.Huid), "Harvard ID");
        return await FindUnregisteredAsync("find unregistered by HUID", Any([attribute], value), familyName, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Account?> FindUnregisteredByDateOfBirthAsync(string familyName, DateOnly dateOfBirth, CancellationToken cancellationToken = default)
    {
        var attribute = _map.DateOfBirth ?? throw NotKept(nameof(LdapAttributeMap.DateOfBirth), "date of birth");
        // Both forms the mapping reads (LdapFlavorLogic.ToAccount), then the parsed date must agree.
        var filter = Any([attribute], dateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))[..^1]
            + $"({attribute}={dateOfBirth.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}))";
        var found = await FindUnregisteredAsync("find unregistered by date of birth", filter, familyName, cancellationToken).ConfigureAwait(false);
        return found is { DateOfBirth: { } dob } && dob == dateOfBirth ? found : null;
    }

    public async Task<bool> CompleteRegistrationAsync(string username, CancellationToken cancellationToken = default)
    {
        var attribute = RegistrationAttribute();
        var dn = await RequireDnAsync(username, cancellationToken).ConfigureAwait(false);
        var completed = true;
        await WriteAsync("complete registration", dn, $"Write {attribute}", connection =>
        {
            try
            {
                // Deleting just this value is atomic on the server: of two racing registrations, one finds it gone.
                connection.SendRequest(new ModifyRequest(dn, DirectoryAttributeOperation.Delete, attribute, _map.UnregisteredValue));
            }
            catch (DirectoryOperationException e) when (e.Response?.ResultCode is ResultCode.NoSuchAttribute)
            {
                completed = false;
            }
        }, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("LDAP: registration of {Dn} {Outcome}", dn, completed ? "completed" : "was already complete");
        return completed;
    }

    private async Task<Account?> FindUnregisteredAsync(string what, string filter, string familyName, CancellationToken cancellationToken)
    {
        var marker = $"({RegistrationAttribute()}={LdapEncoding.EscapeFilterValue(_map.UnregisteredValue)})";
        var entries = await SearchAsync(what, $"(&{filter}{marker})", cancellationToken).ConfigureAwait(false);
        var accounts = new List<Account>();
        foreach (var entry in entries)
        {
            accounts.Add(_flavor.ToAccount(entry, _map, await MaxPasswordAgeAsync(entry, cancellationToken).ConfigureAwait(false)));
        }
        var matches = accounts
            .Where(a => !a.IsRegistered && !a.IsDepartmental && !a.IsDisabled && FamilyNames.Match(familyName, FamilyNames.Of(a)))
            .Take(2)
            .ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    private string RegistrationAttribute() =>
        _map.Registration ?? throw new NotSupportedException(
            "eCommons registration needs to know who hasn't registered yet, and Directory:Ldap:Attributes:Registration is '-'. "
            + "Set it to the attribute that marks unregistered people (with Directory:Ldap:Attributes:UnregisteredValue, default 'unregistered').");

    private static NotSupportedException NotKept(string key, string fact) => new(
        $"eCommons registration by {fact} needs Directory:Ldap:Attributes:{key}, which is '-' (not kept in this directory). "
        + $"Set it to the attribute that holds the {fact}.");
}
