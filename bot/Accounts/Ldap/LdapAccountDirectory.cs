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
    private readonly ResiliencePipeline _reads;
    private readonly string[] _attributes;
    private TimeSpan? _domainMaxAge;
    private bool _domainMaxAgeRead;

    public LdapAccountDirectory(IOptions<LdapOptions> options, IOptions<DirectoryOptions> directory, ILogger<LdapAccountDirectory> logger)
    {
        _options = options.Value;
        _map = _options.Attributes.Resolve(_options.Flavor);
        _flavor = LdapFlavorLogic.For(_options.Flavor);
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
        return FindOneAsync("find", Any(keys, value), value, cancellationToken);
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
        if (_map.UserPrincipalName is not null && !string.IsNullOrWhiteSpace(userPrincipalName))
        {
            return await FindOneAsync("find by UPN", Any([_map.UserPrincipalName], userPrincipalName.Trim()), null, cancellationToken).ConfigureAwait(false);
        }
        return null;
    }

    public async Task UnlockAsync(string username, CancellationToken cancellationToken = default)
    {
        var dn = await RequireDnAsync(username, cancellationToken).ConfigureAwait(false);
        await WriteAsync("unlock", connection =>
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
        await WriteAsync("set password", connection => connection.SendRequest(_flavor.SetPasswordRequest(dn, newPassword)), cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("LDAP: password set for {Dn}", dn);
    }

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
        return entry is null ? null : _flavor.ToAccount(entry, _map, await MaxPasswordAgeAsync(cancellationToken).ConfigureAwait(false));
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

    /// <summary>AD: the domain's maxPwdAge, read once; OpenLDAP: Directory:MaxPasswordAgeDays.</summary>
    private async Task<TimeSpan?> MaxPasswordAgeAsync(CancellationToken cancellationToken)
    {
        if (_options.Flavor != LdapFlavor.ActiveDirectory)
        {
            return _configuredMaxAge;
        }
        if (!_domainMaxAgeRead)
        {
            var domainDn = string.Join(',', _options.BaseDn.Split(',').Select(p => p.Trim()).Where(p => p.StartsWith("DC=", StringComparison.OrdinalIgnoreCase)));
            _domainMaxAge = await ReadAsync("read maxPwdAge", connection =>
            {
                var response = (SearchResponse)connection.SendRequest(new SearchRequest(domainDn, "(objectClass=*)", SearchScope.Base, "maxPwdAge"));
                return response.Entries.Count == 1 ? ActiveDirectoryLogic.ParseMaxPasswordAge(ToEntry(response.Entries[0]).First("maxPwdAge")) : _configuredMaxAge;
            }, cancellationToken).ConfigureAwait(false);
            _domainMaxAgeRead = true;
        }
        return _domainMaxAge;
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

    private async Task<T> ReadAsync<T>(string what, Func<LdapConnection, T> read, CancellationToken cancellationToken)
    {
        try
        {
            return await _reads.ExecuteAsync(async token => await Bounded(Task.Run(() =>
            {
                using var connection = Connect(ServiceCredential);
                return read(connection);
            }, token), token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw Unavailable(what, e, mayHaveApplied: false);
        }
        catch (TlsRefusedException e)
        {
            throw Unavailable(what, e, mayHaveApplied: false);
        }
        catch (LdapException e) when (IsUnavailable(e) || e.ErrorCode == InvalidCredentials)
        {
            throw Unavailable(what, e, mayHaveApplied: false);
        }
        catch (DirectoryOperationException e) when (IsUnavailable(e))
        {
            throw Unavailable(what, e, mayHaveApplied: false);
        }
    }

    private async Task WriteAsync(string what, Action<LdapConnection> write, CancellationToken cancellationToken)
    {
        try
        {
            await Bounded(Task.Run(() =>
            {
                using var connection = Connect(ServiceCredential);
                write(connection);
                return true;
            }, cancellationToken), cancellationToken).ConfigureAwait(false);
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
        catch (LdapException e) when (IsUnavailable(e) || e.ErrorCode == InvalidCredentials)
        {
            throw Unavailable(what, e, mayHaveApplied: true);
        }
        catch (DirectoryOperationException e) when (IsUnavailable(e))
        {
            throw Unavailable(what, e, mayHaveApplied: true);
        }
    }

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
        else if (code == InvalidCredentials)
        {
            _logger.LogError("LDAP directory {Host}:{Port} refused HelpBot's own bind ({Operation}): check Directory:Ldap:BindDn and Directory:Ldap:BindPassword",
                _options.Host, _options.EffectivePort, what);
        }
        else
        {
            _logger.LogError("LDAP directory {Host}:{Port} is not answering ({Operation}, LDAP code {Code}: {Error}){Applied}",
                _options.Host, _options.EffectivePort, what, code, e.Message, mayHaveApplied ? "; the write may or may not have applied and was not retried" : "");
        }
        return new DirectoryUnavailableException("The account directory is not answering.", e);
    }
}
