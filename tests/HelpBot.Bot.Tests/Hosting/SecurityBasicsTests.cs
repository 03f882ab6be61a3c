using System.Net;
using System.Net.Http.Json;
using HelpBot.Bot.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Tests.Hosting;

public class SecurityBasicsTests
{
    private static readonly Dictionary<string, string?> Production = new()
    {
        ["MicrosoftAppId"] = "11111111-2222-3333-4444-555555555555",
        ["MicrosoftAppPassword"] = "not-a-real-secret",
    };

    [Fact]
    public async Task C1_WithAnAppIdMessagesWithoutATokenAreRejected()
    {
        using var factory = new HelpBotFactory(Production);
        using var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), Activities.Message("c-auth", "unlock my account"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task C2_WithoutAnAppIdTheBotListensOnLoopbackOnlyEvenWhenToldOtherwise()
    {
        var data = Directory.CreateTempSubdirectory("helpbot-c2-").FullName;
        try
        {
            var app = HelpBotHost.Build(["--urls", "http://0.0.0.0:0", "--environment", "Testing", $"--Storage:Path={Path.Combine(data, "helpbot.db")}"]);
            await app.StartAsync();
            try
            {
                var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
                Assert.NotEmpty(addresses);
                Assert.All(addresses, a => Assert.True(IPAddress.IsLoopback(IPAddress.Parse(new Uri(a).Host)), $"{a} is not loopback"));
            }
            finally
            {
                await app.StopAsync();
                await app.DisposeAsync();
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData("Storage:Provider", "Cassandra", "Storage:Provider is 'Cassandra'")]
    [InlineData("WebChat:DirectLine", "Carrier-pigeon", "WebChat:DirectLine is 'Carrier-pigeon'")]
    [InlineData("WebChat:AllowedOrigins:0", "it.hms.harvard.edu/chat", "WebChat:AllowedOrigins has 'it.hms.harvard.edu/chat'")]
    [InlineData("MicrosoftAppType", "Galactic", "MicrosoftAppType is 'Galactic'")]
    public void ABadSettingStopsTheStartWithAMessageNamingTheKey(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>(key.StartsWith("Microsoft", StringComparison.Ordinal) ? Production : []) { [key] = value };
        using var factory = new HelpBotFactory(settings);

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithAnAppIdTheSecretIsRequired()
    {
        using var factory = new HelpBotFactory(new Dictionary<string, string?> { ["MicrosoftAppId"] = "11111111-2222-3333-4444-555555555555" });

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("MicrosoftAppPassword is missing", error.Message, StringComparison.Ordinal);
    }
}
