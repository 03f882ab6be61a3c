using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using HelpBot.Bot.Hosting;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.WebChat;

/// <summary>
/// <c>WebChat:DirectLine = Azure</c>: exchanges the Direct Line secret for a conversation token at Azure Bot Service
/// (<c>POST {domain}/tokens/generate</c>), so the secret never reaches a browser.
/// </summary>
public sealed class AzureWebChatTokenSource(HttpClient http, IOptions<WebChatOptions> options) : IWebChatTokenSource
{
    public async Task<WebChatToken> IssueAsync(string userId, Uri builtInDomain, CancellationToken cancellationToken)
    {
        var domain = options.Value.AzureDirectLineDomain.TrimEnd('/');
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{domain}/tokens/generate"))
        {
            // Binding the token to a user id makes Direct Line stamp every activity's from.id with it.
            Content = JsonContent.Create(new JsonObject
            {
                ["user"] = new JsonObject { ["id"] = userId, ["name"] = AnonymousUser.Name },
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.AzureDirectLineSecret);

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // The body may echo request details; the status is enough to diagnose a wrong secret or domain.
            throw new WebChatTokenException($"Azure Direct Line answered {(int)response.StatusCode} to tokens/generate; check WebChat:AzureDirectLineSecret and WebChat:AzureDirectLineDomain.");
        }
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken).ConfigureAwait(false);
        var token = (string?)body?["token"];
        if (string.IsNullOrEmpty(token))
        {
            throw new WebChatTokenException("Azure Direct Line's tokens/generate answer has no token.");
        }
        return new WebChatToken(token, (string?)body?["conversationId"], domain, userId);
    }
}

/// <summary>A token could not be minted; the endpoint answers 502 and logs the message (which holds no secret).</summary>
public sealed class WebChatTokenException(string message) : Exception(message);
