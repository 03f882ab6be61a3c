using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.State;

/// <summary>
/// How our own conversation-state properties (the dialog stack, the handoff memory) are handed to the SDK's
/// <c>ConversationState</c>: as JSON text wrapped in a Newtonsoft <see cref="JRaw"/>, written by System.Text.Json. The
/// SDK hashes the whole state twice a turn (to see whether it changed) and the storage writes it once more; a
/// <see cref="JRaw"/> is copied as it is by all three, where an object graph was walked and escaped each time (in the
/// load benchmark's profile, Newtonsoft was among the largest costs of a turn). The stored document stays plain, readable JSON.
/// </summary>
public static class StoredJson
{
    /// <summary>
    /// The JSON text of a stored property value, whatever the storage made of it: <see cref="JRaw"/> (our LiteDB
    /// storage, or this turn's own value), a token (MemoryStorage, older state), text, or null when there is none.
    /// </summary>
    public static string? TextOf(object? stored) => stored switch
    {
        null => null,
        JRaw { Value: string raw } => raw,
        JValue { Type: JTokenType.String, Value: string text } => text,
        JValue { Type: JTokenType.Null or JTokenType.Undefined } => null,
        JToken token => token.ToString(Formatting.None),
        string text => text,
        _ => JsonConvert.SerializeObject(stored),
    };

    /// <summary>What to store: the text as it is.</summary>
    public static JRaw ToStored(string json) => new(json);
}
