using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HelpBot.Dialogs.Engine;

/// <summary>
/// Reads and writes dialog state as plain JSON with explicit shapes (System.Text.Json, no type-name metadata).
/// Numbers are read defensively: stored state passes through other serialisers (Newtonsoft, LiteDB BSON), so an
/// integer may come back as a long, a double or even a string.
/// </summary>
public static class StateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
    };

    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), Options),
    };

    public static T? FromNode<T>(JsonNode? node) => node is null ? default : node.Deserialize<T>(Options);

    public static string? GetString(JsonNode? node) => node is JsonValue value
        ? value.TryGetValue<string>(out var s) ? s : value.ToJsonString().Trim('"')
        : null;

    public static int GetInt(JsonNode? node, int fallback = 0)
    {
        if (node is not JsonValue value)
        {
            return fallback;
        }
        if (value.TryGetValue<int>(out var i))
        {
            return i;
        }

        if (value.TryGetValue<long>(out var l) && l is >= int.MinValue and <= int.MaxValue)
        {
            return (int)l;
        }

        if (value.TryGetValue<double>(out var d) && d is >= int.MinValue and <= int.MaxValue)
        {
            return (int)d;
        }

        if (value.TryGetValue<decimal>(out var m) && m is >= int.MinValue and <= int.MaxValue)
        {
            return (int)m;
        }

        if (value.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }
        // A JsonElement-backed value (after a parse) reports its kind rather than CLR types.
        if (value.TryGetValue<JsonElement>(out var e))
        {
            if (e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var ed) && ed is >= int.MinValue and <= int.MaxValue)
            {
                return (int)ed;
            }

            if (e.ValueKind == JsonValueKind.String && int.TryParse(e.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var es))
            {
                return es;
            }
        }
        return fallback;
    }

    public static bool GetBool(JsonNode? node, bool fallback = false)
    {
        if (node is not JsonValue value)
        {
            return fallback;
        }

        if (value.TryGetValue<bool>(out var b))
        {
            return b;
        }

        if (value.TryGetValue<string>(out var s) && bool.TryParse(s, out var parsed))
        {
            return parsed;
        }

        return fallback;
    }

    /// <summary>Typed access to a step's <c>Values</c> bag.</summary>
    public static T? Get<T>(this JsonObject bag, string key) => bag.TryGetPropertyValue(key, out var node) ? FromNode<T>(node) : default;

    public static void Set(this JsonObject bag, string key, object? value) => bag[key] = ToNode(value);
}
