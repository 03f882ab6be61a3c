using System.Text.Json.Nodes;

namespace HelpBot.Cards;

/// <summary>
/// A tiny builder for Adaptive Card JSON (schema 1.5, what Teams renders). The AdaptiveCards object model is not
/// served here (docs/architecture.md, decision 3), so cards are System.Text.Json nodes; every card is checked by the official
/// JS library in the tests.
/// </summary>
public static class AdaptiveCard
{
    public const string ContentType = "application/vnd.microsoft.card.adaptive";
    public const string SchemaVersion = "1.5";

    public static JsonObject Create(params JsonNode?[] body) => new()
    {
        ["type"] = "AdaptiveCard",
        ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
        ["version"] = SchemaVersion,
        ["body"] = new JsonArray(body),
    };

    public static JsonObject WithActions(this JsonObject card, params JsonNode?[] actions)
    {
        card["actions"] = new JsonArray(actions);
        return card;
    }

    public static JsonObject Text(string text, string? size = null, string? weight = null, bool wrap = true, bool subtle = false)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = wrap };
        if (size is not null)
        {
            block["size"] = size;
        }

        if (weight is not null)
        {
            block["weight"] = weight;
        }

        if (subtle)
        {
            block["isSubtle"] = true;
        }

        return block;
    }

    public static JsonObject Heading(string text) => Text(text, size: "Medium", weight: "Bolder");

    /// <summary>
    /// An unordered list in one block ("- " markdown items): every list of things to do in any order (the devices to
    /// update) looks the same wherever it appears. One block, because separate blocks are separate paragraphs.
    /// </summary>
    public static JsonObject BulletList(IEnumerable<string> items) =>
        Text(string.Join("\n", items.Select(i => $"- {i}")));

    /// <summary>
    /// Facts as title–value rows: each row a title sized to its text and kept on one line, and the value, which wraps,
    /// in the rest. Not a FactSet: Web Chat lays a FactSet out as a table whose title column shrinks with the value's
    /// length, so "Valid for" broke into "Valid" / "for" even at desktop width.
    /// </summary>
    public static JsonObject Facts(params (string Title, string Value)[] facts) => new()
    {
        ["type"] = "Container",
        ["items"] = new JsonArray(facts.Select((f, i) => (JsonNode)new JsonObject
        {
            ["type"] = "ColumnSet",
            ["spacing"] = i == 0 ? "Default" : "Small",
            ["columns"] = new JsonArray(
                new JsonObject { ["type"] = "Column", ["width"] = "auto", ["items"] = new JsonArray(Text(f.Title, weight: "Bolder", wrap: false)) },
                new JsonObject { ["type"] = "Column", ["width"] = "stretch", ["items"] = new JsonArray(Text(f.Value)) }),
        }).ToArray()),
    };

    /// <summary>An Action.Submit whose data carries an <c>action</c> verb and, for Teams, an <c>msteams.messageBack</c>-free plain payload.</summary>
    public static JsonObject Submit(string title, JsonObject data) => new()
    {
        ["type"] = "Action.Submit",
        ["title"] = title,
        ["data"] = data,
    };

    /// <summary>
    /// An Action.Execute (Universal Actions, schema 1.4+): Teams sends it as an <c>adaptiveCard/action</c> invoke and
    /// shows the card the bot answers with in place of this one, for everyone who sees it.
    /// </summary>
    public static JsonObject Execute(string title, string verb, JsonObject data) => new()
    {
        ["type"] = "Action.Execute",
        ["title"] = title,
        ["verb"] = verb,
        ["data"] = data,
    };

    public static JsonObject OpenUrl(string title, string url) => new()
    {
        ["type"] = "Action.OpenUrl",
        ["title"] = title,
        ["url"] = url,
    };
}
