using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace HelpBot.Bot.Adapters;

/// <summary>
/// The SDK's <see cref="BotFrameworkAuthentication"/> (from configuration) with two per-turn costs taken out. The SDK
/// builds a new <see cref="ConnectorClient"/> and a new OAuth client for every turn, and each constructor parses
/// regular expressions to clean its User-Agent header, a visible cost under load (docs/benchmarks.md).
/// Here a Connector client is made once per (bot, service URL, audience) and reused for the life of the process (the
/// SDK's end-of-turn <c>Dispose</c> leaves it open), and the OAuth client is made only when something asks it for a
/// token, which HelpBot never does. Authentication itself (docs/security.md, C1/C2) is the inner one's, unchanged.
/// </summary>
public sealed class ReusedConnectorsAuthentication(BotFrameworkAuthentication inner) : BotFrameworkAuthentication
{
    /// <summary>More distinct service URLs than this (Teams uses a handful of regional ones) are served without reuse.</summary>
    internal const int MaxReused = 64;

    private readonly ConcurrentDictionary<(string? Bot, string ServiceUrl, string? Audience), Lazy<Task<IConnectorClient>>> _clients = new();

    internal int ReusedCount => _clients.Count;

    public override async Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader, CancellationToken cancellationToken)
    {
        var result = await inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken).ConfigureAwait(false);
        result.ConnectorFactory = new ReusingFactory(this, result.ConnectorFactory, BotOf(result.ClaimsIdentity));
        return result;
    }

    public override async Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken cancellationToken)
    {
        var result = await inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken).ConfigureAwait(false);
        result.ConnectorFactory = new ReusingFactory(this, result.ConnectorFactory, BotOf(result.ClaimsIdentity));
        return result;
    }

    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) =>
        new ReusingFactory(this, inner.CreateConnectorFactory(claimsIdentity), BotOf(claimsIdentity));

    public override Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken) =>
        Task.FromResult<UserTokenClient>(new OnFirstUseUserTokenClient(() => inner.CreateUserTokenClientAsync(claimsIdentity, CancellationToken.None)));

    public override Microsoft.Bot.Builder.Skills.BotFrameworkClient CreateBotFrameworkClient() => inner.CreateBotFrameworkClient();

    public override string GetOriginatingAudience() => inner.GetOriginatingAudience();

    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken);

    private static string? BotOf(ClaimsIdentity? identity) => identity?.FindFirst(AuthenticationConstants.AudienceClaim)?.Value;

    private async Task<IConnectorClient> ClientAsync(ConnectorFactory factory, string? bot, string serviceUrl, string? audience, CancellationToken cancellationToken)
    {
        var key = (bot, serviceUrl, audience);
        if (!_clients.TryGetValue(key, out var shared))
        {
            if (_clients.Count >= MaxReused)
            {
                return await factory.CreateAsync(serviceUrl, audience, cancellationToken).ConfigureAwait(false);
            }
            shared = _clients.GetOrAdd(key, _ => new Lazy<Task<IConnectorClient>>(() => CreateSharedAsync(factory, serviceUrl, audience)));
        }
        try
        {
            return await shared.Value.ConfigureAwait(false);
        }
        catch
        {
            // A failure (e.g. no token endpoint) is not remembered: the next turn tries again.
            _clients.TryRemove(new KeyValuePair<(string?, string, string?), Lazy<Task<IConnectorClient>>>(key, shared));
            throw;
        }
    }

    private static async Task<IConnectorClient> CreateSharedAsync(ConnectorFactory factory, string serviceUrl, string? audience)
    {
        var created = await factory.CreateAsync(serviceUrl, audience, CancellationToken.None).ConfigureAwait(false);
        return created is ConnectorClient client ? new SharedConnectorClient(client) : created;
    }

    private sealed class ReusingFactory(ReusedConnectorsAuthentication owner, ConnectorFactory inner, string? bot) : ConnectorFactory
    {
        public override Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken) =>
            owner.ClientAsync(inner, bot, serviceUrl, audience, cancellationToken);
    }

    /// <summary>
    /// The SDK's client (credentials, HTTP client) behind a <see cref="ConnectorClient"/> that the end of a turn does not
    /// close. Still a <see cref="ConnectorClient"/>, so <c>TeamsInfo</c> builds its Teams client on the same HTTP client.
    /// </summary>
    private sealed class SharedConnectorClient(ConnectorClient made)
        : ConnectorClient(made.BaseUri, made.Credentials, made.HttpClient, disposeHttpClient: false)
    {
        // Keeps the client that owns the HTTP client alive (and never disposed) as long as this one.
        private readonly ConnectorClient _owner = made;

        public override string ToString() => $"shared Connector client for {_owner.BaseUri}";

#pragma warning disable CA2215 // Deliberately not closed: shared across turns, the end of one turn must not close it.
        protected override void Dispose(bool disposing)
        {
        }
#pragma warning restore CA2215
    }

    /// <summary>The SDK's OAuth client, made when first used (never, for HelpBot's own flows) and disposed with the turn.</summary>
    private sealed class OnFirstUseUserTokenClient(Func<Task<UserTokenClient>> create) : UserTokenClient
    {
        private readonly Lazy<Task<UserTokenClient>> _client = new(create);

        public override async Task<TokenResponse> GetUserTokenAsync(string userId, string connectionName, string channelId, string magicCode, CancellationToken cancellationToken) =>
            await (await _client.Value.ConfigureAwait(false)).GetUserTokenAsync(userId, connectionName, channelId, magicCode, cancellationToken).ConfigureAwait(false);

        public override async Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity, string finalRedirect, CancellationToken cancellationToken) =>
            await (await _client.Value.ConfigureAwait(false)).GetSignInResourceAsync(connectionName, activity, finalRedirect, cancellationToken).ConfigureAwait(false);

        public override async Task SignOutUserAsync(string userId, string connectionName, string channelId, CancellationToken cancellationToken) =>
            await (await _client.Value.ConfigureAwait(false)).SignOutUserAsync(userId, connectionName, channelId, cancellationToken).ConfigureAwait(false);

        public override async Task<TokenStatus[]> GetTokenStatusAsync(string userId, string channelId, string includeFilter, CancellationToken cancellationToken) =>
            await (await _client.Value.ConfigureAwait(false)).GetTokenStatusAsync(userId, channelId, includeFilter, cancellationToken).ConfigureAwait(false);

        public override async Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(string userId, string connectionName, string[] resourceUrls, string channelId, CancellationToken cancellationToken) =>
            await (await _client.Value.ConfigureAwait(false)).GetAadTokensAsync(userId, connectionName, resourceUrls, channelId, cancellationToken).ConfigureAwait(false);

        public override async Task<TokenResponse> ExchangeTokenAsync(string userId, string connectionName, string channelId, TokenExchangeRequest exchangeRequest, CancellationToken cancellationToken) =>
            await (await _client.Value.ConfigureAwait(false)).ExchangeTokenAsync(userId, connectionName, channelId, exchangeRequest, cancellationToken).ConfigureAwait(false);

        protected override void Dispose(bool disposing)
        {
            if (disposing && _client.IsValueCreated && _client.Value.IsCompletedSuccessfully)
            {
                _client.Value.Result.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
