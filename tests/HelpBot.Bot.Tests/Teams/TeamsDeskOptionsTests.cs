using HelpBot.Bot.Teams;
using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.Teams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Tests.Teams;

/// <summary>The desk channel's settings (Handoff:Teams): off when empty, all three keys when on, checked at start.</summary>
public sealed class TeamsDeskOptionsTests
{
    [Fact]
    public void WithNoSettingsTheDeskChannelIsOff()
    {
        using var factory = new HelpBotFactory();

        Assert.False(factory.Services.GetRequiredService<TeamsDeskChannel>().IsOn);
    }

    [Fact]
    public void WithAllThreeSettingsTheDeskChannelHearsEveryEscalation()
    {
        using var factory = new HelpBotFactory(new Dictionary<string, string?>
        {
            ["Handoff:Teams:ServiceUrl"] = "https://smba.trafficmanager.net/amer/",
            ["Handoff:Teams:TeamId"] = "19:team@thread.tacv2",
            ["Handoff:Teams:ChannelId"] = "19:desk@thread.tacv2",
        });

        Assert.True(factory.Services.GetRequiredService<TeamsDeskChannel>().IsOn);
        Assert.IsType<TeamsDeskChannel>(factory.Services.GetService<IDeskChannelTurns>());
        Assert.Contains(factory.Services.GetServices<IDeskNotifications>(), d => d is TeamsDeskChannel);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/", "19:team@thread.tacv2", null, "Handoff:Teams:ChannelId")]
    [InlineData("https://smba.trafficmanager.net/amer/", null, "19:desk@thread.tacv2", "Handoff:Teams:TeamId")]
    [InlineData("not a url", "19:team@thread.tacv2", "19:desk@thread.tacv2", "Handoff:Teams:ServiceUrl")]
    [InlineData("http://smba.example.com/", "19:team@thread.tacv2", "19:desk@thread.tacv2", "Handoff:Teams:ServiceUrl")]
    public void AHalfConfiguredDeskChannelStopsTheStartNamingTheKey(string? serviceUrl, string? teamId, string? channelId, string key)
    {
        using var factory = new HelpBotFactory(new Dictionary<string, string?>
        {
            ["Handoff:Teams:ServiceUrl"] = serviceUrl,
            ["Handoff:Teams:TeamId"] = teamId,
            ["Handoff:Teams:ChannelId"] = channelId,
        });

        var error = Assert.Throws<OptionsValidationException>(() => factory.Services);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
