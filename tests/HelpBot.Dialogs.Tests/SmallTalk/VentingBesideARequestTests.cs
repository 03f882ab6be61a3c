using HelpBot.Dialogs.Accounts;

namespace HelpBot.Dialogs.Tests.SmallTalk;

/// <summary>
/// Issue 13, class 1: venting said together with a request ("ugh this is so annoying, I'm locked out again") is the
/// request, said crossly: HelpBot starts on it, typos and all, instead of only saying sorry. Venting alone still gets
/// the sorry. Own wordings.
/// </summary>
public sealed class VentingBesideARequestTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    [Theory]
    [InlineData("ugh this is so annoying, I'm locked out again", "I'm locked out again")]
    [InlineData("argh. forgot my pasword AGAIN", "forgot my pasword AGAIN")]
    [InlineData("cant get into ecomons, seriously so frustrating", "cant get into ecomons")]
    [InlineData("omg not again. lokced out", "lokced out")]
    [InlineData("ugh", null)]
    [InlineData("this is so annoying", null)]
    [InlineData("I'm locked out", null)]
    public void TheVentingIsTakenOffTheRequest(string said, string? request) =>
        Assert.Equal(request, HelpBot.Dialogs.SmallTalk.SmallTalk.WithoutVenting(said));

    [Theory]
    [InlineData("ugh this is so annoying, im lockd out of ecomons again")]
    [InlineData("hey im lokced out of my acount again ugh")]
    public async Task VentingWithATypedRequestStartsTheRequest(string said)
    {
        var reply = await _bot.SayAsync(_bot.NewUser(), said);

        Assert.Contains(AccountTexts.AskIdentifier, reply, StringComparison.Ordinal);
        Assert.DoesNotContain("sounds frustrating", reply, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task VentingAloneStillGetsTheSorry()
    {
        var reply = await _bot.SayAsync(_bot.NewUser(), "ugh this is the third time this week");

        Assert.Contains("sounds frustrating", reply, StringComparison.Ordinal);
    }
}
