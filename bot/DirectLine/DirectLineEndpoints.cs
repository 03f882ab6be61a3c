using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using HelpBot.Bot.Hosting;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.DirectLine;

/// <summary>The Direct Line 3.0 routes the official Web Chat uses: tokens (generate, refresh), conversations (start, resume), activities (post, get with a watermark) and the WebSocket stream.</summary>
internal static class DirectLineEndpoints
{
    /// <summary>Activity types a client may post; anything else (conversationUpdate, invoke, handoff…) is the channel's or the bot's to send.</summary>
    private static readonly HashSet<string> ClientActivityTypes = new(StringComparer.Ordinal) { ActivityTypes.Message, ActivityTypes.Event, ActivityTypes.Typing };

    private static readonly JsonSerializerOptions ResponseJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/tokens/generate", GenerateTokenAsync);
        group.MapPost("/tokens/refresh", RefreshTokenAsync);
        group.MapPost("/conversations", StartConversationAsync);
        group.MapGet("/conversations/{conversationId}", ResumeConversationAsync);
        group.MapPost("/conversations/{conversationId}/activities", PostActivityAsync);
        group.MapGet("/conversations/{conversationId}/activities", GetActivitiesAsync);
        group.MapGet("/conversations/{conversationId}/stream", StreamAsync);
    }

    // POST /tokens/generate: Authorization: Bearer <DirectLine:Secret>; body {"user":{"id","name"}} optional.
    private static async Task<IResult> GenerateTokenAsync(HttpContext http, DirectLineTokens tokens, IOptions<DirectLineOptions> options)
    {
        var secret = options.Value.Secret;
        if (string.IsNullOrWhiteSpace(secret))
        {
            return Error(StatusCodes.Status404NotFound, "NotFound", "Token generation over HTTP is turned off on this server (DirectLine:Secret is not set).");
        }
        if (!SecretMatches(BearerToken(http.Request), secret))
        {
            return Error(StatusCodes.Status403Forbidden, "BadArgument", "Send the Direct Line secret as Authorization: Bearer <secret>.");
        }
        var (body, bodyError) = await ReadBodyAsync(http.Request, options.Value.MaxRequestBytes).ConfigureAwait(false);
        if (bodyError is not null)
        {
            return bodyError;
        }
        string? userId = null, userName = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            if (!TryParseObject(body, out var json) || (json!["user"] is { } user && user is not JsonObject))
            {
                return Error(StatusCodes.Status400BadRequest, "BadArgument", "The body must be a JSON object such as {\"user\":{\"id\":\"u-alice\",\"name\":\"Alice\"}}.");
            }
            userId = StringOrNull(json["user"]?["id"]);
            userName = StringOrNull(json["user"]?["name"]);
        }
        try
        {
            var token = tokens.IssueForNewConversation(userId, userName);
            return Results.Json(new TokenResponse(token.ConversationId, token.Token, token.ExpiresIn, null), ResponseJson);
        }
        catch (ArgumentException e)
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", e.Message);
        }
    }

    // POST /tokens/refresh: a new token for the same conversation and user.
    private static async Task<IResult> RefreshTokenAsync(HttpContext http, DirectLineTokens tokens)
    {
        var (claims, error) = await AuthorizeAsync(http, tokens, BearerToken(http.Request), conversationId: null).ConfigureAwait(false);
        if (claims is null)
        {
            return error!;
        }
        var token = tokens.Refresh(claims);
        return Results.Json(new TokenResponse(token.ConversationId, token.Token, token.ExpiresIn, null), ResponseJson);
    }

    // POST /conversations: starts the token's conversation (201, and the bot greets) or returns it again (200).
    private static async Task<IResult> StartConversationAsync(HttpContext http, DirectLineTokens tokens, DirectLineConversations conversations, DirectLineAdapter adapter, IOptions<DirectLineOptions> options, IHostApplicationLifetime lifetime)
    {
        var token = BearerToken(http.Request);
        var (claims, error) = await AuthorizeAsync(http, tokens, token, conversationId: null).ConfigureAwait(false);
        if (claims is null)
        {
            return error!;
        }
        var (body, bodyError) = await ReadBodyAsync(http.Request, options.Value.MaxRequestBytes).ConfigureAwait(false);
        if (bodyError is not null)
        {
            return bodyError;
        }
        string? locale = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            if (!TryParseObject(body, out var json))
            {
                return Error(StatusCodes.Status400BadRequest, "BadArgument", "The body must be a JSON object such as {\"locale\":\"en-US\"}.");
            }
            // user.id in the body is ignored: the token fixes the user (docs/security.md, C3).
            locale = StringOrNull(json!["locale"]);
        }
        var (_, created) = await OpenAsync(http, claims, conversations, adapter, options.Value, lifetime, locale).ConfigureAwait(false);
        return Results.Json(ConversationResponse(http, tokens, token!, claims, watermark: null), ResponseJson,
            statusCode: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    // GET /conversations/{id}?watermark=: resume, or reconnect a dropped socket (a new streamUrl from the watermark).
    private static async Task<IResult> ResumeConversationAsync(HttpContext http, string conversationId, DirectLineTokens tokens, DirectLineConversations conversations, DirectLineAdapter adapter, IOptions<DirectLineOptions> options, IHostApplicationLifetime lifetime)
    {
        var token = BearerToken(http.Request);
        var (claims, error) = await AuthorizeAsync(http, tokens, token, conversationId).ConfigureAwait(false);
        if (claims is null)
        {
            return error!;
        }
        if (!TryParseWatermark(http.Request, out var watermark, out var watermarkError))
        {
            return watermarkError!;
        }
        await OpenAsync(http, claims, conversations, adapter, options.Value, lifetime, locale: null).ConfigureAwait(false);
        return Results.Json(ConversationResponse(http, tokens, token!, claims, watermark), ResponseJson);
    }

    // POST /conversations/{id}/activities: echo the user's activity, run the bot's turn, answer {"id"}.
    private static async Task<IResult> PostActivityAsync(HttpContext http, string conversationId, DirectLineTokens tokens, DirectLineConversations conversations, DirectLineAdapter adapter, IOptions<DirectLineOptions> options, IHostApplicationLifetime lifetime, TimeProvider clock)
    {
        var (claims, error) = await AuthorizeAsync(http, tokens, BearerToken(http.Request), conversationId).ConfigureAwait(false);
        if (claims is null)
        {
            return error!;
        }
        var (body, bodyError) = await ReadBodyAsync(http.Request, options.Value.MaxRequestBytes).ConfigureAwait(false);
        if (bodyError is not null)
        {
            return bodyError;
        }
        string? parseError = "The body must be an activity, e.g. {\"type\":\"message\",\"text\":\"hi\"}.";
        var activity = string.IsNullOrWhiteSpace(body) ? null : DirectLineJson.TryParse(body, out parseError);
        if (activity is null)
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", parseError!);
        }
        if (string.IsNullOrWhiteSpace(activity.Type))
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", "The activity has no type; use message, event or typing.");
        }
        if (!ClientActivityTypes.Contains(activity.Type))
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", $"Activities of type '{Truncate(activity.Type)}' cannot be posted; use message, event or typing.");
        }

        var (conversation, _) = await OpenAsync(http, claims, conversations, adapter, options.Value, lifetime, activity.Locale).ConfigureAwait(false);
        StampFromUser(activity, conversation, claims, clock);
        var turn = adapter.ReceiveAsync(conversation, activity, lifetime.ApplicationStopping, http.Connection.RemoteIpAddress?.ToString());
        if (!await CompletesWithinAsync(turn, options.Value.TurnResponseTimeout, clock).ConfigureAwait(false))
        {
            Logger(http).LogWarning("The bot's turn in Direct Line conversation {ConversationId} took longer than {Timeout}; answered the post before it finished.", conversation.Id, options.Value.TurnResponseTimeout);
        }
        return Results.Json(new IdResponse(activity.Id), ResponseJson);
    }

    // GET /conversations/{id}/activities?watermark=: polling.
    private static async Task<IResult> GetActivitiesAsync(HttpContext http, string conversationId, DirectLineTokens tokens, DirectLineConversations conversations, DirectLineAdapter adapter, IOptions<DirectLineOptions> options, IHostApplicationLifetime lifetime)
    {
        var (claims, error) = await AuthorizeAsync(http, tokens, BearerToken(http.Request), conversationId).ConfigureAwait(false);
        if (claims is null)
        {
            return error!;
        }
        if (!TryParseWatermark(http.Request, out var watermark, out var watermarkError))
        {
            return watermarkError!;
        }
        var (conversation, _) = await OpenAsync(http, claims, conversations, adapter, options.Value, lifetime, locale: null).ConfigureAwait(false);
        await conversations.RefreshAsync(conversation, http.RequestAborted).ConfigureAwait(false);
        var (activities, last) = conversation.ReadAfter(watermark ?? 0);
        return Results.Text(DirectLineConversation.Frame(activities, last), "application/json; charset=utf-8", Encoding.UTF8);
    }

    // GET /conversations/{id}/stream?t=<token>&watermark=: the WebSocket (browsers cannot send headers on one, so the token is in the URL).
    private static async Task<IResult> StreamAsync(HttpContext http, string conversationId, DirectLineTokens tokens, DirectLineConversations conversations, DirectLineAdapter adapter, IOptions<DirectLineOptions> options, IHostApplicationLifetime lifetime)
    {
        var token = http.Request.Query["t"].ToString();
        var (claims, error) = await AuthorizeAsync(http, tokens, string.IsNullOrEmpty(token) ? BearerToken(http.Request) : token, conversationId).ConfigureAwait(false);
        if (claims is null)
        {
            return error!;
        }
        if (!http.WebSockets.IsWebSocketRequest)
        {
            return Error(StatusCodes.Status400BadRequest, "BadArgument", "The stream is a WebSocket: connect to the streamUrl with a WebSocket client.");
        }
        if (!TryParseWatermark(http.Request, out var watermark, out var watermarkError))
        {
            return watermarkError!;
        }
        var (conversation, _) = await OpenAsync(http, claims, conversations, adapter, options.Value, lifetime, locale: null).ConfigureAwait(false);
        await conversations.RefreshAsync(conversation, http.RequestAborted).ConfigureAwait(false);
        await DirectLineStream.RunAsync(http, conversation, watermark ?? 0, lifetime.ApplicationStopping).ConfigureAwait(false);
        return Results.Empty;
    }

    /// <summary>The token's conversation; a new one is created and the bot told about it (so it greets) first.</summary>
    private static async Task<(DirectLineConversation Conversation, bool Created)> OpenAsync(HttpContext http, DirectLineTokenClaims claims, DirectLineConversations conversations, DirectLineAdapter adapter, DirectLineOptions options, IHostApplicationLifetime lifetime, string? locale)
    {
        var (conversation, created) = await conversations.GetOrCreateAsync(claims, http.RequestAborted).ConfigureAwait(false);
        if (created)
        {
            Logger(http).LogInformation("Direct Line conversation {ConversationId} started", conversation.Id);
            var greeting = adapter.StartAsync(conversation, locale, lifetime.ApplicationStopping);
            await CompletesWithinAsync(greeting, options.TurnResponseTimeout, http.RequestServices.GetRequiredService<TimeProvider>()).ConfigureAwait(false);
        }
        return (conversation, created);
    }

    /// <summary>Sets what the channel decides, whatever the client sent: id, time, channel, conversation, bot, and the user from the token (docs/security.md, C3).</summary>
    private static void StampFromUser(Activity activity, DirectLineConversation conversation, DirectLineTokenClaims claims, TimeProvider clock)
    {
        activity.Id = conversation.NextActivityId();
        activity.Timestamp = clock.GetUtcNow();
        activity.ChannelId = DirectLineAdapter.ChannelId;
        activity.ServiceUrl = DirectLineAdapter.ServiceUrl;
        activity.Conversation = new ConversationAccount(id: conversation.Id);
        activity.From = new ChannelAccount(claims.UserId, claims.UserName, RoleTypes.User);
        activity.Recipient = DirectLineAdapter.BotAccount;
        // expectReplies would make the SDK buffer the bot's replies instead of sending them; these are the channel's to set.
        activity.DeliveryMode = null;
        activity.CallerId = null;
        activity.RelatesTo = null;
        activity.MembersAdded = null;
        activity.MembersRemoved = null;
    }

    /// <summary>Waits for a turn at most <paramref name="timeout"/>; a turn that failed outright surfaces as an exception (500).</summary>
    private static async Task<bool> CompletesWithinAsync(Task turn, TimeSpan timeout, TimeProvider clock)
    {
        using var cancel = new CancellationTokenSource();
        var finished = await Task.WhenAny(turn, Task.Delay(timeout, clock, cancel.Token)).ConfigureAwait(false);
        if (finished == turn)
        {
            await cancel.CancelAsync().ConfigureAwait(false);
            await turn.ConfigureAwait(false);
            return true;
        }
        return false;
    }

    private static async Task<(DirectLineTokenClaims? Claims, IResult? Error)> AuthorizeAsync(HttpContext http, DirectLineTokens tokens, string? token, string? conversationId)
    {
        var (check, claims) = await tokens.ValidateAsync(token).ConfigureAwait(false);
        IResult? error = check switch
        {
            TokenCheck.Missing => Error(StatusCodes.Status403Forbidden, "BadArgument", "Missing token: send Authorization: Bearer <token>."),
            TokenCheck.Invalid => Error(StatusCodes.Status403Forbidden, "BadArgument", "The token is not valid."),
            TokenCheck.Expired => Error(StatusCodes.Status403Forbidden, "TokenExpired", "The token has expired; get a new one."),
            _ when conversationId is not null && claims!.ConversationId != conversationId =>
                Error(StatusCodes.Status403Forbidden, "BadArgument", "The token is not valid for this conversation."),
            _ => null,
        };
        if (error is not null)
        {
            // Never the token itself.
            Logger(http).LogInformation("Direct Line request refused: {Reason}", check == TokenCheck.Valid ? "token for another conversation" : check.ToString());
            return (null, error);
        }
        return (claims, null);
    }

    private static TokenResponse ConversationResponse(HttpContext http, DirectLineTokens tokens, string token, DirectLineTokenClaims claims, long? watermark)
    {
        // http(s)://… becomes ws(s)://…; never an arbitrary Host header (issue 15, finding 8).
        var origin = "ws" + PublicAddress.Of(http.Request)["http".Length..];
        var stream = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{origin}{DirectLineSetup.Prefix}/conversations/{Uri.EscapeDataString(claims.ConversationId)}/stream")
            .Append("?t=").Append(Uri.EscapeDataString(token));
        if (watermark is { } w)
        {
            stream.Append(CultureInfo.InvariantCulture, $"&watermark={w}");
        }
        return new TokenResponse(claims.ConversationId, token, tokens.SecondsLeft(claims), stream.ToString());
    }

    private static async Task<(string? Body, IResult? Error)> ReadBodyAsync(HttpRequest request, int maxBytes)
    {
        var tooLarge = Error(StatusCodes.Status413PayloadTooLarge, "BadArgument", $"The body is larger than {maxBytes / 1024} KB.");
        if (request.ContentLength > maxBytes)
        {
            return (null, tooLarge);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, tooLarge);
            }
            buffer.Write(chunk, 0, read);
        }
        return (Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), null);
    }

    private static bool TryParseWatermark(HttpRequest request, out long? watermark, out IResult? error)
    {
        var text = request.Query["watermark"].ToString();
        watermark = null;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            watermark = value;
            return true;
        }
        error = Error(StatusCodes.Status400BadRequest, "BadArgument", "The watermark must be one this server returned (or empty).");
        return false;
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static bool SecretMatches(string? presented, string secret) =>
        presented is not null
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(secret.Trim())));

    private static bool TryParseObject(string body, out JsonObject? json)
    {
        try
        {
            json = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) as JsonObject;
        }
        catch (JsonException)
        {
            json = null;
        }
        return json is not null;
    }

    private static string? StringOrNull(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private static ILogger Logger(HttpContext http) => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("HelpBot.DirectLine");

    internal static IResult Error(int status, string code, string message) =>
        Results.Json(new ErrorResponse(new ErrorDetail(code, message)), ResponseJson, statusCode: status);

    private sealed record TokenResponse(
        [property: JsonPropertyName("conversationId")] string ConversationId,
        [property: JsonPropertyName("token")] string Token,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("streamUrl")] string? StreamUrl);

    private sealed record IdResponse([property: JsonPropertyName("id")] string Id);

    private sealed record ErrorResponse([property: JsonPropertyName("error")] ErrorDetail Error);

    private sealed record ErrorDetail([property: JsonPropertyName("code")] string Code, [property: JsonPropertyName("message")] string Message);
}
