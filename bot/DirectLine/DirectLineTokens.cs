using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HelpBot.Bot.DirectLine;

/// <summary>A Direct Line token and what it is bound to, as <c>/tokens/generate</c> returns it.</summary>
/// <param name="ConversationId">The one conversation the token may use.</param>
/// <param name="Token">The bearer token (a signed JWT). Never log it.</param>
/// <param name="ExpiresIn">Seconds until it expires.</param>
/// <param name="UserId">The user id every activity posted with this token carries (docs/security.md, C3).</param>
/// <param name="UserName">The display name posted activities carry, if any.</param>
public sealed record DirectLineToken(string ConversationId, string Token, int ExpiresIn, string UserId, string? UserName)
{
    /// <summary>Keeps the token out of logs and exception messages that format this record.</summary>
    public override string ToString() => $"DirectLineToken {{ ConversationId = {ConversationId}, UserId = {UserId}, ExpiresIn = {ExpiresIn} }}";
}

/// <summary>What a valid token says.</summary>
internal sealed record DirectLineTokenClaims(string ConversationId, string UserId, string? UserName, DateTimeOffset Expires, string? TokenId = null);

internal enum TokenCheck { Valid, Missing, Invalid, Expired }

/// <summary>
/// Mints and checks Direct Line tokens (docs/security.md, C3): HMAC-SHA256 JWTs, unguessable (random <c>jti</c>), bound to one
/// conversation (<c>conv</c>), fixing the user (<c>user</c>, which Web Chat also reads as its userID, and <c>name</c>),
/// expiring after <see cref="DirectLineOptions.TokenLifetime"/> and refreshable. Refreshing supersedes the token it was
/// refreshed with, and every earlier one of the conversation: they stop working <see cref="SupersededGrace"/> later
/// (issue 15, finding 8), so a copied token dies with the next refresh. What was superseded is remembered in memory: after a
/// restart an older token works again until it expires (<see cref="DirectLineOptions.TokenLifetime"/> at most).
/// </summary>
public sealed class DirectLineTokens(DirectLineSigningKey signingKey, IOptions<DirectLineOptions> options, TimeProvider clock)
{
    private const string Issuer = "helpbot-directline";
    private const string ConversationClaim = "conv";
    private const string UserClaim = "user";
    private const string NameClaim = "name";
    private const int MaxTokenLength = 4096;
    private const int MaxUserIdLength = 256;

    /// <summary>How long a superseded token still works: Web Chat may have a request in flight while it refreshes.</summary>
    internal static readonly TimeSpan SupersededGrace = TimeSpan.FromSeconds(30);

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>Per refreshed conversation: the one token id still valid, until when older ones are still accepted, and when that token expires.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Current> _current = new(StringComparer.Ordinal);

    private sealed record Current(string TokenId, DateTimeOffset OlderValidUntil, DateTimeOffset Expires);

    /// <summary>
    /// Starts a new Web Chat conversation for a user and returns the token to hand to the browser (with the
    /// <see cref="DirectLineToken.ConversationId"/>). The conversation itself (and the bot's greeting) starts when Web Chat
    /// connects with the token.
    /// </summary>
    /// <param name="userId">The user's id, e.g. from the site's own sign-in. Null or empty: an anonymous <c>dl_…</c> id.</param>
    /// <param name="userName">The display name the bot sees, if any.</param>
    public DirectLineToken IssueForNewConversation(string? userId = null, string? userName = null)
    {
        if (userId is not null && (userId.Length > MaxUserIdLength || userId.Any(char.IsControl)))
        {
            throw new ArgumentException($"A user id must be at most {MaxUserIdLength} characters without control characters.", nameof(userId));
        }
        var user = string.IsNullOrWhiteSpace(userId) ? "dl_" + RandomId() : userId;
        var name = string.IsNullOrWhiteSpace(userName) ? null : userName.Trim();
        return Issue(RandomId(), user, name);
    }

    internal DirectLineToken Refresh(DirectLineTokenClaims claims)
    {
        var now = clock.GetUtcNow();
        var (token, tokenId) = IssueWithId(claims.ConversationId, claims.UserId, claims.UserName);
        if (_current.Count > 10_000)
        {
            foreach (var (conversation, current) in _current)
            {
                if (current.Expires <= now)
                {
                    _current.TryRemove(conversation, out _);
                }
            }
        }
        _current[claims.ConversationId] = new Current(tokenId, now + SupersededGrace, now + options.Value.TokenLifetime);
        return token;
    }

    internal int SecondsLeft(DirectLineTokenClaims claims) => Math.Max(0, (int)(claims.Expires - clock.GetUtcNow()).TotalSeconds);

    internal async Task<(TokenCheck Result, DirectLineTokenClaims? Claims)> ValidateAsync(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return (TokenCheck.Missing, null);
        }
        if (token.Length > MaxTokenLength)
        {
            return (TokenCheck.Invalid, null);
        }
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = signingKey.Key,
            ValidIssuer = Issuer,
            ValidAudience = Issuer,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RequireSignedTokens = true,
            // Checked below against the injected clock, so expiry is testable without waiting.
            ValidateLifetime = false,
            RequireExpirationTime = true,
        }).ConfigureAwait(false);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt
            || !jwt.TryGetPayloadValue<string>(ConversationClaim, out var conversationId) || string.IsNullOrEmpty(conversationId)
            || !jwt.TryGetPayloadValue<string>(UserClaim, out var userId) || string.IsNullOrEmpty(userId))
        {
            return (TokenCheck.Invalid, null);
        }
        var expires = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
        if (clock.GetUtcNow() >= expires)
        {
            return (TokenCheck.Expired, null);
        }
        jwt.TryGetPayloadValue<string>(NameClaim, out var name);
        jwt.TryGetPayloadValue<string>(JwtRegisteredClaimNames.Jti, out var tokenId);
        if (_current.TryGetValue(conversationId, out var current) && current.TokenId != tokenId && clock.GetUtcNow() >= current.OlderValidUntil)
        {
            // Superseded by a refresh.
            return (TokenCheck.Invalid, null);
        }
        return (TokenCheck.Valid, new DirectLineTokenClaims(conversationId, userId, name, expires, tokenId));
    }

    private DirectLineToken Issue(string conversationId, string userId, string? userName) => IssueWithId(conversationId, userId, userName).Token;

    private (DirectLineToken Token, string TokenId) IssueWithId(string conversationId, string userId, string? userName)
    {
        var now = clock.GetUtcNow();
        var lifetime = options.Value.TokenLifetime;
        var tokenId = RandomId();
        var claims = new Dictionary<string, object>
        {
            [ConversationClaim] = conversationId,
            [UserClaim] = userId,
            [JwtRegisteredClaimNames.Jti] = tokenId,
        };
        if (userName is not null)
        {
            claims[NameClaim] = userName;
        }
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Issuer,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(signingKey.Key, SecurityAlgorithms.HmacSha256),
        });
        return (new DirectLineToken(conversationId, token, (int)lifetime.TotalSeconds, userId, userName), tokenId);
    }

    /// <summary>128 random bits, URL-safe.</summary>
    internal static string RandomId() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
}
