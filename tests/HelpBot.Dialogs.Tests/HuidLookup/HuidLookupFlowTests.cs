using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.HuidLookup;
using HelpBot.Dialogs.SafeCode;
using static HelpBot.Dialogs.Tests.BotHarness;

namespace HelpBot.Dialogs.Tests.HuidLookup;

public sealed class HuidLookupFlowTests : IDisposable
{
    private readonly BotHarness _bot = new();

    [Fact]
    public async Task R8_InWebChatTheHuidGoesToTheVerifiedPhoneAndNeverIntoTheChat()
    {
        var transcript = new List<string>();
        var user = _bot.NewUser();
        await _bot.Flow(user)
            .Send("I need my Harvard ID number").AssertReply(HuidTexts.OnTheBadge).AssertReply(r => transcript.Add(AllText(r)))
            .Send("tnguyen").AssertReply(r => transcript.Add(AllText(r)))
            .Send("text").AssertReply(r => transcript.Add(AllText(r)))
            .StartTestAsync();
        var code = await _bot.SafeCodeSentToAsync("+16175550104");
        var before = _bot.Outbox().Count;
        await _bot.Flow(user)
            .Send(code).AssertReply(SafeCodeDialogTexts.Verified).AssertReply(HuidTexts.SentByText)
            .StartTestAsync();

        var sent = await _bot.WaitForMessageAsync("+16175550104", before);
        Assert.Contains("70000004", (string)sent["text"]!, StringComparison.Ordinal);
        Assert.DoesNotContain(transcript, t => t.Contains("70000004", StringComparison.Ordinal));
        Assert.Contains(await _bot.Audit.ReadAsync("tnguyen"), e => e.Action == "huid.released");
        Assert.DoesNotContain(await _bot.Audit.ReadAsync("tnguyen"), e => (e.Detail ?? string.Empty).Contains("70000004", StringComparison.Ordinal));
    }

    [Fact]
    public async Task R8_InTeamsTheHuidIsShownAfterTheSafeCode()
    {
        var teams = _bot.NewUser("anita", "msteams", "0b6f1c2e-4a11-4d1e-9c01-000000000003");
        await _bot.Flow(teams)
            // Where the number is, then in Teams the person's own office, which can "also" tell them (Anita: HMS faculty,
            // so HMS Human Resources), then the look-up.
            .Send("what is my huid").AssertReply(HuidTexts.OnTheBadge)
            .AssertReply(r => Assert.StartsWith("HMS Human Resources can also tell you your Harvard ID", Text(r), StringComparison.Ordinal))
            .AssertReply(r => Assert.Equal(SafeCodeDialogTexts.ChooseChannel, Text(r)))
            .Send("email").AssertReply(SafeCodeDialogTexts.SentTo("a•••@example.org"))
            .StartTestAsync();
        var code = await _bot.SafeCodeSentToAsync("anita.kumar@example.org");

        await _bot.Flow(teams)
            .Send(code).AssertReply(SafeCodeDialogTexts.Verified).AssertReply(HuidTexts.Shown("70000003"))
            .StartTestAsync();
    }

    [Fact]
    public async Task NothingIsReleasedWithoutTheSafeCode()
    {
        await _bot.Flow(_bot.NewUser())
            .Send("I need my Harvard ID number").AssertReply(HuidTexts.OnTheBadge).AssertReply(AccountTexts.AskIdentifier)
            .Send("tnguyen").AssertReply(_ => { })
            .Send("text").AssertReply(_ => { })
            .Send("123 45").AssertReply(SafeCodeDialogTexts.CodeRetry)
            .StartTestAsync();

        Assert.DoesNotContain(await _bot.Audit.ReadAsync("tnguyen"), e => e.Action == "huid.released");
    }

    public void Dispose() => _bot.Dispose();
}
