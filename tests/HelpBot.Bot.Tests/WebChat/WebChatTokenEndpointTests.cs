using System.Net;
using System.Text.Json.Nodes;
using HelpBot.Bot.WebChat;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Bot.Tests.WebChat;

public class WebChatTokenEndpointTests
{
    private static readonly Uri TokenUri = new(WebChatSetup.TokenPath, UriKind.Relative);
    private const string AzureDomain = "https://directline.example/v3/directline";
    private const string AzureSecret = "test-direct-line-secret";
    private const string ItSite = "https://it.hms.example";

    private static Dictionary<string, string?> AzureSettings() => new()
    {
        ["WebChat:DirectLine"] = "Azure",
        ["WebChat:AzureDirectLineSecret"] = AzureSecret,
        ["WebChat:AzureDirectLineDomain"] = AzureDomain,
    };

    [Fact]
    public async Task BuiltInModeReturnsATokenForThisServersDirectLine()
    {
        using var factory = new HelpBotFactory();
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(TokenUri, content: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.False(string.IsNullOrEmpty((string?)body["token"]));
        Assert.Equal("http://localhost/v3/directline", (string?)body["domain"]);
        Assert.StartsWith(AnonymousUser.IdPrefix, (string?)body["userId"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty((string?)body["conversationId"]));
    }

    [Fact]
    public async Task EachTokenIsForADifferentAnonymousUser()
    {
        using var factory = new HelpBotFactory(AzureSettings());
        var azure = new FakeAzureDirectLine();
        using var client = CreateClientWith(factory, azure);

        using var first = await client.PostAsync(TokenUri, content: null);
        using var second = await client.PostAsync(TokenUri, content: null);

        var firstUser = (string?)JsonNode.Parse(await first.Content.ReadAsStringAsync())!["userId"];
        var secondUser = (string?)JsonNode.Parse(await second.Content.ReadAsStringAsync())!["userId"];
        Assert.NotEqual(firstUser, secondUser);
    }

    [Fact]
    public async Task AzureModeExchangesTheSecretAtTokensGenerateAndNeverReturnsIt()
    {
        using var factory = new HelpBotFactory(AzureSettings());
        var azure = new FakeAzureDirectLine();
        using var client = CreateClientWith(factory, azure);

        using var response = await client.PostAsync(TokenUri, content: null);

        var request = Assert.Single(azure.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal(new Uri($"{AzureDomain}/tokens/generate"), request.Uri);
        Assert.Equal($"Bearer {AzureSecret}", request.Authorization);
        var sentUser = JsonNode.Parse(request.Body)!["user"]!;
        Assert.StartsWith(AnonymousUser.IdPrefix, (string?)sentUser["id"], StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(AzureSecret, text, StringComparison.Ordinal);
        var body = JsonNode.Parse(text)!;
        Assert.Equal(FakeAzureDirectLine.Token, (string?)body["token"]);
        Assert.Equal(FakeAzureDirectLine.ConversationId, (string?)body["conversationId"]);
        Assert.Equal(AzureDomain, (string?)body["domain"]);
        Assert.Equal((string?)sentUser["id"], (string?)body["userId"]);
    }

    [Fact]
    public async Task AzureRefusingTheSecretAnswers502WithTheServiceDeskNumber()
    {
        using var factory = new HelpBotFactory(AzureSettings());
        var azure = new FakeAzureDirectLine { Status = HttpStatusCode.Forbidden };
        using var client = CreateClientWith(factory, azure);

        using var response = await client.PostAsync(TokenUri, content: null);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("617-432-2000", text, StringComparison.Ordinal);
        Assert.DoesNotContain(AzureSecret, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAllowedOriginMayCallTheTokenEndpointAndLoadTheWidget()
    {
        var settings = AzureSettings();
        settings["WebChat:AllowedOrigins:0"] = ItSite;
        using var factory = new HelpBotFactory(settings);
        using var client = CreateClientWith(factory, new FakeAzureDirectLine());

        using var preflight = new HttpRequestMessage(HttpMethod.Options, TokenUri);
        preflight.Headers.Add("Origin", ItSite);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var preflightResponse = await client.SendAsync(preflight);
        Assert.True(preflightResponse.IsSuccessStatusCode, $"preflight answered {preflightResponse.StatusCode}");
        Assert.Equal(ItSite, AllowOrigin(preflightResponse));

        using var post = new HttpRequestMessage(HttpMethod.Post, TokenUri);
        post.Headers.Add("Origin", ItSite);
        using var postResponse = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.OK, postResponse.StatusCode);
        Assert.Equal(ItSite, AllowOrigin(postResponse));

        using var widget = new HttpRequestMessage(HttpMethod.Get, new Uri(WebChatSetup.WidgetPath, UriKind.Relative));
        widget.Headers.Add("Origin", ItSite);
        using var widgetResponse = await client.SendAsync(widget);
        Assert.Equal(HttpStatusCode.OK, widgetResponse.StatusCode);
        Assert.Equal(ItSite, AllowOrigin(widgetResponse));
    }

    [Fact]
    public async Task AnOriginNotListedGetsNoCorsHeaders()
    {
        var settings = AzureSettings();
        settings["WebChat:AllowedOrigins:0"] = ItSite;
        using var factory = new HelpBotFactory(settings);
        using var client = CreateClientWith(factory, new FakeAzureDirectLine());

        using var post = new HttpRequestMessage(HttpMethod.Post, TokenUri);
        post.Headers.Add("Origin", "https://evil.example");
        using var response = await client.SendAsync(post);

        Assert.Null(AllowOrigin(response));
    }

    [Fact]
    public async Task MintingTooManyTokensFromOneClientAnswers429ButDirectLineIsNeverLimited()
    {
        using var factory = new HelpBotFactory(new Dictionary<string, string?> { ["WebChat:TokenRequestsPerMinute"] = "2" });
        using var client = factory.CreateClient();

        using var first = await client.PostAsync(TokenUri, content: null);
        using var second = await client.PostAsync(TokenUri, content: null);
        using var third = await client.PostAsync(TokenUri, content: null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter);

        // Web Chat never retries a 429, so the Direct Line routes must not share the limit: the minted token still works.
        var token = (string?)JsonNode.Parse(await first.Content.ReadAsStringAsync())!["token"];
        for (var i = 0; i < 3; i++)
        {
            using var start = new HttpRequestMessage(HttpMethod.Post, new Uri("/v3/directline/conversations", UriKind.Relative))
            {
                Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
            };
            start.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var started = await client.SendAsync(start);
            Assert.True(started.IsSuccessStatusCode, $"Direct Line answered {started.StatusCode}");
        }
        using var page = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task TheRootServesTheWebChatPage()
    {
        using var factory = new HelpBotFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>HelpBot — HMS IT Accounts &amp; Access</title>", html, StringComparison.Ordinal);
        Assert.Matches(@"lib/webchat\.[a-z0-9]+\.js", html); // by its content hash: see WebAssetsTests
    }

    private static HttpClient CreateClientWith(HelpBotFactory factory, FakeAzureDirectLine azure) =>
        factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
                services.AddHttpClient<AzureWebChatTokenSource>().ConfigurePrimaryHttpMessageHandler(() => azure)))
            .CreateClient();

    private static string? AllowOrigin(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? string.Join(",", values) : null;
}

/// <summary>Azure Bot Service's Direct Line tokens/generate, which cannot be reached from here: records each request and answers like Azure.</summary>
internal sealed class FakeAzureDirectLine : HttpMessageHandler
{
    public const string Token = "azure-issued-token";
    public const string ConversationId = "azure-conversation-1";

    public sealed record Recorded(HttpMethod Method, Uri? Uri, string? Authorization, string Body);

    public List<Recorded> Requests { get; } = [];

    public HttpStatusCode Status { get; init; } = HttpStatusCode.OK;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (Requests)
        {
            Requests.Add(new Recorded(request.Method, request.RequestUri, request.Headers.Authorization?.ToString(), body));
        }
        if (Status != HttpStatusCode.OK)
        {
            return new HttpResponseMessage(Status) { Content = new StringContent("""{"error":{"code":"BadArgument","message":"bad secret"}}""") };
        }
        return new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent($$"""{"conversationId":"{{ConversationId}}","token":"{{Token}}","expires_in":1800}""", System.Text.Encoding.UTF8, "application/json"),
        };
    }
}
