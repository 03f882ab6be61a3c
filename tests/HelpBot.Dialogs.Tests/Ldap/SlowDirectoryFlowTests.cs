using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HelpBot.Dialogs.Accounts;
using Microsoft.Bot.Schema;

namespace HelpBot.Dialogs.Tests.Ldap;

/// <summary>
/// A directory that takes the connection and never answers (a hung domain controller): the person sees the typing
/// indicator and "still working" while HelpBot waits, then the kind words with the Service Desk once the call's budget
/// (Directory:Ldap:OperationBudgetSeconds) is spent, well inside Bot Framework's reply window.
/// </summary>
public sealed class SlowDirectoryFlowTests : IDisposable
{
    private readonly TcpListener _silent = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _accepted = [];
    private readonly BotHarness _bot;

    public SlowDirectoryFlowTests()
    {
        _silent.Start();
        _ = AcceptAsync();
        _bot = new BotHarness(new Dictionary<string, string?>
        {
            ["Directory:Provider"] = "Ldap",
            ["Directory:StillWorkingAfterSeconds"] = "1",
            ["Directory:Ldap:Host"] = "127.0.0.1",
            ["Directory:Ldap:Port"] = ((IPEndPoint)_silent.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture),
            ["Directory:Ldap:BindDn"] = "cn=helpbot,ou=services,dc=hms,dc=example",
            ["Directory:Ldap:BindPassword"] = "not-used-the-server-never-answers",
            ["Directory:Ldap:BaseDn"] = "ou=people,dc=hms,dc=example",
            ["Directory:Ldap:TimeoutSeconds"] = "1",
            ["Directory:Ldap:ReadRetries"] = "5",
            ["Directory:Ldap:OperationBudgetSeconds"] = "3",
        });
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _silent.AcceptSocketAsync();
                lock (_accepted)
                {
                    _accepted.Add(socket);
                }
            }
        }
        catch (SocketException)
        {
            // stopped
        }
        catch (ObjectDisposedException)
        {
            // stopped
        }
    }

    public void Dispose()
    {
        _bot.Dispose();
        _silent.Stop();
        lock (_accepted)
        {
            _accepted.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public async Task AHungDirectoryGetsTypingAndStillWorking_ThenTheKindWordsWithTheServiceDesk()
    {
        var replies = new List<IActivity>();
        await _bot.Flow(_bot.NewUser())
            .Send("I'm locked out of my account").AssertReply(AccountTexts.AskIdentifier)
            .Send("jsmith")
            .AssertReply(replies.Add, timeout: 20_000)
            .AssertReply(replies.Add, timeout: 20_000)
            .AssertReply(replies.Add, timeout: 20_000)
            .StartTestAsync();

        Assert.Equal(ActivityTypes.Typing, replies[0].Type);
        Assert.Equal(AccountTexts.StillWorking, BotHarness.Text(replies[1]));
        Assert.Equal(AccountTexts.DirectoryDown, BotHarness.Text(replies[2]));
        Assert.Contains("617-432-2000", BotHarness.Text(replies[2]), StringComparison.Ordinal);
    }
}
