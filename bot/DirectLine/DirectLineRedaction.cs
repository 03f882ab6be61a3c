using System.Text.Json.Nodes;
using HelpBot.Dialogs.Messaging;

namespace HelpBot.Bot.DirectLine;

/// <summary>
/// A Web Chat activity as the history keeps it (S-rules on secrets at rest): the user's SafeCodes, typed passwords,
/// Harvard IDs and SSNs in bullets, and the guest keys and reset links HelpBot sent. The stored history and the history
/// a reloaded page reads are both this.
/// </summary>
internal static class DirectLineRedaction
{
    public static string ForHistory(string activityJson) =>
        TranscriptRedaction.RedactResetLinks(TranscriptRedaction.RedactGuestKeys(RedactUserText(activityJson)));

    /// <summary>The user's own words are kept, but not the secrets they typed.</summary>
    internal static string RedactUserText(string activityJson)
    {
        if (JsonNode.Parse(activityJson) is not JsonObject activity
            || (string?)activity["from"]?["role"] != "user"
            || activity["text"] is not JsonValue text
            || !text.TryGetValue<string>(out var said))
        {
            return activityJson;
        }
        var redacted = TranscriptRedaction.Redact(said);
        if (redacted == said)
        {
            return activityJson;
        }
        activity["text"] = redacted;
        return activity.ToJsonString();
    }
}
