using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace HelpBot.Bot.DirectLine;

/// <summary>Activities as Bot Framework JSON (Newtonsoft; the camelCase names come from the schema's attributes).</summary>
internal static class DirectLineJson
{
    internal static readonly JsonSerializerSettings Settings = new()
    {
        NullValueHandling = NullValueHandling.Ignore,
        // Keep date-like strings inside channelData and value exactly as the client sent them.
        DateParseHandling = DateParseHandling.None,
        DateFormatHandling = DateFormatHandling.IsoDateFormat,
        // Deeply nested input is rejected instead of recursing without end (docs/security.md, C7).
        MaxDepth = 64,
        Formatting = Formatting.None,
    };

    public static string Serialize(Activity activity) => JsonConvert.SerializeObject(activity, Settings);

    /// <summary>Parses a posted activity; null when the text is not one JSON object.</summary>
    public static Activity? TryParse(string json, out string? error)
    {
        try
        {
            var activity = JsonConvert.DeserializeObject<Activity>(json, Settings);
            error = activity is null ? "The body must be a JSON activity object." : null;
            return activity;
        }
        catch (JsonException e)
        {
            // Newtonsoft's message says where the JSON broke; it quotes no more than a path.
            error = $"The body is not a valid activity: {e.Message}";
            return null;
        }
    }
}
