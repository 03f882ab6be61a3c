using System.Text.Json;
using System.Text.Json.Nodes;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.State;

/// <summary>
/// System.Text.Json nodes (our dialog state and cards) to Newtonsoft tokens (what the Bot Framework SDK stores and
/// sends), by walking the tree instead of writing it out as text and parsing that again: the load benchmark's profile
/// found the text round trip among the larger costs of a turn. The result is the token <c>JToken.Parse(node.ToJsonString())</c>
/// would give (integers are longs, other numbers doubles), except that text that looks like a date stays the text it was
/// (as <c>LiteDbStorage</c> reads it back) instead of becoming a DateTime. Anything else (a CLR value of another type, a
/// number too large for a long) takes the text round trip itself.
/// </summary>
public static class JsonBridge
{
    public static JObject ToJObject(JsonObject node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var result = new JObject();
        foreach (var (name, value) in node)
        {
            result.Add(name, ToJToken(value));
        }
        return result;
    }

    public static JToken ToJToken(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return JValue.CreateNull();
            case JsonObject obj:
                return ToJObject(obj);
            case JsonArray array:
                var items = new JArray();
                foreach (var item in array)
                {
                    items.Add(ToJToken(item));
                }
                return items;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String when value.TryGetValue<string>(out var text):
                        return new JValue(text);
                    case JsonValueKind.True:
                        return new JValue(true);
                    case JsonValueKind.False:
                        return new JValue(false);
                    case JsonValueKind.Null:
                        return JValue.CreateNull();
                    case JsonValueKind.Number when value.TryGetValue<long>(out var l):
                        return new JValue(l);
                    case JsonValueKind.Number when value.TryGetValue<int>(out var i):
                        return new JValue((long)i);
                    case JsonValueKind.Number when value.TryGetValue<double>(out var d) && double.IsFinite(d):
                        return new JValue(d);
                }
                break;
        }
        return Parse(node.ToJsonString());
    }

    private static JToken Parse(string json)
    {
        using var reader = new Newtonsoft.Json.JsonTextReader(new StringReader(json)) { DateParseHandling = Newtonsoft.Json.DateParseHandling.None };
        return JToken.ReadFrom(reader);
    }
}
