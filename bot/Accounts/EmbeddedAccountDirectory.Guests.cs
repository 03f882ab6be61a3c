using System.Globalization;
using System.Text;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Messaging;

namespace HelpBot.Bot.Accounts;

/// <summary>Guest provisioning in the embedded directory: guest accounts are documents like any other, of type Guest.</summary>
public sealed partial class EmbeddedAccountDirectory : IGuestAccounts
{
    public Task<string> CreateGuestAccountAsync(GuestAccountRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stem = UsernameStem(request.FirstName, request.LastName);
        lock (_database.WriteLockFor(CollectionName))
        {
            var accounts = Accounts;
            // First initial + last name, then a number: unique among usernames and e-mail addresses alike.
            var username = stem;
            for (var n = 2; accounts.FindById(username) is not null || accounts.Exists(a => a.EmailKey == username || a.AlternateEmailKey == username); n++)
            {
                username = stem + n.ToString(CultureInfo.InvariantCulture);
            }
            var document = new AccountDocument
            {
                Username = username,
                DisplayName = $"{request.FirstName} {request.LastName}",
                School = request.Organisation,
                Affiliation = Affiliation.Guest,
                Type = AccountType.Guest,
                IsRegistered = true,
                AccessEndsOn = request.LastDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            };
            document.RefreshKeys();
            accounts.Insert(document);
            return Task.FromResult(username);
        }
    }

    public Task SetSafeCodeContactAsync(string username, MessageChannel channel, string destination, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        Update(username, d =>
        {
            d.TextPhone = channel == MessageChannel.Text ? destination : null;
            d.AlternateEmail = channel == MessageChannel.Email ? destination : null;
            d.RefreshKeys();
        });
        return Task.CompletedTask;
    }

    public Task SetAccessEndAsync(string username, DateOnly lastDay, CancellationToken cancellationToken = default)
    {
        Update(username, d => d.AccessEndsOn = lastDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        return Task.CompletedTask;
    }

    public Task DisableAsync(string username, CancellationToken cancellationToken = default)
    {
        Update(username, d => d.IsDisabled = true);
        return Task.CompletedTask;
    }

    /// <summary>"Ana", "López-Ruiz" → "alopezruiz": ASCII letters only, at most 16 characters.</summary>
    internal static string UsernameStem(string firstName, string lastName)
    {
        static string Letters(string s) => new(s.Normalize(NormalizationForm.FormD)
            .Where(char.IsAsciiLetter).Select(char.ToLowerInvariant).ToArray());
        var first = Letters(firstName);
        var last = Letters(lastName);
        var stem = (first.Length > 0 ? first[..1] : "") + last;
        if (stem.Length < 2)
        {
            stem = "guest";
        }
        return stem.Length > 16 ? stem[..16] : stem;
    }
}
