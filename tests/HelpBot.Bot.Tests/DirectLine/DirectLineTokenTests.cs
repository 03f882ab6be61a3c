using System.Net;
using HelpBot.Bot.DirectLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Tests.DirectLine;

public class DirectLineTokenTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("garbage")]
    [InlineData("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJjb252IjoiYSIsInVzZXIiOiJiIn0.")]
    public async Task RequestsWithoutAValidTokenAreRefusedWith403AndAnErrorBody(string? token)
    {
        using var host = new DirectLineHost();
        var real = host.NewToken();
        await host.StartAsync(real.Token);

        var responses = new[]
        {
            await host.SendAsync(HttpMethod.Post, "/conversations", token),
            await host.SendAsync(HttpMethod.Get, $"/conversations/{real.ConversationId}", token),
            await host.SendAsync(HttpMethod.Get, $"/conversations/{real.ConversationId}/activities", token),
            await host.SendAsync(HttpMethod.Post, $"/conversations/{real.ConversationId}/activities", token, DirectLineHost.Message("hi").ToJsonString()),
            await host.SendAsync(HttpMethod.Post, "/tokens/refresh", token),
        };

        foreach (var response in responses)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            var error = (await DirectLineHost.ReadObjectAsync(response))["error"]!;
            Assert.False(string.IsNullOrEmpty((string?)error["code"]));
            Assert.False(string.IsNullOrEmpty((string?)error["message"]));
        }
    }

    [Fact]
    public async Task ATokenWithATamperedSignatureIsRefused()
    {
        using var host = new DirectLineHost();
        var token = host.NewToken();
        var parts = token.Token.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{(parts[2][0] == 'A' ? 'B' : 'A')}{parts[2][1..]}";

        var response = await host.SendAsync(HttpMethod.Post, "/conversations", forged);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ATokenForOneConversationCannotReadOrPostToAnother_C3()
    {
        using var host = new DirectLineHost();
        var a = host.NewToken("u-a");
        var b = host.NewToken("u-b");
        await host.StartAsync(a.Token);
        await host.StartAsync(b.Token);

        var responses = new[]
        {
            await host.SendAsync(HttpMethod.Get, $"/conversations/{b.ConversationId}", a.Token),
            await host.SendAsync(HttpMethod.Get, $"/conversations/{b.ConversationId}/activities", a.Token),
            await host.SendAsync(HttpMethod.Post, $"/conversations/{b.ConversationId}/activities", a.Token, DirectLineHost.Message("hi").ToJsonString()),
            await host.SendAsync(HttpMethod.Get, $"/conversations/{b.ConversationId}/stream?t={Uri.EscapeDataString(a.Token)}", null),
        };

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        var (bActivities, _) = await host.PollAsync(b.ConversationId, b.Token);
        Assert.DoesNotContain(bActivities, x => (string?)x["from"]?["role"] == "user");
    }

    [Fact]
    public async Task AnExpiredTokenIsRefusedWithTokenExpired()
    {
        using var host = new DirectLineHost();
        var token = host.NewToken();
        await host.StartAsync(token.Token);

        host.Clock.Advance(TimeSpan.FromMinutes(31));

        var poll = await host.SendAsync(HttpMethod.Get, $"/conversations/{token.ConversationId}/activities", token.Token);
        var refresh = await host.SendAsync(HttpMethod.Post, "/tokens/refresh", token.Token);
        Assert.Equal(HttpStatusCode.Forbidden, poll.StatusCode);
        Assert.Equal("TokenExpired", (string?)(await DirectLineHost.ReadObjectAsync(poll))["error"]!["code"]);
        Assert.Equal(HttpStatusCode.Forbidden, refresh.StatusCode);
    }

    [Fact]
    public async Task RefreshReturnsANewTokenForTheSameConversationThatOutlivesTheOldOne()
    {
        using var host = new DirectLineHost();
        var old = host.NewToken("u-alice", "Alice");
        await host.StartAsync(old.Token);
        host.Clock.Advance(TimeSpan.FromMinutes(15));

        var response = await host.SendAsync(HttpMethod.Post, "/tokens/refresh", old.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await DirectLineHost.ReadObjectAsync(response);
        var fresh = (string)body["token"]!;
        Assert.NotEqual(old.Token, fresh);
        Assert.Equal(old.ConversationId, (string?)body["conversationId"]);
        Assert.Equal(1800, (int)body["expires_in"]!);

        host.Clock.Advance(TimeSpan.FromMinutes(20));
        var withOld = await host.SendAsync(HttpMethod.Get, $"/conversations/{old.ConversationId}/activities", old.Token);
        Assert.Equal(HttpStatusCode.Forbidden, withOld.StatusCode);
        var id = await host.PostAsync(old.ConversationId, fresh, DirectLineHost.Message("still me"));
        var (activities, _) = await host.PollAsync(old.ConversationId, fresh);
        Assert.Equal("u-alice", (string?)activities.Single(a => (string?)a["id"] == id)["from"]!["id"]);
    }

    [Fact]
    public void IssuedTokensAreUnguessableAndBindTheUser()
    {
        using var host = new DirectLineHost();

        var anonymous = host.NewToken();
        var again = host.NewToken();
        var alice = host.NewToken("u-alice", "Alice");

        Assert.StartsWith("dl_", anonymous.UserId, StringComparison.Ordinal);
        Assert.NotEqual(anonymous.ConversationId, again.ConversationId);
        Assert.NotEqual(anonymous.UserId, again.UserId);
        Assert.True(anonymous.ConversationId.Length >= 22);
        Assert.Equal("u-alice", alice.UserId);
        Assert.Equal(1800, alice.ExpiresIn);
        Assert.DoesNotContain(alice.Token, alice.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateTokenNeedsTheConfiguredSecret()
    {
        const string secret = "a-long-test-secret-that-is-at-least-32-characters";
        using var host = new DirectLineHost(new Dictionary<string, string?> { ["DirectLine:Secret"] = secret });

        var none = await host.SendAsync(HttpMethod.Post, "/tokens/generate", null);
        var wrong = await host.SendAsync(HttpMethod.Post, "/tokens/generate", secret + "x");
        var right = await host.SendAsync(HttpMethod.Post, "/tokens/generate", secret, "{\"user\":{\"id\":\"u-bob\",\"name\":\"Bob\"}}");

        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        var body = await DirectLineHost.ReadObjectAsync(right);
        var token = (string)body["token"]!;
        var conversationId = (string)body["conversationId"]!;
        await host.StartAsync(token);
        var id = await host.PostAsync(conversationId, token, DirectLineHost.Message("hi"));
        var (activities, _) = await host.PollAsync(conversationId, token);
        Assert.Equal("u-bob", (string?)activities.Single(a => (string?)a["id"] == id)["from"]!["id"]);
    }

    [Fact]
    public async Task GenerateTokenIsOffWithoutASecret()
    {
        using var host = new DirectLineHost();

        var response = await host.SendAsync(HttpMethod.Post, "/tokens/generate", "anything");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotNull((await DirectLineHost.ReadObjectAsync(response))["error"]);
    }

    [Fact]
    public async Task TheGeneratedSigningKeyIsKeptBesideTheDatabaseSoTokensSurviveARestart()
    {
        var data = Directory.CreateTempSubdirectory("helpbot-dl-key-").FullName;
        try
        {
            var settings = new Dictionary<string, string?> { ["Storage:Path"] = Path.Combine(data, "helpbot.db") };
            DirectLineToken token;
            using (var first = new DirectLineHost(settings))
            {
                token = first.NewToken();
            }
            Assert.True(File.Exists(Path.Combine(data, DirectLineSigningKey.FileName)));

            using var second = new DirectLineHost(settings);
            var response = await second.SendAsync(HttpMethod.Post, "/conversations", token.Token);

            Assert.True(response.IsSuccessStatusCode);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Theory]
    [InlineData("DirectLine:TokenSigningKey", "c2hvcnQ=")]
    [InlineData("DirectLine:TokenLifetime", "00:05:00")]
    [InlineData("DirectLine:Secret", "tiny-secret")]
    public void BadDirectLineSettingsAreRejectedNamingTheKey(string key, string value)
    {
        // Through DI rather than a whole host: WebApplicationFactory reports a failed start-up inconsistently.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddDirectLine();
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<DirectLineOptions>>().Value);

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
        if (key != "DirectLine:TokenLifetime")
        {
            // Secrets are never repeated in messages that end up in logs.
            Assert.DoesNotContain(value, failure.Message, StringComparison.Ordinal);
        }
    }
}
