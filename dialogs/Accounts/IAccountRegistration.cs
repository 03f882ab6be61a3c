using System.Globalization;
using System.Text;

namespace HelpBot.Dialogs.Accounts;

/// <summary>
/// eCommons registration against the directory (the seed's STEP 1 + STEP 2 / STEP 3): find a person who is in the
/// directory but hasn't registered yet, by last name plus Harvard ID, or (affiliated-hospital staff without a Harvard
/// appointment) by last name plus date of birth; then mark them registered once they proved themselves with a SafeCode.
/// Implemented by each directory (embedded, LDAP), beside its <see cref="IAccountDirectory"/>. Never by Social Security
/// number: HelpBot doesn't take one.
/// </summary>
public interface IAccountRegistration
{
    /// <summary>
    /// The unregistered personal account whose Harvard ID is <paramref name="huid"/> and whose family name matches
    /// <paramref name="familyName"/> (<see cref="FamilyNames.Match"/>); null otherwise, whatever the reason (R1).
    /// </summary>
    Task<Account?> FindUnregisteredByHuidAsync(string familyName, string huid, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="FindUnregisteredByHuidAsync"/>, by date of birth.</summary>
    Task<Account?> FindUnregisteredByDateOfBirthAsync(string familyName, DateOnly dateOfBirth, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the account registered. False when it already was (another conversation finished first), so exactly one
    /// caller completes a registration.
    /// </summary>
    Task<bool> CompleteRegistrationAsync(string username, CancellationToken cancellationToken = default);
}

/// <summary>How a typed last name is compared with the directory's: case, accents and punctuation don't matter.</summary>
public static class FamilyNames
{
    /// <summary>"Okafor" matches "OKAFOR", "Garcia" matches "García", "O'Brien" matches "OBrien" and "O’Brien".</summary>
    public static bool Match(string? typed, string? onFile)
    {
        var a = Normalize(typed);
        return a.Length > 0 && string.Equals(a, Normalize(onFile), StringComparison.Ordinal);
    }

    /// <summary>The account's family name, or failing that the last word of its display name.</summary>
    public static string? Of(Account account) =>
        account.FamilyName ?? account.DisplayName.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();

    /// <summary>Letters and digits only, without accents, lower case (invariant).</summary>
    public static string Normalize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return string.Empty;
        }
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && char.IsLetterOrDigit(c))
            {
                kept.Append(char.ToLowerInvariant(c));
            }
        }
        return kept.ToString().Normalize(NormalizationForm.FormC);
    }
}
