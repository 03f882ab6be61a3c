using System.DirectoryServices.Protocols;
using System.Net;
using HelpBot.Dialogs.Accounts;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace HelpBot.Bot.Accounts.Ldap;

/// <summary>
/// The account directory over LDAP (System.DirectoryServices.Protocols): OpenLDAP with ppolicy, or Active Directory
/// (<see cref="LdapOptions.Flavor"/>). HelpBot binds as a service account to search and write, and as the person only to
/// check a password. Every filter value is escaped (RFC 4515). A server that doesn't answer becomes
/// <see cref="DirectoryUnavailableException"/> with one log line for operators; reads are tried again a few times, writes
/// never (they may have applied).
/// </summary>
public sealed partial class LdapAccountDirectory : IAccountDirectory
{
    private readonly LdapOptions _options;
    private readonly ResolvedAttributeMap _map;
    private readonly LdapFlavorLogic _flavor;
    private readonly TimeSpan _configuredMaxAge;
    private readonly ILogger<LdapAccountDirectory> _logger;
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline _reads;
    private readonly string[] _attributes;
    private TimeSpan? _domainMaxAge;
    private bool _domainMaxAgeRead;

    public LdapAccountDirectory(IOptions<LdapOptions> options, IOptions<DirectoryOptions> directory, ILogger<LdapAccountDirectory> logger, TimeProvider? time = null)
    {
        _options = options.Value;
        _time = time ?? TimeProvider.System;
        _map = _options.Attributes.Resolve(_options.Flavor);
        _flavor = LdapFlavorLogic.For(_options.Flavor, _options.SendPolicyHints);
        _configuredMaxAge = TimeSpan.FromDays(directory.Value.MaxPasswordAgeDays);
        _logger = logger;
        _attributes = [.. _map.All(), "cn", .. _flavor.StateAttributes];
        _reads = _options.ReadRetries < 1
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder().AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<LdapException>(IsUnavailable).Handle<TimeoutException>(),
                MaxRetryAttempts = _options.ReadRetries,
                Delay = TimeSpan.FromMilliseconds(100),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    _logger.LogWarning("LDAP directory {Host}:{Port} did not answer a read (attempt {Attempt}): {Error}; trying again",
                        _options.Host, _options.EffectivePort, args.AttemptNumber + 1, args.Outcome.Exception?.Message);
                    return default;
                },
            }).Build();
    }

    public Task<Account?> FindAsync(string usernameOrEmail, CancellationToken cancellationToken = default)
    {
        var value = usernameOrEmail?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return Task.FromResult<Account?>(null);
        }
        var keys = new[] { _map.Username, _map.Email, _map.AlternateEmail }.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase);
        var filter = Any(keys, value);
        if (_map.AlternateEmail is { } alternate && value.Contains('@', StringComparison.Ordinal) && !value.Contains(':', StringComparison.Ordinal))
        {
            // Reading strips a "smtp:" prefix (AD's otherMailbox, proxyAddresses style), so the search matches it too:
            // the address HelpBot shows is the address that finds the person.
            filter = $"(|{filter}({alternate}={LdapEncoding.EscapeFilterValue("smtp:" + value)}))";
        }
        return FindOneAsync("find", filter, value, cancellationToken);
    }

    public Task<Account?> FindByHuidAsync(string huid, CancellationToken cancellationToken = default)
    {
        var value = huid?.Trim();
        if (string.IsNullOrEmpty(value) || _map.Huid is null)
        {
            return Task.FromResult<Account?>(null);
        }
        return FindOneAsync("find by HUID", Any([_map.Huid], value), null, cancellationToken);
    }

    public async Task<Account?> FindByTeamsIdentityAsync(string? aadObjectId, string? userPrincipalName, CancellationToken cancellationToken = default)
    {
        if (_map.TeamsObjectId is not null && !string.IsNullOrWhiteSpace(aadObjectId)
            && await FindOneAsync("find by Teams identity", Any([_map.TeamsObjectId], aadObjectId.Trim()), null, cancellationToken).ConfigureAwait(false) is { } byId)
        {
            return byId;
        }
        if (string.IsNullOrWhiteSpace(userPrincipalName))
        {
            return null;
        }
        var upn = userPrincipalName.Trim();
        if (_map.UserPrincipalName is not null
            && await FindOneAsync("find by UPN", Any([_map.UserPrincipalName], upn), null, cancellationToken).ConfigureAwait(false) is { } byUpn)
        {
            return byUpn;
        }
        // Many tenants use the e-mail address as the UPN.
        return _map.Email is not null && !string.Equals(_map.Email, _map.UserPrincipalName, StringComparison.OrdinalIgnoreCase)
            ? await FindOneAsync("find by mail", Any([_map.Email], upn), null, cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>Whether Teams users are matched by their Entra object id (an attribute is mapped), so the UPN is needed only as a fallback.</summary>
    public bool MatchesTeamsObjectId => _map.TeamsObjectId is not null;

    /// <summary>How Teams users are matched, in order, for the start-up log line.</summary>
    public string TeamsMatching => string.Join(", then ", new[]
    {
        _map.TeamsObjectId is { } id ? $"Entra object id in {id}" : null,
        _map.UserPrincipalName is { } upn ? $"UPN in {upn}" : null,
        _map.Email is { } mail && !string.Equals(mail, _map.UserPrincipalName, StringComparison.OrdinalIgnoreCase) ? $"UPN as e-mail address in {mail}" : null,
    }.OfType<string>().DefaultIfEmpty("nothing (no attribute is mapped: Teams users are asked who they are)"));

    public async Task UnlockAsync(string username, CancellationToken cancellationToken = default)
    {
        var dn = await RequireDnAsync(username, cancellationToken).ConfigureAwait(false);
        await WriteAsync("unlock", dn, "Write lockoutTime", idempotent: true, connection =>
        {
            try
            {
                connection.SendRequest(_flavor.UnlockRequest(dn));
            }
            catch (DirectoryOperationException e) when (e.Response is { } r && _flavor.IsAlreadyUnlocked(r.ResultCode))
            {
                // Not locked: unlocking is idempotent.
            }
        }, cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("LDAP: unlocked {Dn}", dn);
    }

    public async Task SetPasswordAsync(string username, string newPassword, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(newPassword);
        var dn = await RequireDnAsync(username, cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteAsync("set password", dn, _options.Flavor == LdapFlavor.ActiveDirectory ? "Reset Password and Write lockoutTime" : "write userPassword (and pwdAccountLockedTime)",
                connection => connection.SendRequest(_flavor.SetPasswordRequest(dn, newPassword)), cancellationToken).ConfigureAwait(false);
        }
        catch (DirectoryOperationException e) when (IsPolicyRefusal(e))
        {
            // The server's words (e.g. AD's "0000052D: Constraint violation - ... too short") never contain the password.
            _logger.LogInformation("LDAP: the directory refused the new password for {Dn} under its password policy: {Reason}", dn, e.Response?.ErrorMessage ?? e.Message);
            var policy = await ReadPasswordPolicyAsync(dn, cancellationToken).ConfigureAwait(false);
            throw new PasswordRefusedException("The directory refused the new password under its password policy.", policy, e);
        }
        _logger.LogInformation("LDAP: password set for {Dn}", dn);
    }

    public async Task<DirectoryPasswordPolicy?> PasswordPolicyAsync(string username, CancellationToken cancellationToken = default) =>
        await FindDnAsync(username, cancellationToken).ConfigureAwait(false) is { } dn
            ? await ReadPasswordPolicyAsync(dn, cancellationToken).ConfigureAwait(false)
            : null;

    public async Task<bool> CheckPasswordAsync(string username, string password, CancellationToken cancellationToken = default)
    {
        // An empty password would be an unauthenticated bind, which "succeeds": never a yes.
        if (string.IsNullOrEmpty(password))
        {
            return false;
        }
        var dn = await FindDnAsync(username, cancellationToken).ConfigureAwait(false);
        if (dn is null)
        {
            return false;
        }
        try
        {
            // A bind as the person is never tried again: a wrong password counts towards the lockout.
            return await Bounded(Task.Run(() =>
            {
                try
                {
                    using var connection = Connect(new NetworkCredential(dn, password));
                    return true;
                }
                catch (LdapException e) when (e.ErrorCode == InvalidCredentials)
                {
                    return false;
                }
            }, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (LdapException e) when (IsUnavailable(e))
        {
            throw Unavailable("check password", e, mayHaveApplied: false);
        }
        catch (TimeoutException e)
        {
            throw Unavailable("check password", e, mayHaveApplied: false);
        }
        catch (TlsRefusedException e)
        {
            throw Unavailable("check password", e, mayHaveApplied: false);
        }
    }

    // ---- reads ----

    private async Task<Account?> FindOneAsync(string what, string filter, string? preferredUsername, CancellationToken cancellationToken)
    {
        var entries = await SearchAsync(what, filter, cancellationToken).ConfigureAwait(false);
        var entry = entries.Count switch
        {
            0 => null,
            1 => entries[0],
            _ => entries.FirstOrDefault(e => preferredUsername is not null && string.Equals(e.First(_map.Username), preferredUsername, StringComparison.OrdinalIgnoreCase)),
        };
        if (entry is null && entries.Count > 1)
        {
            _logger.LogWarning("LDAP: {Operation} matched {Count} entries; treating it as no match", what, entries.Count);
        }
        return entry is null ? null : _flavor.ToAccount(entry, _map, await MaxPasswordAgeAsync(entry, cancellationToken).ConfigureAwait(false));
    }

    private async Task<string?> FindDnAsync(string username, CancellationToken cancellationToken)
    {
        var value = username?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        var entries = await SearchAsync("find", Any([_map.Username], value), cancellationToken).ConfigureAwait(false);
        return entries.Count == 1 ? entries[0].Dn : null;
    }

    private async Task<string> RequireDnAsync(string username, CancellationToken cancellationToken) =>
        await FindDnAsync(username, cancellationToken).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"There is no account '{username}' in the LDAP directory.");

    private Task<List<LdapEntry>> SearchAsync(string what, string filter, CancellationToken cancellationToken) =>
        ReadAsync(what, connection =>
        {
            var request = new SearchRequest(_options.BaseDn, $"(&{_options.EffectiveUserFilter}{filter})", SearchScope.Subtree, _attributes) { SizeLimit = 5 };
            var response = (SearchResponse)connection.SendRequest(request);
            return response.Entries.Cast<SearchResultEntry>().Select(ToEntry).ToList();
        }, cancellationToken);

    /// <summary>
    /// OpenLDAP: the pwdMaxAge of the ppolicy in force for the entry (its pwdPolicySubentry; 0 or none: never expires),
    /// read once per policy; an entry under the overlay's default policy, Directory:MaxPasswordAgeDays. AD: see below
    /// (only where msDS-UserPasswordExpiryTimeComputed is missing).
    /// </summary>
    private async Task<TimeSpan?> MaxPasswordAgeAsync(LdapEntry entry, CancellationToken cancellationToken)
    {
        if (_options.Flavor != LdapFlavor.OpenLdap || entry.First(OpenLdapPpolicyLogic.PolicySubentry) is not { } policyDn)
        {
            return await MaxPasswordAgeAsync(cancellationToken).ConfigureAwait(false);
        }
        if (_policyMaxAges.TryGetValue(policyDn, out var known))
        {
            return known;
        }
        var age = await ReadAsync("read the password policy", connection => Base(connection, policyDn, "pwdMaxAge") is { } policy
            ? Number(policy.First("pwdMaxAge")) is var seconds && seconds > 0 ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null
            : _configuredMaxAge, cancellationToken).ConfigureAwait(false);
        _policyMaxAges[policyDn] = age;
        return age;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TimeSpan?> _policyMaxAges = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>AD: the domain's maxPwdAge, read once; OpenLDAP: Directory:MaxPasswordAgeDays.</summary>
    private async Task<TimeSpan?> MaxPasswordAgeAsync(CancellationToken cancellationToken)
    {
        if (_options.Flavor != LdapFlavor.ActiveDirectory)
        {
            return _configuredMaxAge;
        }
        if (!_domainMaxAgeRead)
        {
            var domainDn = DomainDn;
            _domainMaxAge = await ReadAsync("read maxPwdAge", connection =>
            {
                var response = (SearchResponse)connection.SendRequest(new SearchRequest(domainDn, "(objectClass=*)", SearchScope.Base, "maxPwdAge"));
                return response.Entries.Count == 1 ? ActiveDirectoryLogic.ParseMaxPasswordAge(ToEntry(response.Entries[0]).First("maxPwdAge")) : _configuredMaxAge;
            }, cancellationToken).ConfigureAwait(false);
            _domainMaxAgeRead = true;
        }
        return _domainMaxAge;
    }

    private string DomainDn => string.Join(',', _options.BaseDn.Split(',').Select(p => p.Trim()).Where(p => p.StartsWith("DC=", StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// What the directory requires of a new password for the entry: AD, the fine-grained policy that applies to the
    /// person (msDS-ResultantPSO, where the service account may read it) or else the domain's; OpenLDAP, the entry's
    /// pwdPolicySubentry. Null when it cannot be read.
    /// </summary>
    internal async Task<DirectoryPasswordPolicy?> ReadPasswordPolicyAsync(string dn, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync("read the password policy", connection =>
            {
                if (_options.Flavor == LdapFlavor.ActiveDirectory)
                {
                    if (Base(connection, dn, "msDS-ResultantPSO")?.First("msDS-ResultantPSO") is { } pso)
                    {
                        // A fine-grained policy applies; if the service account may not read it, the domain's would be the wrong answer.
                        return Base(connection, pso, "msDS-MinimumPasswordLength", "msDS-PasswordComplexityEnabled", "msDS-PasswordHistoryLength") is { } fine
                            && fine.Has("msDS-MinimumPasswordLength")
                            ? new DirectoryPasswordPolicy(Number(fine.First("msDS-MinimumPasswordLength")),
                                string.Equals(fine.First("msDS-PasswordComplexityEnabled"), "TRUE", StringComparison.OrdinalIgnoreCase), Number(fine.First("msDS-PasswordHistoryLength")))
                            : null;
                    }
                    return Base(connection, DomainDn, "minPwdLength", "pwdProperties", "pwdHistoryLength") is { } domain && domain.Has("minPwdLength")
                        ? new DirectoryPasswordPolicy(Number(domain.First("minPwdLength")), (Number(domain.First("pwdProperties")) & 1) != 0, Number(domain.First("pwdHistoryLength")))
                        : null;
                }
                return Base(connection, dn, "pwdPolicySubentry")?.First("pwdPolicySubentry") is { } policyDn
                    && Base(connection, policyDn, "pwdMinLength", "pwdInHistory") is { } policy
                    ? new DirectoryPasswordPolicy(Number(policy.First("pwdMinLength")), false, Number(policy.First("pwdInHistory")))
                    : null;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (DirectoryUnavailableException)
        {
            return null;
        }
    }

    private static int Number(string? value) => int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>One entry's attributes, or null when it isn't there or may not be read.</summary>
    private static LdapEntry? Base(LdapConnection connection, string dn, params string[] attributes)
    {
        try
        {
            var response = (SearchResponse)connection.SendRequest(new SearchRequest(dn, "(objectClass=*)", SearchScope.Base, attributes));
            return response.Entries.Count == 1 ? ToEntry(response.Entries[0]) : null;
        }
        catch (DirectoryOperationException e) when (e.Response?.ResultCode is ResultCode.NoSuchObject or ResultCode.InsufficientAccessRights)
        {
            return null;
        }
    }

    /// <summary>
    /// The mapped attributes (Directory:Ldap:Attributes:*) that the directory's schema does not define. AD: looked up
    /// in the schema naming context by lDAPDisplayName; OpenLDAP: the subschema entry's attributeTypes.
    /// </summary>
    public async Task<IReadOnlyList<(string Key, string Attribute)>> MissingAttributesAsync(CancellationToken cancellationToken = default)
    {
        var mapped = _map.Mapped().ToList();
        var known = await ReadAsync("read the schema", connection =>
        {
            var root = Base(connection, "", "subschemaSubentry", "schemaNamingContext") ?? throw new InvalidOperationException("The directory's root entry could not be read.");
            var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            if (_options.Flavor == LdapFlavor.ActiveDirectory && root.First("schemaNamingContext") is { } schema)
            {
                var filter = "(|" + string.Concat(mapped.Select(a => $"(lDAPDisplayName={LdapEncoding.EscapeFilterValue(a.Attribute)})")) + ")";
                var response = (SearchResponse)connection.SendRequest(new SearchRequest(schema, filter, SearchScope.OneLevel, "lDAPDisplayName"));
                names.UnionWith(response.Entries.Cast<SearchResultEntry>().Select(ToEntry).Select(e => e.First("lDAPDisplayName")).OfType<string>());
                return names;
            }
            var subschema = root.First("subschemaSubentry") ?? throw new InvalidOperationException("The directory does not publish its schema (no subschemaSubentry).");
            foreach (var definition in Base(connection, subschema, "attributeTypes")?.All("attributeTypes") ?? [])
            {
                names.UnionWith(AttributeTypeNames(definition));
            }
            return names;
        }, cancellationToken).ConfigureAwait(false);
        return [.. mapped.Where(a => !known.Contains(a.Attribute))];
    }

    /// <summary>The names in an RFC 4512 attribute type definition: <c>NAME 'uid'</c> or <c>NAME ( 'uid' 'userid' )</c>.</summary>
    internal static IEnumerable<string> AttributeTypeNames(string definition)
    {
        var at = definition.IndexOf(" NAME ", StringComparison.Ordinal);
        if (at < 0)
        {
            yield break;
        }
        var rest = definition[(at + 6)..].TrimStart();
        var end = rest.StartsWith('(') ? rest.IndexOf(')', StringComparison.Ordinal) : rest.IndexOf('\'', 1);
        var names = end < 0 ? rest : rest[..(end + 1)];
        foreach (var part in names.Split('\'').Where((_, i) => i % 2 == 1))
        {
            yield return part;
        }
    }

    private static LdapEntry ToEntry(SearchResultEntry entry) =>
        new(entry.DistinguishedName, entry.Attributes.AttributeNames.Cast<string>()
            .Select(name => new KeyValuePair<string, string[]>(name, (string[])entry.Attributes[name].GetValues(typeof(string)))));

    private static string Any(IEnumerable<string> attributes, string value)
    {
        var escaped = LdapEncoding.EscapeFilterValue(value);
        return "(|" + string.Concat(attributes.Select(a => $"({a}={escaped})")) + ")";
    }

    // ---- connections and failures ----

    private const int InvalidCredentials = 49;

    // Every directory call is a span and is timed (dialogs/Telemetry): `what` names the operation, never an account.
    private async Task<T> ReadAsync<T>(string what, Func<LdapConnection, T> read, CancellationToken cancellationToken)
    {
        var call = DirectoryCall.Start(what);
        try
        {
            var result = await ReadUnmeasuredAsync(what, read, cancellationToken).ConfigureAwait(false);
            call.End("ok");
            return result;
        }
        catch
        {
            call.End("error");
            throw;
        }
    }

    private Task WriteAsync(string what, string dn, string right, Action<LdapConnection> write, CancellationToken cancellationToken) =>
        WriteAsync(what, dn, right, idempotent: false, write, cancellationToken);

    /// <param name="idempotent">The write may be sent twice with the same effect (an unlock): one dropped connection is tried once more.</param>
    private async Task WriteAsync(string what, string dn, string right, bool idempotent, Action<LdapConnection> write, CancellationToken cancellationToken)
    {
        var call = DirectoryCall.Start(what);
        try
        {
            await WriteUnmeasuredAsync(what, dn, right, idempotent, write, cancellationToken).ConfigureAwait(false);
            call.End("ok");
        }
        catch
        {
            call.End("error");
            throw;
        }
    }

    private async Task<T> ReadUnmeasuredAsync<T>(string what, Func<LdapConnection, T> read, CancellationToken cancellationToken)
    {
        using var budget = Budget(cancellationToken);
        try
        {
            return await _reads.ExecuteAsync(async token => await Bounded(Task.Run(() =>
            {
                using var connection = ConnectAsService();
                return read(connection);
            }, token), token).ConfigureAwait(false), budget.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unavailable(what, new TimeoutException($"No answer within {BudgetSeconds} s (Directory:Ldap:OperationBudgetSeconds).", e), mayHaveApplied: false);
        }
        catch (TimeoutException e)
        {
            throw Unavailable(what, e, mayHaveApplied: false);
        }
        catch (TlsRefusedException e)
        {
            throw Unavailable(what, e, mayHaveApplied: false);
        }
        catch (ServiceBindRefusedException e)
        {
            throw Unavailable(what, e, mayHaveApplied: false);
        }
        catch (LdapException e) when (IsUnavailable(e))
        {
            throw Unavailable(what, e, mayHaveApplied: false);
        }
        catch (DirectoryOperationException e) when (IsUnavailable(e))
        {
            throw Unavailable(what, e, mayHaveApplied: false);
        }
    }

    /// <param name="dn">The entry written, and <paramref name="right"/> the right the service account needs on it: both for the operator's log line when it lacks that right.</param>
    private async Task WriteUnmeasuredAsync(string what, string dn, string right, bool idempotent, Action<LdapConnection> write, CancellationToken cancellationToken)
    {
        using var budget = Budget(cancellationToken);
        try
        {
            await Bounded(Task.Run(() =>
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        using var connection = ConnectAsService();
                        write(connection);
                        return true;
                    }
                    catch (Exception e) when (idempotent && attempt == 1 && (e is TlsRefusedException || (e is LdapException l && IsUnavailable(l))))
                    {
                        // The directory dropped the connection (a busy domain controller does): a write with the same
                        // effect however often it is sent goes once more, within the same budget.
                    }
                }
            }, budget.Token), budget.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unavailable(what, new TimeoutException($"No answer within {BudgetSeconds} s (Directory:Ldap:OperationBudgetSeconds).", e), mayHaveApplied: true);
        }
        catch (TimeoutException e)
        {
            throw Unavailable(what, e, mayHaveApplied: true);
        }
        catch (TlsRefusedException e)
        {
            // Refused before the service account's bind: nothing was written.
            throw Unavailable(what, e, mayHaveApplied: false);
        }
        catch (ServiceBindRefusedException e)
        {
            throw Unavailable(what, e, mayHaveApplied: false);
        }
        catch (LdapException e) when (IsUnavailable(e))
        {
            throw Unavailable(what, e, mayHaveApplied: true);
        }
        catch (DirectoryOperationException e) when (IsUnavailable(e))
        {
            throw Unavailable(what, e, mayHaveApplied: true);
        }
        catch (DirectoryOperationException e) when (e.Response?.ResultCode is ResultCode.InsufficientAccessRights)
        {
            // The person gets the Service Desk (as for a directory that doesn't answer); the operator gets what to delegate.
            _logger.LogError("LDAP: HelpBot's service account {BindDn} lacks the right to {Operation} on {Dn}: delegate \"{Right}\" on user objects under {BaseDn} "
                + "to it (README, Active Directory). The server said: {Reason}",
                _options.BindDn, what, dn, right, _options.BaseDn, e.Response?.ErrorMessage ?? e.Message);
            throw new DirectoryUnavailableException("HelpBot's service account may not do this in the directory.", e);
        }
    }

    private int BudgetSeconds => Math.Max(_options.OperationBudgetSeconds, _options.TimeoutSeconds + 1);

    /// <summary>The whole call, retries included, ends within <see cref="LdapOptions.OperationBudgetSeconds"/>.</summary>
    private CancellationTokenSource Budget(CancellationToken cancellationToken)
    {
        var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(TimeSpan.FromSeconds(BudgetSeconds));
        return budget;
    }

    /// <summary>A refusal of the new password under the directory's policy (AD: constraint violation 0000052D; ppolicy: constraint violation).</summary>
    private static bool IsPolicyRefusal(DirectoryOperationException e) =>
        e.Response?.ResultCode is ResultCode.ConstraintViolation or ResultCode.UnwillingToPerform;

    // ---- the service account's bind: a circuit breaker ----

    private readonly Lock _breaker = new();
    private DateTimeOffset? _bindBlockedUntil;
    private string? _bindRefusal;

    /// <summary>
    /// Binds as the service account, unless the server refused that bind a moment ago: then nothing is sent until
    /// <see cref="LdapOptions.BindFailureCooldownSeconds"/> have passed (each further wrong bind would count towards
    /// locking the service account), and after that one bind is tried. One error line when it starts, one line when
    /// it recovers.
    /// </summary>
    private LdapConnection ConnectAsService()
    {
        lock (_breaker)
        {
            if (_bindBlockedUntil is { } until && _time.GetUtcNow() < until)
            {
                throw new ServiceBindRefusedException(_bindRefusal ?? "refused", null);
            }
        }
        LdapConnection connection;
        try
        {
            connection = Connect(ServiceCredential);
        }
        catch (LdapException e) when (e.ErrorCode == InvalidCredentials)
        {
            var (reason, advice) = BindRefusal(e.ServerErrorMessage);
            lock (_breaker)
            {
                var first = _bindBlockedUntil is null;
                _bindBlockedUntil = _time.GetUtcNow().AddSeconds(Math.Max(1, _options.BindFailureCooldownSeconds));
                _bindRefusal = reason;
                _logger.LogError("LDAP directory {Host}:{Port} refused HelpBot's own bind as {BindDn}: {Reason}. {Advice} HelpBot stops binding for {Seconds} s "
                    + "so it cannot lock the service account, then tries once more{Again}",
                    _options.Host, _options.EffectivePort, _options.BindDn, reason, advice, _options.BindFailureCooldownSeconds, first ? "" : " (still refused)");
            }
            throw new ServiceBindRefusedException(reason, e);
        }
        lock (_breaker)
        {
            if (_bindBlockedUntil is not null)
            {
                _logger.LogInformation("LDAP directory {Host}:{Port} accepts HelpBot's own bind as {BindDn} again; the directory is back in use", _options.Host, _options.EffectivePort, _options.BindDn);
                _bindBlockedUntil = null;
                _bindRefusal = null;
            }
        }
        return connection;
    }

    /// <summary>
    /// What an invalidCredentials (49) on the service account's bind means. Active Directory (and Samba) say it in the
    /// diagnostic message: "data 52e" wrong password, 775 locked out, 533 disabled, 532/773 password expired or must
    /// change, 701 account expired, 525 no such user.
    /// </summary>
    internal static (string Reason, string Advice) BindRefusal(string? serverMessage)
    {
        var m = serverMessage ?? "";
        return m switch
        {
            _ when m.Contains("data 775", StringComparison.OrdinalIgnoreCase) => ("the service account is locked out",
                "Unlock it in the directory, and check that every copy of HelpBot has the right Directory:Ldap:BindPassword (a wrong one elsewhere keeps locking it)."),
            _ when m.Contains("data 533", StringComparison.OrdinalIgnoreCase) => ("the service account is disabled", "Enable it in the directory."),
            _ when m.Contains("data 532", StringComparison.OrdinalIgnoreCase) || m.Contains("data 773", StringComparison.OrdinalIgnoreCase) => ("the service account's password has expired or must be changed",
                "Set a new password for it (and \"password never expires\", or a rotation plan), then put it in Directory:Ldap:BindPassword."),
            _ when m.Contains("data 701", StringComparison.OrdinalIgnoreCase) => ("the service account has expired", "Extend its expiry date in the directory."),
            _ when m.Contains("data 525", StringComparison.OrdinalIgnoreCase) => ("there is no such account", "Check Directory:Ldap:BindDn."),
            _ => ("invalid credentials (wrong password or no such account)", "Check Directory:Ldap:BindDn and Directory:Ldap:BindPassword."),
        };
    }

    /// <summary>The server refused the service account's bind (or did a moment ago): never retried.</summary>
    private sealed class ServiceBindRefusedException(string reason, LdapException? inner) : Exception($"The directory refused HelpBot's own bind: {reason}.", inner);

    /// <summary>
    /// A hard deadline: on Linux, System.DirectoryServices.Protocols does not apply <see cref="LdapConnection.Timeout"/>
    /// to a bind against a server that accepts the connection and never answers. The blocked call is abandoned (its
    /// thread returns when the server closes the connection); the caller gets a <see cref="TimeoutException"/>.
    /// </summary>
    private Task<T> Bounded<T>(Task<T> operation, CancellationToken cancellationToken) =>
        operation.WaitAsync(TimeSpan.FromSeconds(_options.TimeoutSeconds + 1), cancellationToken);

    private NetworkCredential ServiceCredential => new(_options.BindDn, _options.BindPassword);

    private LdapConnection Connect(NetworkCredential credential)
    {
        var tls = _options.UseSsl || _options.StartTls;
        var connection = new LdapConnection(new LdapDirectoryIdentifier(_options.Host, _options.EffectivePort), null, _options.StartTls ? AuthType.Anonymous : AuthType.Basic)
        {
            Timeout = TimeSpan.FromSeconds(_options.TimeoutSeconds),
        };
        try
        {
            connection.SessionOptions.ProtocolVersion = 3;
            if (tls && !string.IsNullOrWhiteSpace(_options.TrustedCaDirectory) && !OperatingSystem.IsWindows())
            {
                // A TLS context of this connection's own, so the private CA is trusted here without touching the system's trust.
                connection.SessionOptions.TrustedCertificatesDirectory = _options.TrustedCaDirectory;
                connection.SessionOptions.StartNewTlsSessionContext();
            }
            if (_options.UseSsl)
            {
                connection.SessionOptions.SecureSocketLayer = true;
            }
            if (_options.StartTls)
            {
                // On Linux, S.DS.P gives libldap the server's address only when it first binds, so StartTLS before any
                // bind goes nowhere. An anonymous bind opens the connection (it carries no secret); the service
                // account's bind follows only once TLS is up, and a failed StartTLS throws before it.
                connection.Bind();
                connection.SessionOptions.StartTransportLayerSecurity(null);
                connection.AuthType = AuthType.Basic;
            }
            connection.Bind(credential);
            return connection;
        }
        catch (LdapException e) when (tls && IsUnavailable(e) && AcceptsConnections())
        {
            connection.Dispose();
            throw new TlsRefusedException(e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// libldap reports a refused certificate as "server unavailable", like a server that is down. If the port accepts a
    /// plain TCP connection, the server is up and it is the TLS handshake that failed (an untrusted or wrongly named
    /// certificate, or no TLS on that port): the operator needs to hear that instead.
    /// </summary>
    private bool AcceptsConnections()
    {
        try
        {
            using var probe = new System.Net.Sockets.TcpClient();
            return probe.ConnectAsync(_options.Host, _options.EffectivePort).Wait(TimeSpan.FromSeconds(Math.Min(2, _options.TimeoutSeconds)));
        }
        catch (AggregateException)
        {
            return false;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>The TLS handshake with a server that is up failed; never retried (it would fail the same way).</summary>
    private sealed class TlsRefusedException(LdapException inner) : Exception("The LDAP server's TLS handshake failed.", inner)
    {
        public int ErrorCode => inner.ErrorCode;
    }

    /// <summary>Server down, connect error, timeout: the directory isn't answering (as opposed to answering "no").</summary>
    internal static bool IsUnavailable(LdapException e) => e.ErrorCode is 51 or 52 or 81 or 85 or 91;

    private static bool IsUnavailable(DirectoryOperationException e) =>
        e.Response?.ResultCode is ResultCode.Busy or ResultCode.Unavailable;

    private DirectoryUnavailableException Unavailable(string what, Exception e, bool mayHaveApplied)
    {
        var code = e is LdapException l ? l.ErrorCode : e is TlsRefusedException t ? t.ErrorCode : e is DirectoryOperationException d && d.Response is { } r ? (int)r.ResultCode : 0;
        if (e is TlsRefusedException)
        {
            _logger.LogError("LDAP directory {Host}:{Port} accepted the connection but the TLS handshake ({Tls}) failed ({Operation}, LDAP code {Code}): "
                + "is the server's certificate signed by a CA HelpBot trusts (Directory:Ldap:TrustedCaDirectory {CaDirectory}) and issued for {Host}?",
                _options.Host, _options.EffectivePort, _options.UseSsl ? "LDAPS" : "StartTLS", what, code,
                string.IsNullOrWhiteSpace(_options.TrustedCaDirectory) ? "not set, so the system's trust" : _options.TrustedCaDirectory, _options.Host);
        }
        else if (e is ServiceBindRefusedException)
        {
            // Said once, when the bind was refused (ConnectAsService).
            _logger.LogDebug("LDAP: {Operation} not attempted: HelpBot's own bind is refused", what);
        }
        else
        {
            _logger.LogError("LDAP directory {Host}:{Port} is not answering ({Operation}, LDAP code {Code}: {Error}){Applied}",
                _options.Host, _options.EffectivePort, what, code, e.Message, mayHaveApplied ? "; the write may or may not have applied and was not retried" : "");
        }
        return new DirectoryUnavailableException("The account directory is not answering.", e);
    }
}
