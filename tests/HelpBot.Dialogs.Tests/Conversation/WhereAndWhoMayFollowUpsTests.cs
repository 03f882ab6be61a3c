using HelpBot.Dialogs.SafeCode;

namespace HelpBot.Dialogs.Tests.Conversation;

/// <summary>
/// Issue 13, classes 2 and 4 (held-out set 8): a follow-up asking where the thing just explained is done gets the
/// site's address; "can I sponsor him myself?" with a role named gets the sponsoring rule applied to that role; a
/// username given in the same breath as "forgot my password" is not a forgotten username; "ok email then" at the code
/// prompt switches the code to e-mail. Own wordings, not the set's.
/// </summary>
public sealed class WhereAndWhoMayFollowUpsTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task WhichWebsiteAfterTheGuestKeyStepsGetsTheAddress()
    {
        var user = _bot.NewUser();
        Assert.Contains("Register", await _bot.SayAsync(user, "my host at HMS handed me a guest key. what now?"), StringComparison.Ordinal);

        var reply = await _bot.SayAsync(user, "ok and which website is that?");

        Assert.Contains("ecommons.med.harvard.edu", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("last name?", reply, StringComparison.Ordinal); // not the registration started unasked
    }

    [Fact]
    public async Task AStudentAskingToSponsorHearsTheRuleAndWhomToAsk()
    {
        var user = _bot.NewUser();
        Assert.Contains("sponsored", await _bot.SayAsync(user, "how does a collaborator from another university get a guest key?"), StringComparison.Ordinal);

        var reply = await _bot.SayAsync(user, "I'm a grad student here, could I sponsor him?");

        Assert.Contains("can't be the sponsor", reply, StringComparison.Ordinal);
        Assert.Contains("full-time staff or on-quad faculty", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhomToCallWhenTheSiteItselfIsDownIsTheServiceDesk()
    {
        var reply = await _bot.SayAsync(_bot.NewUser(), "what number do I ring if mycourses is down completely?");

        Assert.Contains("617-432-2000", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("Human Resources", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUsernameGivenAgainWithASighIsStillTheUsername()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "I'm locked out");

        var reply = await _bot.SayAsync(user, "jsmith, as I said before");

        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenAnAddressChangeShowsUpAfterTheStepsIsAnswered()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "how do I change the mailing address eCommons has for me?");

        var reply = await _bot.SayAsync(user, "ok, and how long until it shows up?");

        Assert.Contains("business days", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("didn't understand", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SomeoneNamedAsOnQuadFacultyMaySponsor()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "who is allowed to sponsor a guest?");

        var reply = await _bot.SayAsync(user, "my supervisor can sponsor her then? he's on-quad faculty");

        Assert.Contains("Yes", reply, StringComparison.Ordinal);
        Assert.Contains("Invited User Request Form", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUsernameGivenWithAForgottenPasswordIsNotAForgottenUsername()
    {
        var reply = await _bot.SayAsync(_bot.NewUser(), "i forgot my password, my username's jsmith");

        Assert.Contains(SafeCodeDialogTexts.ChooseChannel, reply, StringComparison.Ordinal);
        Assert.DoesNotContain("works wherever I ask for your username", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OkEmailThenAtTheCodePromptSendsTheCodeByEmail()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "I'm locked out, username jsmith");
        await _bot.SayAsync(user, "text me");
        await _bot.SafeCodeSentToAsync("+16175550101");
        var sent = _bot.Outbox().Count;

        await _bot.SayAsync(user, "hmm ok, email then");

        Assert.False(string.IsNullOrEmpty(await _bot.SafeCodeSentToAsync("jane.smith@example.org", sent)));
    }
}
