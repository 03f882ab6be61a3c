using System.Text.Json.Nodes;

namespace HelpBot.Cards;

/// <summary>
/// A tiny builder for Adaptive Card JSON (schema 1.5, what Teams renders). The AdaptiveCards object model is not
/// served here (ARCHITECTURE.md decision 3), so cards are System.Text.Json nodes; every card is checked by the official
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
        if (size is not null) block["size"] = size;
        if (weight is not null) block["weight"] = weight;
        if (subtle) block["isSubtle"] = true;
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
    /// Facts as title–value rows. A title's spaces are non-breaking: a narrow chat (a phone, the widget) shrinks the
    /// title column, and "Valid for" broke into "Valid" / "for"; the value still wraps.
    /// </summary>
    public static JsonObject FactSet(params (string Title, string Value)[] facts) => new()
    {
        ["type"] = "FactSet",
        ["facts"] = new JsonArray(facts.Select(f => (JsonNode)new JsonObject { ["title"] = NoBreak(f.Title), ["value"] = f.Value }).ToArray()),
    };

    /// <summary>The text with non-breaking spaces, so it stays on one line.</summary>
    public static string NoBreak(string text) => text.Replace(' ', '\u00A0');

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
