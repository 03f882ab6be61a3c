using System.Globalization;
using System.Text;
using Microsoft.Bot.Builder;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using JsonSerializer = Newtonsoft.Json.JsonSerializer;

namespace HelpBot.Bot.Storage;

/// <summary>
/// How a bot state value becomes a stored JSON document and back, the same for every engine (LiteDB, PostgreSQL): no
/// type names, the ETag kept beside the document (never in it), raw JSON members (<see cref="JRaw"/>) kept as text.
/// See <see cref="LiteDbStorage"/>'s remarks for the shape read back and the ETag rules.
/// </summary>
internal static class StateDocument
{
    /// <summary>The member that carries the ETag in values read and written (MemoryStorage's name).</summary>
    public const string ETagKey = "eTag";

    /// <summary>The first member of a state document whose other members include raw JSON text: their names.</summary>
    public const string RawMembersKey = "$raw";

    private const string PocoETagKey = "ETag";
    private const string RawMembersPrefix = "{\"" + RawMembersKey + "\":";

    private static readonly JsonSerializer Serializer = JsonSerializer.Create(new JsonSerializerSettings
    {
        TypeNameHandling = TypeNameHandling.None,
        // "$type", "$id" and "$ref" in stored data are plain members, never instructions.
        MetadataPropertyHandling = MetadataPropertyHandling.Ignore,
        ReferenceLoopHandling = ReferenceLoopHandling.Error,
        DateParseHandling = DateParseHandling.None,
        // As BotState and MemoryStorage: dialog state can nest deeper than Newtonsoft's default of 64.
        MaxDepth = null,
    });

    public static string Serialize(string key, object value)
    {
        var json = Serialize(key, value, StringEscapeHandling.Default);
        // LiteDB stores text as strict UTF-8 and throws on a lone surrogate (a channel can send one as "\ud800"), which
        // would break every later turn of that conversation. Escaped, the write succeeds (Newtonsoft reads the escape
        // back as U+FFFD). Only this rare case pays for the second pass.
        return IsWellFormedUtf16(json) ? json : Serialize(key, value, StringEscapeHandling.EscapeNonAscii);
    }

    private static string Serialize(string key, object value, StringEscapeHandling escaping)
    {
        var builder = new StringBuilder(256);
        using (var writer = new JsonTextWriter(new StringWriter(builder, CultureInfo.InvariantCulture)) { StringEscapeHandling = escaping })
        {
            switch (value)
            {
                case IStoreItem:
                    Serializer.Serialize(writer, value);
                    break;
                case IDictionary<string, object> dictionary:
                    // BotState's dictionary, written member by member so the stale eTag it carries is left out.
                    writer.WriteStartObject();
                    // Members given as raw JSON text (JRaw, our dialog stack and handoff memory) are named first, so a
                    // read hands them back as text without parsing them (see Deserialize).
                    var raw = dictionary.Where(m => m.Value is JRaw && !IsETagName(m.Key)).Select(m => m.Key).ToList();
                    if (raw.Count > 0)
                    {
                        writer.WritePropertyName(RawMembersKey);
                        Serializer.Serialize(writer, raw);
                    }
                    foreach (var (name, member) in dictionary)
                    {
                        if (!IsETagName(name))
                        {
                            writer.WritePropertyName(name);
                            Serializer.Serialize(writer, member);
                        }
                    }
                    writer.WriteEndObject();
                    break;
                case JObject jObject:
                    writer.WriteStartObject();
                    foreach (var property in jObject.Properties())
                    {
                        if (!IsETagName(property.Name))
                        {
                            property.WriteTo(writer);
                        }
                    }
                    writer.WriteEndObject();
                    break;
                default:
                    Serializer.Serialize(writer, value);
                    break;
            }
        }
        if (builder.Length == 0 || builder[0] != '{')
        {
            throw new ArgumentException(
                $"The value for storage key '{key}' is a {value.GetType().Name}, which is not written as a JSON object; storage values must be objects (a dictionary, a JObject or a class).",
                nameof(value));
        }
        return builder.ToString();
    }

    public static Dictionary<string, object> Deserialize(string json)
    {
        if (json.StartsWith(RawMembersPrefix, StringComparison.Ordinal) && DeserializeWithRawMembers(json) is { } fast)
        {
            return fast;
        }
        using var reader = new JsonTextReader(new StringReader(json));
        var value = Serializer.Deserialize<Dictionary<string, object>>(reader)
            ?? throw new InvalidDataException("A stored bot state document holds JSON null instead of an object.");
        // A POCO's own ETag property was serialized with the stale value; the stored ETag replaces it.
        value.Remove(PocoETagKey);
        value.Remove(RawMembersKey);
        return value;
    }

    /// <summary>
    /// A document that names raw members (<see cref="RawMembersKey"/>): those come back as <see cref="JRaw"/> holding
    /// their JSON text, as they were written, unparsed (BotState's hash and the next write copy it as it is); every
    /// other member is read by Newtonsoft exactly as <see cref="Deserialize"/> reads it. Null when the text is one
    /// System.Text.Json will not split (e.g. a lone surrogate in a member name): then the plain path reads it all.
    /// </summary>
    private static Dictionary<string, object>? DeserializeWithRawMembers(string json)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(json, new System.Text.Json.JsonDocumentOptions { MaxDepth = 10_000 });
            var members = document.RootElement.EnumerateObject();
            if (!members.MoveNext() || !members.Current.NameEquals(RawMembersKey) || members.Current.Value.ValueKind != System.Text.Json.JsonValueKind.Array)
            {
                return null;
            }
            var raw = members.Current.Value.EnumerateArray().Select(e => e.GetString()).ToHashSet(StringComparer.Ordinal);
            var value = new Dictionary<string, object>(StringComparer.Ordinal);
            while (members.MoveNext())
            {
                var member = members.Current;
                var name = member.Name;
                if (string.Equals(name, PocoETagKey, StringComparison.Ordinal))
                {
                    continue;
                }
                var text = member.Value.GetRawText();
                value[name] = raw.Contains(name) ? new JRaw(text) : ReadMember(text);
            }
            return value;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private static object ReadMember(string json)
    {
        using var reader = new JsonTextReader(new StringReader(json));
        return Serializer.Deserialize<object>(reader)!;
    }

    public static string? IncomingETag(object value) => value switch
    {
        IStoreItem item => item.ETag,
        IDictionary<string, object> dictionary => dictionary.TryGetValue(ETagKey, out var etag) || dictionary.TryGetValue(PocoETagKey, out etag)
            ? AsETag(etag)
            : null,
        JObject jObject => AsETag(jObject[ETagKey] ?? jObject[PocoETagKey]),
        _ => null,
    };

    private static string? AsETag(object? etag) => etag switch
    {
        null => null,
        string text => text,
        JValue { Value: var inner } => Convert.ToString(inner, CultureInfo.InvariantCulture),
        _ => Convert.ToString(etag, CultureInfo.InvariantCulture),
    };

    public static void PutETag(object value, string etag)
    {
        switch (value)
        {
            case IStoreItem item:
                item.ETag = etag;
                break;
            case IDictionary<string, object> { IsReadOnly: false } dictionary:
                dictionary.Remove(PocoETagKey);
                dictionary[ETagKey] = etag;
                break;
            case JObject jObject:
                jObject.Remove(PocoETagKey);
                jObject[ETagKey] = etag;
                break;
        }
    }

    private static bool IsETagName(string name) =>
        string.Equals(name, ETagKey, StringComparison.Ordinal) || string.Equals(name, PocoETagKey, StringComparison.Ordinal);

    public static string NewETag() => Guid.NewGuid().ToString("N");

    public static bool IsWellFormedUtf16(string text)
    {
        var span = text.AsSpan();
        if (!span.ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return true;
        }
        for (var i = 0; i < span.Length; i++)
        {
            if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(span[i]))
            {
                return false;
            }
        }
        return true;
    }

}
