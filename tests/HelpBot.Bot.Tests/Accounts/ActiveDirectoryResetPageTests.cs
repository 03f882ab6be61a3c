using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HelpBot.Bot.Tests.PasswordReset;
using HelpBot.Dialogs.Audit;
using HelpBot.Dialogs.PasswordReset;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HelpBot.Bot.Tests.Accounts;

/// <summary>
/// The reset page of the real host over the LDAP directory in its Active Directory flavour, against the Samba AD DC,
/// bound as the least-privilege service account. The host reaches the DC through a forwarder the test can switch off,
/// so the directory can go down and come back mid-test.
/// </summary>
[Collection(SambaDcGroup.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ActiveDirectoryResetPageTests : IDisposable
{
    private const string Password = "Maple-Harbor-2231";
    private static SambaDcServer Dc => SambaDcServer.Shared;

    private readonly SwitchableForwarder _forwarder = new(SambaDcServer.LdapsPort);
    private readonly HelpBotFactory _factory;
    private readonly WebApplicationFactory<Program> _host;
    private readonly LogCapture _logs = new();
    private readonly HttpClient _browser;

    public ActiveDirectoryResetPageTests()
    {
        var settings = Dc.BotSettings();
        settings["Directory:Ldap:Port"] = _forwarder.Port.ToString(CultureInfo.InvariantCulture);
        // Generous: a full test run keeps both cores busy, and the Samba DC answers slower then. A directory that is down
        // closes the connection at once, so this does not lengthen the "down" case.
        settings["Directory:Ldap:TimeoutSeconds"] = "6";
        _factory = new HelpBotFactory(settings);
        _host = _factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(_logs)));
        _browser = _host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    public void Dispose()
    {
        _browser.Dispose();
        _host.Dispose();
        _factory.Dispose();
        _forwarder.Dispose();
        _logs.Dispose();
    }

    private async Task<string> LinkForAsync(string username)
    {
        var link = await _host.Services.GetRequiredService<IResetLinks>().IssueAsync(username, ResetReason.Forgotten, ResetPageHost.Conversation());
        return link.Url.AbsolutePath;
    }

    private Task<HttpResponseMessage> PostAsync(string path, string password) =>
        _browser.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["password"] = password, ["confirm"] = password }));

    [SambaFact]
    public async Task APasswordTheDomainRefusesShowsItsRequirementsInPlainWords_AndTheSameLinkThenWorks()
    {
        var person = Dc.CreatePerson("page", Password);
        var path = await LinkForAsync(person.Username);

        // The form says up front what the domain requires, instead of HelpBot's "no special rules".
        var form = WebUtility.HtmlDecode(await (await _browser.GetAsync(new Uri(path, UriKind.Relative))).Content.ReadAsStringAsync());
        Assert.Contains($"Your account needs at least {SambaDcServer.MinLength} characters", form, StringComparison.Ordinal);
        Assert.DoesNotContain("no special rules", form, StringComparison.Ordinal);

        // Long enough for HelpBot's own check (8), but small letters only: the domain's complexity rule refuses it
        // (checked before anything is written).
        var refused = await PostAsync(path, "quietlyhummingtugboats");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("doesn't meet your account's rules", page, StringComparison.Ordinal);
        Assert.Contains($"at least {SambaDcServer.MinLength} characters", page, StringComparison.Ordinal);
        Assert.Contains("capital letters, small letters, digits, symbols", page, StringComparison.Ordinal);
        Assert.Contains("not one of your last 24 passwords", page, StringComparison.Ordinal);
        Assert.Contains("Your link still works", page, StringComparison.Ordinal);
        Assert.Contains("617-432-2000", page, StringComparison.Ordinal);
        Assert.Contains("<form", page, StringComparison.Ordinal);
        Assert.DoesNotContain("quietlyhummingtugboats", page, StringComparison.Ordinal);
        Assert.True(Dc.TryBind(person.Username, Password));
        Assert.Contains(await _host.Services.GetRequiredService<IAuditLog>().ReadAsync(person.Username), e => e.Action == "password.reset" && e.Outcome == "rejected");

        var accepted = await PostAsync(path, "Violet tugboat humming 42");

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.True(Dc.TryBind(person.Username, "Violet tugboat humming 42"));
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("quietlyhummingtugboats", StringComparison.Ordinal) || l.Contains("Violet tugboat", StringComparison.Ordinal));
    }

    [SambaFact]
    public async Task WhileTheDirectoryIsDownThePageSaysTryAgainShortlyWithTheServiceDesk_AndTheLinkStillWorksAfterwards()
    {
        var person = Dc.CreatePerson("down", Password);
        var path = await LinkForAsync(person.Username);

        _forwarder.Down = true;
        var down = await PostAsync(path, "Violet tugboat humming 42");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        var page = WebUtility.HtmlDecode(await down.Content.ReadAsStringAsync());
        Assert.Contains("Please try again shortly", page, StringComparison.Ordinal);
        Assert.Contains("Your link still works", page, StringComparison.Ordinal);
        Assert.Contains("617-432-2000", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", page, StringComparison.Ordinal);
        Assert.True((await _browser.GetAsync(new Uri(path, UriKind.Relative))).IsSuccessStatusCode);

        _forwarder.Down = false;
        var up = await PostAsync(path, "Violet tugboat humming 42");

        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.True(Dc.TryBind(person.Username, "Violet tugboat humming 42"));
    }

    [SambaFact]
    public async Task AtStartUpTheLogSaysHowTeamsUsersAreMatched_AndThatTheSchemaHasEveryMappedAttribute()
    {
        _ = _host.Services;

        var matching = await WaitForLogAsync("Teams users are matched by");
        Assert.Contains("UPN in userPrincipalName, then UPN as e-mail address in mail", matching, StringComparison.Ordinal);
        await Task.Delay(500);
        Assert.DoesNotContain(_logs.Lines, l => l.Contains("which the directory's schema does not have", StringComparison.Ordinal));
    }

    [SambaFact]
    public async Task AtStartUpEachMappedAttributeThePlainSchemaLacksGetsAWarningThatSaysWhatBreaks()
    {
        var settings = Dc.BotSettings();
        settings["Directory:Ldap:Attributes:Affiliation"] = "extensionAttribute9";
        settings["Directory:Ldap:Attributes:Registration"] = "msExchHelpBotMarker";
        var logs = new LogCapture();
        using var factory = new HelpBotFactory(settings);
        using var host = factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(logs)));
        _ = host.Services;

        var affiliation = await WaitForLogAsync(logs, "Key=Affiliation;Attribute=extensionAttribute9;");
        Assert.Contains("everyone looks like a guest", affiliation, StringComparison.Ordinal);
        var registration = await WaitForLogAsync(logs, "Key=Registration;Attribute=msExchHelpBotMarker;");
        Assert.Contains("eCommons registration finds nobody", registration, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Contains("Key=School;", StringComparison.Ordinal));
    }

    private Task<string> WaitForLogAsync(string text) => WaitForLogAsync(_logs, text);

    private static async Task<string> WaitForLogAsync(LogCapture logs, string text)
    {
        for (var i = 0; i < 300; i++)
        {
            if (logs.Lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"No log line with \"{text}\": {string.Join('\n', logs.Lines)}");
    }
}

/// <summary>
/// A TCP forwarder on 127.0.0.1 to a local port; while <see cref="Down"/> it closes every connection at once, as a
/// domain controller that has gone away (the port still takes connections, and nothing answers on them).
/// </summary>
internal sealed class SwitchableForwarder : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];

    public SwitchableForwarder(int target)
    {
        _target = target;
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public bool Down { get; set; }

    /// <summary>The number of the one accepted connection to drop (1 = the first after it is set; 0 = none).</summary>
    public int DropConnection
    {
        get => _dropConnection;
        set
        {
            _accepted = 0;
            _dropConnection = value;
        }
    }

    private int _dropConnection;
    private int _accepted;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            if (Down || Interlocked.Increment(ref _accepted) == _dropConnection)
            {
                client.Dispose();
                continue;
            }
            _ = Task.Run(() => PipeAsync(client));
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        using var server = new TcpClient();
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            lock (_open)
            {
                _open.Add(client);
            }
            using var a = client.GetStream();
            using var b = server.GetStream();
            await Task.WhenAny(a.CopyToAsync(b, _stop.Token), b.CopyToAsync(a, _stop.Token));
        }
        catch (IOException)
        {
        }
        catch (SocketException)
        {
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            client.Dispose();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_open)
        {
            _open.ForEach(c => c.Dispose());
        }
        _stop.Dispose();
    }
}
