using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace HelpBot.Bench;

/// <summary>One turn as the client saw it: the round-trip time, the HTTP status, and the replies (one line each).</summary>
public sealed record TurnResult(double Milliseconds, HttpStatusCode? Status, IReadOnlyList<string> Replies, string? Error)
{
    public bool Ok => Error is null && Status == HttpStatusCode.OK && Replies.Count > 0;

    public bool Says(string text) => Replies.Any(r => r.StartsWith(text, StringComparison.Ordinal));
}

/// <summary>
/// Posts activities to /api/messages the way a channel would, with deliveryMode "expectReplies", so the bot's replies
/// come back in the response body and a turn is exactly one HTTP round trip (timed with a Stopwatch on this side).
/// </summary>
public sealed class BotClient(HttpClient http, Uri baseAddress)
{
    private readonly Uri _messages = new(baseAddress, "/api/messages");

    public async Task<TurnResult> SendAsync(string conversationId, string userId, string text, CancellationToken cancellationToken)
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = Guid.NewGuid().ToString("N"),
            ["channelId"] = "bench",
            ["serviceUrl"] = "http://127.0.0.1:9/",
            ["conversation"] = new JsonObject { ["id"] = conversationId },
            ["from"] = new JsonObject { ["id"] = userId, ["name"] = "Bench User" },
            ["recipient"] = new JsonObject { ["id"] = "bot" },
            ["text"] = text,
            ["locale"] = "en-US",
            ["deliveryMode"] = "expectReplies",
        }.ToJsonString();

        var watch = Stopwatch.StartNew();
        try
        {
            using var content = new StringContent(activity, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(_messages, content, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            watch.Stop();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return new TurnResult(watch.Elapsed.TotalMilliseconds, response.StatusCode, [], $"HTTP {(int)response.StatusCode}");
            }
            return new TurnResult(watch.Elapsed.TotalMilliseconds, response.StatusCode, Replies(body), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            watch.Stop();
            return new TurnResult(watch.Elapsed.TotalMilliseconds, null, [], ex.GetType().Name);
        }
    }

    /// <summary>Each reply as one comparable line: its text, its suggested actions, and its attachments' content types.</summary>
    private static List<string> Replies(string body)
    {
        var replies = new List<string>();
        if (JsonNode.Parse(body)?["activities"] is not JsonArray activities)
        {
            return replies;
        }
        foreach (var a in activities)
        {
            if ((string?)a?["type"] != "message")
            {
                continue;
            }
            var line = new StringBuilder((string?)a!["text"] ?? string.Empty);
            if (a["suggestedActions"]?["actions"] is JsonArray actions)
            {
                line.Append(" [").AppendJoin(" | ", actions.Select(x => (string?)x?["title"])).Append(']');
            }
            if (a["attachments"] is JsonArray attachments)
            {
                foreach (var attachment in attachments)
                {
                    line.Append(" <").Append((string?)attachment?["contentType"]).Append('>');
                }
            }
            replies.Add(line.ToString());
        }
        return replies;
    }
}
