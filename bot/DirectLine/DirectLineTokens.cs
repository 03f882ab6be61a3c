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
internal sealed record DirectLineTokenClaims(string ConversationId, string UserId, string? UserName, DateTimeOffset Expires);

internal enum TokenCheck { Valid, Missing, Invalid, Expired }

/// <summary>
/// Mints and checks Direct Line tokens (docs/security.md, C3): HMAC-SHA256 JWTs, unguessable (random <c>jti</c>), bound to one
/// conversation (<c>conv</c>), fixing the user (<c>user</c>, which Web Chat also reads as its userID, and <c>name</c>),
/// expiring after <see cref="DirectLineOptions.TokenLifetime"/> and refreshable.
/// </summary>
public sealed class DirectLineTokens(DirectLineSigningKey signingKey, IOptions<DirectLineOptions> options, TimeProvider clock)
{
    private const string Issuer = "helpbot-directline";
    private const string ConversationClaim = "conv";
    private const string UserClaim = "user";
    private const string NameClaim = "name";
    private const int MaxTokenLength = 4096;
    private const int MaxUserIdLength = 256;

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

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

    internal DirectLineToken Refresh(DirectLineTokenClaims claims) => Issue(claims.ConversationId, claims.UserId, claims.UserName);

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
        return (TokenCheck.Valid, new DirectLineTokenClaims(conversationId, userId, name, expires));
    }

    private DirectLineToken Issue(string conversationId, string userId, string? userName)
    {
        var now = clock.GetUtcNow();
        var lifetime = options.Value.TokenLifetime;
        var claims = new Dictionary<string, object>
        {
            [ConversationClaim] = conversationId,
            [UserClaim] = userId,
            [JwtRegisteredClaimNames.Jti] = RandomId(),
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
        return new DirectLineToken(conversationId, token, (int)lifetime.TotalSeconds, userId, userName);
    }

    /// <summary>128 random bits, URL-safe.</summary>
    internal static string RandomId() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
}
