using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.Handoff;

/// <summary>
/// An agent's words as the user sees them, so a person is never mistaken for the bot. In Web Chat the message carries
/// the agent's name and initials (<see cref="ChannelDataKey"/> in channelData; the built-in Direct Line sends it from
/// the agent, and the page shows their name and their own avatar). Teams always shows a bot's own name and picture on
/// its messages, so there the agent's name is the message's first line, in bold.
/// </summary>
public static partial class AgentMessage
{
    /// <summary>channelData.helpbotAgent = { name, initials } on every message an agent wrote.</summary>
    public const string ChannelDataKey = "helpbotAgent";

    public static IMessageActivity Create(string? channelId, string agentName, string text)
    {
        text = WithoutImages(text);
        if (string.Equals(channelId, Channels.Msteams, StringComparison.OrdinalIgnoreCase))
        {
            return MessageFactory.Text($"**{agentName}** · {HandoffTexts.DeskName}\n\n{text}");
        }
        var message = MessageFactory.Text(text);
        message.ChannelData = new JObject
        {
            [ChannelDataKey] = new JObject { ["name"] = agentName, ["initials"] = Initials(agentName) },
        };
        return message;
    }

    /// <summary>The agent on a message <see cref="Create"/> made for Web Chat, or null for the bot's own messages.</summary>
    public static (string Name, string Initials)? AgentOf(IActivity activity) =>
        activity?.ChannelData is JObject data && data[ChannelDataKey] is JObject agent
            && agent.Value<string>("name") is { Length: > 0 } name
            ? (name, agent.Value<string>("initials") ?? Initials(name))
            : null;

    /// <summary>
    /// Issue 15, finding 8: an image in an agent's Markdown (<c>![alt](url)</c>) would be fetched by the user's chat from
    /// wherever it points (the widget on another site, Teams), telling that server who read the message and when. It
    /// becomes a link the person may open or not; any other image syntax is shown as text.
    /// </summary>
    public static string WithoutImages(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains("![", StringComparison.Ordinal)
            ? InlineImage().Replace(text, "[$1]($2)").Replace("![", "!\\[", StringComparison.Ordinal)
            : text;
    }

    [GeneratedRegex(@"!\[([^\]\n]*)\]\(([^)\n]*)\)")]
    private static partial Regex InlineImage();

    /// <summary>"Dana Demo (demo agent)" → "DD": the first letters of the first two words of the name.</summary>
    public static string Initials(string name)
    {
        var letters = name.Split([' ', '-', '.'], StringSplitOptions.RemoveEmptyEntries)
            .Where(word => char.IsLetter(word[0]))
            .Take(2)
            .Select(word => char.ToUpper(word[0], CultureInfo.InvariantCulture));
        var initials = string.Concat(letters);
        return initials.Length > 0 ? initials : "SD";
    }
}
