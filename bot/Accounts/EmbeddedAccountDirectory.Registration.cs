using HelpBot.Dialogs.Accounts;

namespace HelpBot.Bot.Accounts;

/// <summary>eCommons registration in the embedded directory: the <c>IsRegistered</c> flag of the account document.</summary>
public sealed partial class EmbeddedAccountDirectory : IAccountRegistration
{
    public Task<Account?> FindUnregisteredByHuidAsync(string familyName, string huid, CancellationToken cancellationToken = default)
    {
        var key = huid?.Trim();
        // R1: one indexed look-up whether or not the name, the HUID or the registration state match.
        var candidates = string.IsNullOrEmpty(key) ? [] : Accounts.Find(a => a.Huid == key).ToList();
        return Task.FromResult(Unregistered(candidates, familyName));
    }

    public Task<Account?> FindUnregisteredByDateOfBirthAsync(string familyName, DateOnly dateOfBirth, CancellationToken cancellationToken = default)
    {
        var dob = dateOfBirth.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        // Many people share a birthday: the family name picks the one.
        var candidates = Accounts.Find(a => a.DateOfBirth == dob).ToList();
        return Task.FromResult(Unregistered(candidates, familyName));
    }

    public Task<bool> CompleteRegistrationAsync(string username, CancellationToken cancellationToken = default)
    {
        var completed = false;
        Update(username, d =>
        {
            completed = !d.IsRegistered;
            d.IsRegistered = true;
        });
        return Task.FromResult(completed);
    }

    /// <summary>The one unregistered, self-service-eligible person among <paramref name="candidates"/> with that family name.</summary>
    private static Account? Unregistered(IEnumerable<AccountDocument> candidates, string familyName)
    {
        var matches = candidates
            .Select(d => d.ToAccount())
            .Where(a => !a.IsRegistered && !a.IsDepartmental && !a.IsDisabled && FamilyNames.Match(familyName, FamilyNames.Of(a)))
            .Take(2)
            .ToList();
        // Two unregistered people with the same name and birthday can't be told apart here: the Service Desk can.
        return matches.Count == 1 ? matches[0] : null;
    }
}
