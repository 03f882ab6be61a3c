using HelpBot.Bot.Accounts.Ldap;
using HelpBot.Bot.Tests.Accounts;
using HelpBot.Dialogs.Accounts;
using static HelpBot.Dialogs.Tests.BotHarness;

namespace HelpBot.Dialogs.Tests.Ldap;

/// <summary>
/// The whole bot over LDAPS and StartTLS to a real slapd whose certificate comes from a throwaway CA that HelpBot
/// trusts through Directory:Ldap:TrustedCaDirectory; and the kind words when the certificate is not trusted.
/// </summary>
public sealed class LdapTlsFlowTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task JaneIsUnlockedThroughTheChatOverTls(bool startTls)
    {
        using var slapd = SlapdServer.Start(seedLocks: true, SlapdTlsMode.TrustedCertificate);
        using var bot = new BotHarness(slapd.BotSettings(startTls));
        Assert.False(slapd.TryBind("jsmith", "Maple-Harbor-2231"));

        await bot.UnlockJaneByTextAsync();

        Assert.Null(slapd.Read("jsmith", "pwdAccountLockedTime"));
        Assert.True(slapd.TryBind("jsmith", "Maple-Harbor-2231"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnUntrustedServerCertificateGetsTheKindWordsAndNoInternals(bool startTls)
    {
        using var slapd = SlapdServer.Start(seedLocks: true, SlapdTlsMode.RogueCertificate);
        using var bot = new BotHarness(slapd.BotSettings(startTls));
        Assert.IsType<LdapAccountDirectory>(bot.Directory);

        var replies = new List<string>();
        await bot.Flow(bot.NewUser())
            .Send("I'm locked out of my account").AssertReply(AccountTexts.AskIdentifier)
            .Send("jsmith").AssertReply(reply => replies.Add(AllText(reply)))
            .StartTestAsync();

        var reply = Assert.Single(replies);
        Assert.Contains(AccountTexts.DirectoryDown, reply, StringComparison.Ordinal);
        Assert.Contains("617-432-2000", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("TLS", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("certificate", reply, StringComparison.OrdinalIgnoreCase);
        Assert.NotNull(slapd.Read("jsmith", "pwdAccountLockedTime"));
    }
}
