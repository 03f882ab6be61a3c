using System.Diagnostics;
using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using HelpBot.Bot.Accounts;
using HelpBot.Bot.Accounts.Ldap;

using static HelpBot.LocalServers.ExternalProcess;

namespace HelpBot.Bot.Tests.Accounts;

/// <summary>
/// A throwaway OpenLDAP server (Debian slapd 2.5) on 127.0.0.1 at a free port, with the ppolicy overlay (lockout after
/// 3 failures, maximum age 180 days) and the demo cast loaded with slapadd from a temporary folder. Stopped (killed) and
/// its folder removed on Dispose. Missing slapd is a failure with a clear message, never a skip. With
/// <see cref="SlapdTlsMode"/> other than None it also listens for LDAPS on <see cref="TlsPort"/> and offers StartTLS
/// on <see cref="Port"/> with a throwaway certificate (<see cref="Certificates"/>), and refuses simple binds with a
/// password outside TLS, so a test that binds proves the password never travelled in clear.
/// </summary>
public sealed class SlapdServer : IDisposable
{
    public const string Suffix = "dc=hms,dc=example";
    public const string PeopleDn = "ou=people," + Suffix;
    public const string AdminDn = "cn=admin," + Suffix;
    public const int MaxFailures = 3;
    public const int MaxAgeDays = 180;

    /// <summary>A service account (not the root DN, so ppolicy applies to what it writes) that may write passwords and lock state.</summary>
    public const string ServiceDn = "cn=helpbot,ou=services," + Suffix;
    public const string ServicePassword = "Service-Account-Pass-5512";

    /// <summary>A person under a stricter policy of their own (pwdPolicySubentry): <see cref="StrictMinLength"/>, history 3, maximum age 7 days.</summary>
    public const string StrictPerson = "pstrict";
    public const string StrictPersonPassword = "Strict-Policy-Person-77";
    public const int StrictMinLength = 12;

    private const string Slapd = "/usr/sbin/slapd";
    private const string Slapadd = "/usr/sbin/slapadd";
    private const string ModuleDir = "/usr/lib/ldap";

    private readonly string _folder;
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SlapdServer(string folder, Process process, int port, string adminPassword, DateTimeOffset loadedAt)
    {
        _folder = folder;
        _process = process;
        Port = port;
        TlsPort = port;
        AdminPassword = adminPassword;
        LoadedAt = loadedAt;
    }

    public int Port { get; }

    /// <summary>The LDAPS port (with TLS), else the same as <see cref="Port"/>.</summary>
    public int TlsPort { get; private init; }

    /// <summary>The CA the server's certificate chains to (TLS only): what a client must trust.</summary>
    public SlapdCertificates? Certificates { get; private init; }

    /// <summary>The certificate the server presents (TLS only); with <see cref="SlapdTlsMode.RogueCertificate"/> not signed by <see cref="Certificates"/>' CA.</summary>
    private SlapdCertificates? Presented { get; init; }

    public string AdminPassword { get; }

    /// <summary>When the cast was loaded: password dates are relative to it.</summary>
    public DateTimeOffset LoadedAt { get; }

    public static string UserDn(string username) => $"uid={username},{PeopleDn}";

    /// <summary>Starts a fresh server. <paramref name="seedLocks"/>: jsmith and radiology start locked, as in the embedded demo cast.</summary>
    public static SlapdServer Start(bool seedLocks = true, SlapdTlsMode tls = SlapdTlsMode.None)
    {
        foreach (var needed in new[] { Slapd, Slapadd, Path.Combine(ModuleDir, "ppolicy.la"), "/etc/ldap/schema/inetorgperson.schema" })
        {
            if (!File.Exists(needed))
            {
                throw new InvalidOperationException($"{needed} is missing: the LDAP tests need Debian's slapd 2.5 (with ppolicy) and ldap-utils. Run ./test.sh, which installs them.");
            }
        }
        var failures = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var folder = System.IO.Directory.CreateTempSubdirectory("helpbot-slapd-").FullName;
            try
            {
                var server = TryStart(folder, seedLocks, tls, failures);
                if (server is not null)
                {
                    return server;
                }
            }
            catch
            {
                TryDelete(folder);
                throw;
            }
            TryDelete(folder);
        }
        throw new InvalidOperationException("slapd did not start on 127.0.0.1: " + string.Join(" | ", failures));
    }

    private static SlapdServer? TryStart(string folder, bool seedLocks, SlapdTlsMode tls, List<string> failures)
    {
        var adminPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        var database = Path.Combine(folder, "db");
        System.IO.Directory.CreateDirectory(database);
        var trusted = tls == SlapdTlsMode.None ? null : SlapdCertificates.Create(folder);
        var presented = tls == SlapdTlsMode.RogueCertificate ? SlapdCertificates.Rogue(folder) : trusted;
        var config = Path.Combine(folder, "slapd.conf");
        File.WriteAllText(config, Config(folder, database, adminPassword, presented));
        var loadedAt = DateTimeOffset.UtcNow;
        var ldif = Path.Combine(folder, "cast.ldif");
        File.WriteAllText(ldif, Cast(loadedAt, seedLocks));

        var (code, output) = Run(Slapadd, "-q", "-f", config, "-l", ldif);
        if (code != 0)
        {
            throw new InvalidOperationException($"slapadd failed ({code}): {output}");
        }

        var port = FreeLoopbackPort();
        var tlsPort = presented is null ? port : FreeLoopbackPort();
        var listeners = presented is null ? $"ldap://127.0.0.1:{port}/" : $"ldap://127.0.0.1:{port}/ ldaps://127.0.0.1:{tlsPort}/";
        var start = new ProcessStartInfo(Slapd) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-h", listeners, "-f", config, "-d", "0" })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("slapd did not start.");
        var server = new SlapdServer(folder, process, port, adminPassword, loadedAt) { TlsPort = tlsPort, Certificates = trusted, Presented = presented };
        process.ErrorDataReceived += (_, e) => { lock (server._output) { server._output.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, e) => { lock (server._output) { server._output.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (process.HasExited)
            {
                lock (server._output)
                {
                    failures.Add($"slapd exited with {process.ExitCode} on port {port}: {server._output}");
                }
                process.Dispose();
                return null;
            }
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                if (tlsPort != port)
                {
                    using var tlsProbe = new TcpClient();
                    tlsProbe.Connect(IPAddress.Loopback, tlsPort);
                }
                return server;
            }
            catch (SocketException)
            {
                Thread.Sleep(20);
            }
        }
        server.Stop();
        failures.Add($"slapd did not listen on 127.0.0.1:{port} within 10 s");
        return null;
    }

    /// <summary>The bot's settings for this server: Directory:Provider=Ldap and Directory:Ldap:*.</summary>
    public Dictionary<string, string?> BotSettings() => new()
    {
        ["Directory:Provider"] = "Ldap",
        ["Directory:MaxPasswordAgeDays"] = MaxAgeDays.ToString(CultureInfo.InvariantCulture),
        ["Directory:Ldap:Flavor"] = "OpenLdap",
        ["Directory:Ldap:Host"] = "127.0.0.1",
        ["Directory:Ldap:Port"] = Port.ToString(CultureInfo.InvariantCulture),
        ["Directory:Ldap:BindDn"] = AdminDn,
        ["Directory:Ldap:BindPassword"] = AdminPassword,
        ["Directory:Ldap:BaseDn"] = PeopleDn,
    };

    public LdapOptions Options() => new()
    {
        Host = "127.0.0.1",
        Port = Port,
        BindDn = AdminDn,
        BindPassword = AdminPassword,
        BaseDn = PeopleDn,
    };

    /// <summary>A real simple bind as the person (what a login does): true on success, false on invalidCredentials.</summary>
    public bool TryBind(string username, string password) => WhileUp(() =>
    {
        using var connection = AdminSide(new NetworkCredential(UserDn(username), password));
        try
        {
            connection.Bind();
            return true;
        }
        catch (LdapException e) when (e.ErrorCode == 49)
        {
            return false;
        }
    });

    /// <summary>An attribute of the person's entry as the administrator sees it (operational ones included).</summary>
    public string? Read(string username, string attribute) => WhileUp(() =>
    {
        using var connection = AdminSide(new NetworkCredential(AdminDn, AdminPassword));
        connection.Bind();
        var response = (SearchResponse)connection.SendRequest(new SearchRequest(UserDn(username), "(objectClass=*)", SearchScope.Base, attribute));
        var values = response.Entries[0].Attributes[attribute];
        return values is null ? null : (string)values.GetValues(typeof(string))[0];
    });

    /// <summary>
    /// The test's own check, tried again (at most twice more) when the connection failed while slapd is still running:
    /// on a loaded CI machine a loopback connection to slapd was once refused as "server unavailable" (code 81)
    /// mid-test. A slapd that exited is a failure that says so, with its output.
    /// </summary>
    private T WhileUp<T>(Func<T> check)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return check();
            }
            catch (LdapException e) when (LdapAccountDirectory.IsUnavailable(e))
            {
                if (_process.HasExited)
                {
                    lock (_output)
                    {
                        throw new InvalidOperationException($"slapd exited with {_process.ExitCode} during the test: {_output}", e);
                    }
                }
                if (attempt == 3)
                {
                    throw;
                }
                Thread.Sleep(200);
            }
        }
    }

    /// <summary>A connection for the test's own checks: plain, or LDAPS trusting the CA of the certificate the server presents.</summary>
    private LdapConnection AdminSide(NetworkCredential credential)
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier("127.0.0.1", Presented is null ? Port : TlsPort), credential, AuthType.Basic);
        connection.SessionOptions.ProtocolVersion = 3;
        if (Presented is not null && !OperatingSystem.IsWindows())
        {
            connection.SessionOptions.TrustedCertificatesDirectory = Presented.TrustedCaDirectory;
            connection.SessionOptions.StartNewTlsSessionContext();
            connection.SessionOptions.SecureSocketLayer = true;
        }
        return connection;
    }

    public void Dispose()
    {
        Stop();
        TryDelete(_folder);
    }

    private void Stop()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
    }

    private static void TryDelete(string folder)
    {
        try { System.IO.Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Settings for LDAPS (<paramref name="startTls"/> false) or StartTLS, trusting the throwaway CA.</summary>
    public Dictionary<string, string?> BotSettings(bool startTls)
    {
        var settings = BotSettings();
        settings["Directory:Ldap:Host"] = "127.0.0.1";
        settings["Directory:Ldap:Port"] = (startTls ? Port : TlsPort).ToString(CultureInfo.InvariantCulture);
        settings[startTls ? "Directory:Ldap:StartTls" : "Directory:Ldap:UseSsl"] = "true";
        settings["Directory:Ldap:TrustedCaDirectory"] = Certificates?.TrustedCaDirectory ?? throw new InvalidOperationException("This slapd was started without TLS.");
        return settings;
    }

    /// <summary>Options for LDAPS or StartTLS, trusting the throwaway CA.</summary>
    public LdapOptions Options(bool startTls)
    {
        var options = Options();
        options.Port = startTls ? Port : TlsPort;
        options.UseSsl = !startTls;
        options.StartTls = startTls;
        options.TrustedCaDirectory = Certificates?.TrustedCaDirectory ?? throw new InvalidOperationException("This slapd was started without TLS.");
        return options;
    }

    private static string Config(string folder, string database, string adminPassword, SlapdCertificates? tls) => $"""
        include /etc/ldap/schema/core.schema
        include /etc/ldap/schema/cosine.schema
        include /etc/ldap/schema/inetorgperson.schema
        modulepath {ModuleDir}
        moduleload back_mdb
        moduleload ppolicy
        pidfile {Path.Combine(folder, "slapd.pid")}
        argsfile {Path.Combine(folder, "slapd.args")}
        {(tls is null ? "" : $"TLSCACertificateFile {tls.CaFile}\nTLSCertificateFile {tls.ServerCertificateFile}\nTLSCertificateKeyFile {tls.ServerKeyFile}\nsecurity simple_bind=64")}

        database mdb
        maxsize 10485760
        suffix "{Suffix}"
        rootdn "{AdminDn}"
        rootpw {adminPassword}
        directory {database}
        overlay ppolicy
        ppolicy_default "cn=default,ou=policies,{Suffix}"
        ppolicy_hash_cleartext
        access to attrs=userPassword by dn.exact="{ServiceDn}" write by self write by anonymous auth by * none
        access to * by dn.exact="{ServiceDn}" write by * read

        """;

    /// <summary>The demo cast of accounts.seed.json with the same facts and demo passwords (the registered people).</summary>
    private static string Cast(DateTimeOffset now, bool seedLocks)
    {
        var sb = new StringBuilder($"""
            dn: {Suffix}
            objectClass: dcObject
            objectClass: organization
            o: HMS
            dc: hms

            dn: ou=policies,{Suffix}
            objectClass: organizationalUnit
            ou: policies

            dn: cn=default,ou=policies,{Suffix}
            objectClass: device
            objectClass: pwdPolicy
            cn: default
            pwdAttribute: userPassword
            pwdMaxFailure: {MaxFailures}
            pwdLockout: TRUE
            pwdLockoutDuration: 0
            pwdMaxAge: {MaxAgeDays * 86400}

            dn: cn=strict,ou=policies,{Suffix}
            objectClass: device
            objectClass: pwdPolicy
            cn: strict
            pwdAttribute: userPassword
            pwdMaxFailure: {MaxFailures}
            pwdLockout: TRUE
            pwdMaxAge: {7 * 86400}
            pwdMinLength: {StrictMinLength}
            pwdCheckQuality: 2
            pwdInHistory: 3

            dn: ou=services,{Suffix}
            objectClass: organizationalUnit
            ou: services

            dn: {ServiceDn}
            objectClass: person
            cn: helpbot
            sn: HelpBot service account
            userPassword: {ServicePassword}

            dn: {PeopleDn}
            objectClass: organizationalUnit
            ou: people

            dn: {UserDn(StrictPerson)}
            objectClass: inetOrgPerson
            uid: {StrictPerson}
            cn: Pat Strict
            sn: Strict
            displayName: Pat Strict
            mail: pat.strict@hms.harvard.edu
            userPassword: {StrictPersonPassword}
            pwdPolicySubentry: cn=strict,ou=policies,{Suffix}


            """);
        foreach (var p in EmbeddedAccountDirectory.LoadSeed().Where(p => p.IsRegistered))
        {
            var password = DemoPasswords[p.Username];
            var changed = now.AddDays((p.PasswordExpiresInDays ?? 0) - MaxAgeDays);
            sb.Append(CultureInfo.InvariantCulture, $"dn: {UserDn(p.Username)}\nobjectClass: inetOrgPerson\nuid: {p.Username}\ncn: {p.DisplayName}\nsn: {p.DisplayName.Split(' ')[^1]}\n");
            sb.Append(CultureInfo.InvariantCulture, $"displayName: {p.DisplayName}\nou: {p.School}\nbusinessCategory: {p.Affiliation}\nuserPassword: {password}\n");
            sb.Append(CultureInfo.InvariantCulture, $"pwdChangedTime: {changed.UtcDateTime:yyyyMMddHHmmss}Z\n");
            Optional(sb, "mail", p.Email);
            Optional(sb, "description", p.AlternateEmail);
            Optional(sb, "mobile", p.TextPhone);
            Optional(sb, "employeeNumber", p.Huid);
            if (p.Type == Dialogs.Accounts.AccountType.Departmental)
            {
                sb.Append("employeeType: departmental\n");
            }
            if (seedLocks && p.IsLocked)
            {
                sb.Append(CultureInfo.InvariantCulture, $"pwdAccountLockedTime: {now.UtcDateTime:yyyyMMddHHmmss}Z\n");
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static void Optional(StringBuilder sb, string attribute, string? value)
    {
        if (value is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{attribute}: {value}\n");
        }
    }

    /// <summary>The demo passwords written next to each person in accounts.seed.json.</summary>
    public static readonly IReadOnlyDictionary<string, string> DemoPasswords = new Dictionary<string, string>
    {
        ["jsmith"] = "Maple-Harbor-2231",
        ["mlee"] = "Quiet-Orchard-5170",
        ["akumar"] = "Copper-Lantern-8842",
        ["tnguyen"] = "Silver-Meadow-3306",
        ["rbrown"] = "Amber-Thistle-6619",
        ["radiology"] = "Radiology-Shared-4405",
    };
}

/// <summary>How the throwaway slapd speaks TLS.</summary>
public enum SlapdTlsMode
{
    /// <summary>Plain LDAP only.</summary>
    None,

    /// <summary>LDAPS on <see cref="SlapdServer.TlsPort"/> and StartTLS on <see cref="SlapdServer.Port"/>, with a certificate signed by <see cref="SlapdServer.Certificates"/>' CA.</summary>
    TrustedCertificate,

    /// <summary>The same listeners, but presenting a certificate from another CA that the client does not trust.</summary>
    RogueCertificate,
}
