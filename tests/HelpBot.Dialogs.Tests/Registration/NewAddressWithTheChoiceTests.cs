using HelpBot.Dialogs.Registration;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Dialogs.Tests.Registration;

/// <summary>
/// Newcomer finding: after the SafeCode in the update-email flow, "my email - new one is thomas.nguyen@gmail.com" at
/// "What would you like to change?" picked the e-mail but still asked "What should it be?". The new address said with the
/// choice is taken and confirmed as usual; the address already on file is not.
/// </summary>
public sealed class NewAddressWithTheChoiceTests : IDisposable
{
    private readonly BotHarness _bot = new();

    private IPendingProfileChanges Pending => _bot.Services.GetRequiredService<IPendingProfileChanges>();

    [Theory]
    [InlineData("my email - new one is thomas.nguyen@gmail.com", "thomas.nguyen@gmail.com")]
    [InlineData("change it to tom.n@example.org", "tom.n@example.org")]
    [InlineData("email address, it should be Thomas.Nguyen@outlook.com", "Thomas.Nguyen@outlook.com")]
    public async Task ANewAddressGivenWithTheChoiceIsTakenAndConfirmed(string said, string address)
    {
        var user = await VerifiedTomAsync();

        var reply = await _bot.SayAsync(user, said);

        Assert.DoesNotContain("What should it be?", reply, StringComparison.Ordinal);
        Assert.Contains(ProfileTexts.Confirm(ProfileTexts.Email, address), reply, StringComparison.Ordinal);
        Assert.Contains("Done", await _bot.SayAsync(user, "yes"), StringComparison.Ordinal);
        var change = Assert.Single(await Pending.ForAccountAsync("tnguyen"));
        Assert.Equal((ProfileChangeKind.Email, address), (change.Kind, change.NewValue));
    }

    [Fact]
    public async Task TheAddressAlreadyOnFileGivenWithTheChoiceIsNotTaken()
    {
        var user = await VerifiedTomAsync();

        var reply = await _bot.SayAsync(user, "my email, make it tnguyen@hms.harvard.edu");

        Assert.DoesNotContain("Shall I pass this to HR", reply, StringComparison.Ordinal);
        Assert.Contains("What should it be?", reply, StringComparison.Ordinal);
    }

    /// <summary>Tom asks to update his e-mail, says yes, gives his username and passes the SafeCode: at "What would you like to change?".</summary>
    private async Task<Microsoft.Bot.Builder.Adapters.TestAdapter> VerifiedTomAsync()
    {
        var user = _bot.NewUser();
        await _bot.SayAsync(user, "I need to update my email address");
        await _bot.SayAsync(user, "yes");
        await _bot.SayAsync(user, "tnguyen");
        await _bot.SayAsync(user, "text");
        var code = await _bot.SafeCodeSentToAsync("+16175550104");
        Assert.Contains(ProfileTexts.AskWhat, await _bot.SayAsync(user, code), StringComparison.Ordinal);
        return user;
    }

    public void Dispose() => _bot.Dispose();
}
