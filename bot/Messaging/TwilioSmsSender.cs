using HelpBot.Dialogs.Messaging;
using Twilio.Clients;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace HelpBot.Bot.Messaging;

/// <summary>
/// Text messages through Twilio's Messages API (Twilio SDK). The SDK's client takes our own System.Net.Http client,
/// which, when <see cref="TwilioOptions.BaseUrl"/> is set, sends every request to that address instead of
/// api.twilio.com: the way tests reach a local stand-in.
/// </summary>
public sealed class TwilioSmsSender : IMessageSender, IDisposable
{
    private readonly TwilioOptions _options;
    private readonly ILogger<TwilioSmsSender> _logger;
    private readonly System.Net.Http.HttpClient _http;
    private readonly TwilioRestClient _client;

    public TwilioSmsSender(TwilioOptions options, ILogger<TwilioSmsSender> logger)
    {
        _options = options;
        _logger = logger;
        _http = options.BaseUrl is { } baseUrl
            ? new System.Net.Http.HttpClient(new RebaseHandler(baseUrl) { InnerHandler = new System.Net.Http.HttpClientHandler() })
            : new System.Net.Http.HttpClient();
        _client = new TwilioRestClient(options.AccountSid, options.AuthToken, httpClient: new SystemNetHttpClient(_http));
    }

    public async Task SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var from = _options.From ?? "";
        var create = from.StartsWith("MG", StringComparison.Ordinal)
            ? new CreateMessageOptions(new PhoneNumber(message.To)) { MessagingServiceSid = from, Body = message.Text }
            : new CreateMessageOptions(new PhoneNumber(message.To)) { From = new PhoneNumber(from), Body = message.Text };
        var sent = await MessageResource.CreateAsync(create, _client);
        _logger.LogInformation("Twilio: queued a text message to {Destination} ({Status})", Mask.Phone(message.To), sent.Status);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Keeps path and query, replaces scheme, host and port.</summary>
    private sealed class RebaseHandler(Uri baseUrl) : System.Net.Http.DelegatingHandler
    {
        protected override Task<System.Net.Http.HttpResponseMessage> SendAsync(System.Net.Http.HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is { } uri)
            {
                request.RequestUri = new UriBuilder(uri) { Scheme = baseUrl.Scheme, Host = baseUrl.Host, Port = baseUrl.Port }.Uri;
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
