using System.Text.Json;
using System.Text.Json.Serialization;
using HelpBot.Bot.Storage;
using HelpBot.Dialogs.Accounts;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Accounts;

/// <summary>
/// The embedded account directory (docs/architecture.md, decision 7): the LiteDB collection <c>accounts</c> in the shared
/// database, seeded with the demo cast (<c>accounts.seed.json</c>) the first time it is empty. Lookups are by lower-cased,
/// indexed keys, so they are case-insensitive. Passwords exist only as salted PBKDF2 hashes.
/// </summary>
public sealed partial class EmbeddedAccountDirectory : IAccountDirectory
{
    public const string CollectionName = "accounts";
    private const string SeedResource = "HelpBot.Bot.Accounts.accounts.seed.json";

    private readonly HelpBotDatabase _database;
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxPasswordAge;

    public EmbeddedAccountDirectory(HelpBotDatabase database, TimeProvider time, IOptions<DirectoryOptions> options)
    {
        _database = database;
        _time = time;
        _maxPasswordAge = TimeSpan.FromDays(options.Value.MaxPasswordAgeDays);
        var accounts = Accounts;
        accounts.EnsureIndex(a => a.EmailKey);
        accounts.EnsureIndex(a => a.AlternateEmailKey);
        accounts.EnsureIndex(a => a.Huid);
        accounts.EnsureIndex(a => a.UpnKey);
        accounts.EnsureIndex(a => a.AadObjectIdKey);
        SeedIfEmpty();
    }

    private LiteDB.ILiteCollection<AccountDocument> Accounts => _database.GetCollection<AccountDocument>(CollectionName);

    public Task<Account?> FindAsync(string usernameOrEmail, CancellationToken cancellationToken = default)
    {
        var key = AccountDocument.Key(usernameOrEmail);
        if (key is null)
        {
            return Task.FromResult<Account?>(null);
        }
        var accounts = Accounts;
        // R1: always the same three look-ups, whether and wherever the identifier matches, so that the time taken
        // doesn't tell a known username from an unknown one (bench: `enumeration` found a miss took two queries more).
        var byUsername = accounts.FindById(key);
        var byEmail = accounts.FindOne(a => a.EmailKey == key);
        var byAlternateEmail = accounts.FindOne(a => a.AlternateEmailKey == key);
        return Task.FromResult((byUsername ?? byEmail ?? byAlternateEmail)?.ToAccount());
    }

    public Task<Account?> FindByHuidAsync(string huid, CancellationToken cancellationToken = default)
    {
        var key = huid?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            return Task.FromResult<Account?>(null);
        }
        return Task.FromResult(Accounts.FindOne(a => a.Huid == key)?.ToAccount());
    }

    public Task<Account?> FindByTeamsIdentityAsync(string? aadObjectId, string? userPrincipalName, CancellationToken cancellationToken = default)
    {
        var accounts = Accounts;
        AccountDocument? found = null;
        if (AccountDocument.Key(aadObjectId) is { } id)
        {
            found = accounts.FindOne(a => a.AadObjectIdKey == id);
        }
        if (found is null && AccountDocument.Key(userPrincipalName) is { } upn)
        {
            found = accounts.FindOne(a => a.UpnKey == upn);
        }
        return Task.FromResult(found?.ToAccount());
    }

    public Task UnlockAsync(string username, CancellationToken cancellationToken = default)
    {
        Update(username, d => d.IsLocked = false);
        return Task.CompletedTask;
    }

    public Task SetPasswordAsync(string username, string newPassword, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(newPassword);
        // Hash outside the lock: PBKDF2 is deliberately slow.
        var hash = PasswordHash.Create(newPassword);
        var now = _time.GetUtcNow().UtcDateTime;
        Update(username, d =>
        {
            d.PasswordHash = hash;
            d.PasswordChangedAt = now;
            d.PasswordExpiresAt = now + _maxPasswordAge;
            d.IsLocked = false;
            d.IsRegistered = true;
        });
        return Task.CompletedTask;
    }

    public Task<bool> CheckPasswordAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        var key = AccountDocument.Key(username);
        var document = key is null ? null : Accounts.FindById(key);
        return Task.FromResult(document is not null && PasswordHash.Verify(password, document.PasswordHash));
    }

    private void Update(string username, Action<AccountDocument> change)
    {
        var key = AccountDocument.Key(username) ?? throw new ArgumentException("A username is required.", nameof(username));
        lock (_database.WriteLockFor(CollectionName))
        {
            var accounts = Accounts;
            var document = accounts.FindById(key) ?? throw new KeyNotFoundException($"There is no account '{key}' in the embedded directory.");
            change(document);
            accounts.Update(document);
        }
    }

    private void SeedIfEmpty()
    {
        lock (_database.WriteLockFor(CollectionName))
        {
            var accounts = Accounts;
            if (accounts.Count() > 0)
            {
                return;
            }
            var now = _time.GetUtcNow().UtcDateTime;
            accounts.InsertBulk(LoadSeed().Select(s => s.ToDocument(now, _maxPasswordAge)));
        }
    }

    internal static IReadOnlyList<SeedAccount> LoadSeed()
    {
        using var stream = typeof(EmbeddedAccountDirectory).Assembly.GetManifestResourceStream(SeedResource)
            ?? throw new InvalidOperationException($"The embedded resource {SeedResource} is missing from the build.");
        return JsonSerializer.Deserialize<List<SeedAccount>>(stream, SeedJson) ?? [];
    }

    private static readonly JsonSerializerOptions SeedJson = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>One entry of accounts.seed.json. Dates are relative to the first start.</summary>
    internal sealed record SeedAccount
    {
        public required string Username { get; init; }
        public required string DisplayName { get; init; }
        public string? FamilyName { get; init; }
        public required string School { get; init; }
        public Affiliation Affiliation { get; init; }
        public AccountType Type { get; init; }
        public string? Email { get; init; }
        public string? UserPrincipalName { get; init; }
        public string? TextPhone { get; init; }
        public string? AlternateEmail { get; init; }
        public string? Huid { get; init; }
        public string? TeamsAadObjectId { get; init; }
        public bool IsLocked { get; init; }
        public bool IsRegistered { get; init; } = true;
        /// <summary>Days from the first start until the password expires (negative: it already has). None for unregistered people.</summary>
        public int? PasswordExpiresInDays { get; init; }
        public string? PasswordHash { get; init; }
        public DateOnly? DateOfBirth { get; init; }

        public AccountDocument ToDocument(DateTime now, TimeSpan maxPasswordAge)
        {
            DateTime? expires = PasswordExpiresInDays is { } days ? now.AddDays(days) : null;
            var document = new AccountDocument
            {
                Username = Username,
                DisplayName = DisplayName,
                FamilyName = FamilyName,
                School = School,
                Affiliation = Affiliation,
                Type = Type,
                Email = Email,
                UserPrincipalName = UserPrincipalName,
                TextPhone = TextPhone,
                AlternateEmail = AlternateEmail,
                Huid = Huid,
                TeamsAadObjectId = TeamsAadObjectId,
                IsLocked = IsLocked,
                IsRegistered = IsRegistered,
                PasswordExpiresAt = expires,
                PasswordChangedAt = expires - maxPasswordAge,
                PasswordHash = PasswordHash,
                DateOfBirth = DateOfBirth?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            };
            document.RefreshKeys();
            return document;
        }
    }
}
