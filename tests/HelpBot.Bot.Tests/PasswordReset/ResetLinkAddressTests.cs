using HelpBot.Bot.PasswordReset;
using HelpBot.Dialogs.PasswordReset;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Tests.PasswordReset;

/// <summary>
/// A newcomer's trial: on another port (<c>--urls http://127.0.0.1:4000</c>) the reset links still pointed at :3978.
/// Without <c>PasswordReset:PublicBaseUrl</c>, links use the address HelpBot listens on.
/// </summary>
public class ResetLinkAddressTests
{
    [Theory]
    [InlineData("http://127.0.0.1:4000", "http://127.0.0.1:4000")]
    [InlineData("http://+:8080;https://+:8443", "http://localhost:8080")]
    [InlineData("http://0.0.0.0:5000/", "http://localhost:5000")]
    [InlineData("http://127.0.0.1:0", null)]
    [InlineData(null, null)]
    public void TheListeningAddressIsReadFromTheUrlsSetting(string? urls, string? expected) =>
        Assert.Equal(expected, PasswordResetSetup.ListeningAddress(urls));

    [Fact]
    public void ResetLinksFollowTheListeningAddressUnlessTheyAreSetExplicitly()
    {
        using var onAnotherPort = new HelpBotFactory().WithWebHostBuilder(b => b.UseSetting("urls", "http://localhost:4000"));
        Assert.Equal("http://localhost:4000", onAnotherPort.Services.GetRequiredService<IOptions<PasswordResetOptions>>().Value.PublicBaseUrl);

        using var explicitlySet = new HelpBotFactory().WithWebHostBuilder(b => b
            .UseSetting("urls", "http://127.0.0.1:4000")
            .UseSetting("PasswordReset:PublicBaseUrl", "https://helpbot.example.edu"));
        Assert.Equal("https://helpbot.example.edu", explicitlySet.Services.GetRequiredService<IOptions<PasswordResetOptions>>().Value.PublicBaseUrl);
    }
}
