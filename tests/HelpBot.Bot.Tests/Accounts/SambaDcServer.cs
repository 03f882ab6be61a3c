using System.Diagnostics;
using System.DirectoryServices.Protocols;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using HelpBot.Bot.Accounts.Ldap;

using static HelpBot.LocalServers.ExternalProcess;

namespace HelpBot.Bot.Tests.Accounts;

/// <summary>
/// A real Active Directory domain controller for the tests: Debian's Samba AD DC (package samba-ad-dc), provisioned once
/// per test process into a temporary folder (domain HMS, realm HMS.TEST), listening on 127.0.0.1 only, on the fixed
/// ports 389 (StartTLS) and 636 (LDAPS) with a certificate of a throwaway CA. A lock file lets one test process at a time
/// own it; it is stopped when the process ends. It holds what HMS's AD holds: the Exchange schema extension
/// (extensionAttribute1/2), OU=People, a password policy (complexity, minimum length 10, history 24, lockout after 3
/// failures, maximum age 180 days) and a least-privilege service account (<see cref="ServiceAccount"/>) with exactly the
/// rights the README lists: Reset Password, write lockoutTime and write extensionAttribute2 on users in OU=People.
/// Tests make their own people (<see cref="CreatePerson"/>), so tests sharing the domain never share an account.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SambaDcServer
{
    public const string Realm = "hms.test";
    public const string DomainDn = "DC=hms,DC=test";
    public const string PeopleDn = "OU=People," + DomainDn;
    public const string ServiceAccount = "svc-helpbot";
    public const int MaxFailures = 3;
    public const int MaxAgeDays = 180;
    public const int MinLength = 10;
    public const int LdapPort = 389;
    public const int LdapsPort = 636;

    private const string Samba = "/usr/sbin/samba";
    private const string SambaTool = "/usr/bin/samba-tool";
    private const string FakeTime = "/usr/bin/faketime";
    private static readonly string LockPath = Path.Combine(Path.GetTempPath(), "helpbot-samba-dc.lock");
    private static readonly Lazy<SambaDcServer> Instance = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int _people;

    private readonly string _folder;
    private readonly Process _process;
    private readonly FileStream _lock;
    private readonly StringBuilder _output = new();

    private SambaDcServer(string folder, Process process, FileStream lockFile, SlapdCertificates certificates, string adminPassword, string servicePassword)
    {
        _folder = folder;
        _process = process;
        _lock = lockFile;
        Certificates = certificates;
        AdminPassword = adminPassword;
        ServicePassword = servicePassword;
    }

    /// <summary>Why the Samba tests cannot run here (null: they can).</summary>
    public static string? SkipReason { get; } =
        !File.Exists(Samba) || !File.Exists(SambaTool) || !File.Exists("/usr/share/samba/setup/provision.ldif")
            ? "Samba AD DC is not installed (Debian packages samba-ad-dc and samba-ad-provision; ./test.sh installs them)"
        : !File.Exists(FakeTime) ? "faketime is not installed (Debian package faketime; ./test.sh installs it)"
        : !OperatingSystem.IsLinux() || Environment.UserName != "root" ? "the Samba AD DC runs only as root on Linux (it listens on ports 389 and 636)"
        : null;

    /// <summary>The domain controller of this test process, provisioned and started on first use.</summary>
    public static SambaDcServer Shared => Instance.Value;

    /// <summary>Stops the shared domain controller if it was started (the end of the test collection; process exit is the fallback).</summary>
    public static void StopShared()
    {
        if (Instance.IsValueCreated)
        {
            Instance.Value.Stop();
        }
    }

    public SlapdCertificates Certificates { get; }

    public string AdminPassword { get; }

    public string ServicePassword { get; }

    public static string ServiceAccountDn => $"CN={ServiceAccount},CN=Users,{DomainDn}";

    /// <summary>How long provisioning and starting took (reported, never asserted).</summary>
    public TimeSpan StartupTime { get; private set; }

    public static string UserDn(string username) => $"CN={username},{PeopleDn}";

    /// <summary>Options for the directory: AD flavour, LDAPS or StartTLS, bound as the least-privilege service account.</summary>
    public LdapOptions Options(bool startTls = false) => new()
    {
        Flavor = LdapFlavor.ActiveDirectory,
        Host = "127.0.0.1",
        Port = startTls ? LdapPort : LdapsPort,
        UseSsl = !startTls,
        StartTls = startTls,
        TrustedCaDirectory = Certificates.TrustedCaDirectory,
        BindDn = ServiceAccountDn,
        BindPassword = ServicePassword,
        BaseDn = PeopleDn,
    };

    /// <summary>The bot's settings for this domain (Directory:Provider=Ldap, flavour ActiveDirectory).</summary>
    public Dictionary<string, string?> BotSettings(bool startTls = false)
    {
        var o = Options(startTls);
        return new()
        {
            ["Directory:Provider"] = "Ldap",
            ["Directory:Ldap:Flavor"] = "ActiveDirectory",
            ["Directory:Ldap:Host"] = o.Host,
            ["Directory:Ldap:Port"] = o.Port.ToString(CultureInfo.InvariantCulture),
            [startTls ? "Directory:Ldap:StartTls" : "Directory:Ldap:UseSsl"] = "true",
            ["Directory:Ldap:TrustedCaDirectory"] = o.TrustedCaDirectory,
            ["Directory:Ldap:BindDn"] = o.BindDn,
            ["Directory:Ldap:BindPassword"] = o.BindPassword,
            ["Directory:Ldap:BaseDn"] = o.BaseDn,
        };
    }

    /// <summary>A new person in OU=People with a username no other test uses (at most 20 characters, as AD requires).</summary>
    public Person CreatePerson(string prefix, string password, string? given = null, string? family = null,
        string? mail = null, string? alternateEmail = null, string? mobile = null, string? huid = null,
        string affiliation = "FullTimeStaff", string? employeeType = null, string? registration = null, bool neverExpires = false)
    {
        var username = $"{prefix[..Math.Min(prefix.Length, 14)]}{Interlocked.Increment(ref _people)}".ToLowerInvariant();
        given ??= "Pat";
        family ??= "Tester" + username;
        var dn = UserDn(username);
        var add = new AddRequest(dn, "user");
        void Put(string attribute, string? value)
        {
            if (value is not null)
            {
                add.Attributes.Add(new DirectoryAttribute(attribute, value));
            }
        }
        Put("sAMAccountName", username);
        Put("userPrincipalName", $"{username}@{Realm}");
        Put("givenName", given);
        Put("sn", family);
        Put("displayName", $"{given} {family}");
        Put("mail", mail ?? $"{username}@hms.example");
        Put("otherMailbox", alternateEmail);
        Put("mobile", mobile);
        Put("employeeID", huid);
        Put("company", "HMS");
        Put("extensionAttribute1", affiliation);
        Put("employeeType", employeeType);
        Put("extensionAttribute2", registration);
        AsAdmin(connection =>
        {
            connection.SendRequest(add);
            var enable = new ModifyRequest(dn, DirectoryAttributeOperation.Replace, "unicodePwd", Encoding.Unicode.GetBytes($"\"{password}\""));
            var flags = new DirectoryAttributeModification { Name = "userAccountControl", Operation = DirectoryAttributeOperation.Replace };
            flags.Add((neverExpires ? 0x10200 : 0x200).ToString(CultureInfo.InvariantCulture));
            enable.Modifications.Add(flags);
            connection.SendRequest(enable);
            return true;
        });
        return new Person(username, dn, $"{username}@{Realm}");
    }

    /// <summary>Sets the person's password as if it had been set <paramref name="daysAgo"/> days ago (samba-tool under faketime, on the database).</summary>
    public void SetPasswordDaysAgo(string username, string password, int daysAgo)
    {
        var (code, output) = Run(FakeTime, "-f", $"-{daysAgo}d", SambaTool, "user", "setpassword", username, $"--newpassword={password}",
            "-s", Path.Combine(_folder, "etc", "smb.conf"), "-H", Path.Combine(_folder, "private", "sam.ldb"));
        if (code != 0)
        {
            throw new InvalidOperationException($"samba-tool user setpassword under faketime failed ({code}): {output}");
        }
    }

    /// <summary>Runs samba-tool against the domain's database (e.g. "domain passwordsettings pso create ...").</summary>
    public string Tool(params string[] args)
    {
        var (code, output) = Run(SambaTool, [.. args, "-s", Path.Combine(_folder, "etc", "smb.conf"), "-H", Path.Combine(_folder, "private", "sam.ldb")]);
        return code == 0 ? output : throw new InvalidOperationException($"samba-tool {string.Join(' ', args)} failed ({code}): {output}");
    }

    /// <summary>A real simple bind as the person over LDAPS (what a login does): true on success, false on invalidCredentials.</summary>
    public bool TryBind(string username, string password)
    {
        using var connection = Connection(new NetworkCredential($"{username}@{Realm}", password));
        try
        {
            connection.Bind();
            return true;
        }
        catch (LdapException e) when (e.ErrorCode == 49)
        {
            return false;
        }
    }

    /// <summary>An attribute of an entry as the domain administrator sees it; null when absent.</summary>
    public string? Read(string dn, string attribute) => AsAdmin(connection =>
    {
        var response = (SearchResponse)connection.SendRequest(new SearchRequest(dn, "(objectClass=*)", SearchScope.Base, attribute));
        var values = response.Entries[0].Attributes[attribute];
        return values is null ? null : (string)values.GetValues(typeof(string))[0];
    });

    /// <summary>Writes attributes as the domain administrator.</summary>
    public void Write(string dn, string attribute, params string[] values) => AsAdmin(connection =>
    {
        connection.SendRequest(values.Length == 0
            ? new ModifyRequest(dn, DirectoryAttributeOperation.Delete, attribute)
            : new ModifyRequest(dn, DirectoryAttributeOperation.Replace, attribute, values));
        return true;
    });

    public T AsAdmin<T>(Func<LdapConnection, T> action)
    {
        using var connection = Connection(new NetworkCredential($"Administrator@{Realm}", AdminPassword));
        connection.Bind();
        return action(connection);
    }

    private LdapConnection Connection(NetworkCredential credential)
    {
        var connection = new LdapConnection(new LdapDirectoryIdentifier("127.0.0.1", LdapsPort), credential, AuthType.Basic);
        connection.SessionOptions.ProtocolVersion = 3;
        connection.SessionOptions.TrustedCertificatesDirectory = Certificates.TrustedCaDirectory;
        connection.SessionOptions.StartNewTlsSessionContext();
        connection.SessionOptions.SecureSocketLayer = true;
        connection.Timeout = TimeSpan.FromSeconds(10);
        return connection;
    }

    // ---- start and stop ----

    private static SambaDcServer Start()
    {
        if (SkipReason is not null)
        {
            throw new InvalidOperationException(SkipReason);
        }
        var clock = Stopwatch.StartNew();
        var lockFile = TakeLock();
        try
        {
            var folder = System.IO.Directory.CreateTempSubdirectory("helpbot-samba-").FullName;
            var adminPassword = "Adm-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(10)) + "-x";
            var servicePassword = "Svc-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(10)) + "-y";
            var target = Path.Combine(folder, "dc");
            var (code, output) = Run(SambaTool, "domain", "provision", "--use-rfc2307", "--server-role=dc", "--dns-backend=SAMBA_INTERNAL",
                "--realm=HMS.TEST", "--domain=HMS", $"--adminpass={adminPassword}", $"--targetdir={target}",
                "--option=interfaces=127.0.0.1/8", "--option=bind interfaces only=yes");
            if (code != 0)
            {
                throw new InvalidOperationException($"samba-tool domain provision failed ({code}): {output}");
            }
            var certificates = SlapdCertificates.Create(folder, "samba-tls");
            File.SetUnixFileMode(certificates.ServerKeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var config = Path.Combine(target, "etc", "smb.conf");
            foreach (var sub in new[] { "pid", "ncalrpc", "winbindd" })
            {
                System.IO.Directory.CreateDirectory(Path.Combine(target, sub));
            }
            var extra = string.Join('\n',
                $"\tlog file = {Path.Combine(target, "log.samba")}",
                $"\tpid directory = {Path.Combine(target, "pid")}",
                $"\tncalrpc dir = {Path.Combine(target, "ncalrpc")}",
                $"\twinbindd socket directory = {Path.Combine(target, "winbindd")}",
                "\tserver services = ldap",
                "\tdisable netbios = yes",
                "\tdns proxy = no",
                "\ttls enabled = yes",
                $"\ttls keyfile = {certificates.ServerKeyFile}",
                $"\ttls certfile = {certificates.ServerCertificateFile}",
                "\ttls cafile = ",
                "\tdsdb:schema update allowed = true",
                // A reset password stops working at once (Samba otherwise accepts the previous one for an hour, as NTLM does).
                "\told password allowed period = 0",
                "");
            var text = File.ReadAllText(config);
            text = string.Join('\n', text.Split('\n').Where(l => !l.TrimStart().StartsWith("log file", StringComparison.Ordinal)));
            File.WriteAllText(config, text.Replace("[global]\n", "[global]\n" + extra, StringComparison.Ordinal));

            SetUpDomain(target, config, adminPassword, servicePassword);

            var start = new ProcessStartInfo(Samba) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in new[] { "-F", "--no-process-group", "-M", "single", "-s", config })
            {
                start.ArgumentList.Add(arg);
            }
            var process = Process.Start(start) ?? throw new InvalidOperationException("samba did not start.");
            File.WriteAllText(LockPath + ".pid", process.Id.ToString(CultureInfo.InvariantCulture));
            var server = new SambaDcServer(target, process, lockFile, certificates, adminPassword, servicePassword);
            process.ErrorDataReceived += (_, e) => { lock (server._output) { server._output.AppendLine(e.Data); } };
            process.OutputDataReceived += (_, e) => { lock (server._output) { server._output.AppendLine(e.Data); } };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
            server.WaitUntilAnswering();
            server.SeedOverLdap();
            server.StartupTime = clock.Elapsed;
            Console.WriteLine($"Samba AD DC provisioned and started in {clock.Elapsed.TotalSeconds:F1} s");
            File.WriteAllText(Path.Combine(Path.GetTempPath(), "helpbot-samba-dc.startup"), clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
            return server;
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Offline, before the server starts: password policy and the service account.</summary>
    private static void SetUpDomain(string target, string config, string adminPassword, string servicePassword)
    {
        _ = adminPassword;
        string[] db = ["-s", config, "-H", Path.Combine(target, "private", "sam.ldb")];
        void Tool(params string[] args)
        {
            var (code, output) = Run(SambaTool, [.. args, .. db]);
            if (code != 0)
            {
                // The arguments may hold a password: only the command's first two words are named.
                throw new InvalidOperationException($"samba-tool {string.Join(' ', args.Take(2))} failed ({code}): {output}");
            }
        }
        Tool("domain", "passwordsettings", "set", "--complexity=on", $"--min-pwd-length={MinLength}", "--history-length=24",
            "--min-pwd-age=0", $"--max-pwd-age={MaxAgeDays}", $"--account-lockout-threshold={MaxFailures}",
            "--account-lockout-duration=30", "--reset-account-lockout-after=30");
        Tool("ou", "add", "OU=People");
        Tool("user", "create", ServiceAccount, servicePassword);
    }

    /// <summary>Over LDAP as the administrator: the Exchange schema extension, then the service account's delegated rights.</summary>
    private void SeedOverLdap()
    {
        var schema = $"CN=Schema,CN=Configuration,{DomainDn}";
        AsAdmin(connection =>
        {
            foreach (var (n, oid) in new[] { (1, "1.2.840.113556.1.2.423"), (2, "1.2.840.113556.1.2.424") })
            {
                var add = new AddRequest($"CN=ms-Exch-Extension-Attribute-{n},{schema}", "attributeSchema");
                add.Attributes.Add(new DirectoryAttribute("lDAPDisplayName", $"extensionAttribute{n}"));
                add.Attributes.Add(new DirectoryAttribute("attributeID", oid));
                add.Attributes.Add(new DirectoryAttribute("attributeSyntax", "2.5.5.12"));
                add.Attributes.Add(new DirectoryAttribute("oMSyntax", "64"));
                add.Attributes.Add(new DirectoryAttribute("isSingleValued", "TRUE"));
                add.Attributes.Add(new DirectoryAttribute("searchFlags", "1"));
                connection.SendRequest(add);
            }
            connection.SendRequest(new ModifyRequest("", DirectoryAttributeOperation.Add, "schemaUpdateNow", "1"));
            connection.SendRequest(new ModifyRequest($"CN=User,{schema}", DirectoryAttributeOperation.Add, "mayContain", "extensionAttribute1", "extensionAttribute2"));
            connection.SendRequest(new ModifyRequest("", DirectoryAttributeOperation.Add, "schemaUpdateNow", "1"));
            return true;
        });
        var registrationGuid = AsAdmin(connection =>
        {
            var response = (SearchResponse)connection.SendRequest(new SearchRequest(schema, "(lDAPDisplayName=extensionAttribute2)", SearchScope.OneLevel, "schemaIDGUID"));
            return new Guid((byte[])response.Entries[0].Attributes["schemaIDGUID"][0]);
        });
        var sid = Tool("user", "show", ServiceAccount, "--attributes=objectSid").Split('\n')
            .Select(l => l.Trim()).First(l => l.StartsWith("objectSid:", StringComparison.Ordinal))["objectSid:".Length..].Trim();
        Tool("dsacl", "set", $"--objectdn={PeopleDn}", "--sddl=" + string.Concat(
            Ace(ResetPasswordRight, "CR", sid), Ace(LockoutTimeAttribute, "WP", sid), Ace(registrationGuid.ToString(), "WP", sid)));
    }

    /// <summary>The "Reset Password" extended right.</summary>
    public const string ResetPasswordRight = "00299570-246d-11d0-a768-00aa006e0529";

    /// <summary>The lockoutTime attribute's schemaIDGUID.</summary>
    public const string LockoutTimeAttribute = "28630ebf-41d5-11d1-a9c1-0000f80367c1";

    private const string UserClass = "bf967aba-0de6-11d0-a285-00aa003049e2";

    /// <summary>An ACE granting the right on user objects below the OU (inherited).</summary>
    private static string Ace(string objectType, string rights, string sid) => $"(OA;CI;{rights};{objectType};{UserClass};{sid})";

    private void WaitUntilAnswering()
    {
        var deadline = Stopwatch.StartNew();
        Exception? last = null;
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                lock (_output)
                {
                    throw new InvalidOperationException($"samba exited with {_process.ExitCode}: {_output} {TryRead(Path.Combine(_folder, "log.samba"))}");
                }
            }
            try
            {
                AsAdmin(_ => true);
                return;
            }
            catch (LdapException e)
            {
                last = e;
                Thread.Sleep(100);
            }
        }
        Stop();
        throw new InvalidOperationException($"samba did not answer LDAPS on 127.0.0.1:{LdapsPort} within 60 s: {last?.Message} {TryRead(Path.Combine(_folder, "log.samba"))}");
    }

    private int _stopped;

    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        File.Delete(LockPath + ".pid");
        DeleteFolder(Path.GetDirectoryName(_folder)!);
        _lock.Dispose();
    }

    /// <summary>Samba may still be writing its last files as it goes: tried a few times.</summary>
    private static void DeleteFolder(string folder)
    {
        for (var attempt = 0; attempt < 10 && System.IO.Directory.Exists(folder); attempt++)
        {
            try
            {
                System.IO.Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                Thread.Sleep(200);
            }
            catch (UnauthorizedAccessException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The ports are fixed, so one test process at a time owns the domain controller: wait for the lock (another test
    /// process may be using it), then stop a samba that a test process killed before it could stop it left behind.
    /// </summary>
    private static FileStream TakeLock()
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var stream = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                if (File.Exists(LockPath + ".pid") && int.TryParse(File.ReadAllText(LockPath + ".pid"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid))
                {
                    try
                    {
                        using var left = Process.GetProcessById(pid);
                        if (left.ProcessName.StartsWith("samba", StringComparison.Ordinal))
                        {
                            left.Kill(entireProcessTree: true);
                            left.WaitForExit(10_000);
                        }
                    }
                    catch (ArgumentException)
                    {
                        // not running any more
                    }
                }
                // Whoever holds the lock owns every domain controller folder: any left is from a run that was killed.
                foreach (var left in System.IO.Directory.GetDirectories(Path.GetTempPath(), "helpbot-samba-*"))
                {
                    DeleteFolder(left);
                }
                foreach (var port in new[] { LdapPort, LdapsPort })
                {
                    if (Listening(port))
                    {
                        stream.Dispose();
                        throw new InvalidOperationException($"Port {port} on 127.0.0.1 is in use by another program; the Samba AD DC tests need 389 and 636.");
                    }
                }
                return stream;
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(10))
            {
                Thread.Sleep(500);
            }
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var probe = new TcpClient();
            probe.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string TryRead(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            return text.Length > 4000 ? text[^4000..] : text;
        }
        catch (IOException)
        {
            return "";
        }
    }
}

/// <summary>A person the test made in the domain.</summary>
public sealed record Person(string Username, string Dn, string UserPrincipalName);

/// <summary>A fact that needs the Samba AD DC: skipped, with the reason, where it is not installed.</summary>
public sealed class SambaFactAttribute : FactAttribute
{
    public SambaFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "the Samba AD DC runs only on Linux";
        }
        else if (SambaDcServer.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>
/// Tests that use the Samba AD DC run one after another (they share one domain controller), which is stopped and its
/// folder removed when the last of them has run.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SambaDcGroup : ICollectionFixture<SambaDcLifetime>
{
    public const string Name = "Samba AD DC";
}

/// <summary>Stops the shared domain controller (if a test started it) when the collection is done.</summary>
public sealed class SambaDcLifetime : IDisposable
{
    public void Dispose()
    {
        if (OperatingSystem.IsLinux())
        {
            SambaDcServer.StopShared();
        }
    }
}
