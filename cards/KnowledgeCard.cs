using System.Globalization;
using System.Text.Json.Nodes;

namespace HelpBot.Cards;

/// <summary>
/// A concise answer from the knowledge file: a title, a sentence or two, numbered steps (in order) or a bulleted list
/// of items (in any order, such as the devices to update), facts, and links.
/// </summary>
public static class KnowledgeCard
{
    public sealed record Fact(string Title, string Value);

    public sealed record Link(string Title, string Url);

    public sealed record Content(string Title, string Text, IReadOnlyList<Fact> Facts, IReadOnlyList<string> Steps, IReadOnlyList<Link> Links, string? Note = null,
        IReadOnlyList<string>? Items = null);

    public static JsonObject Build(Content answer)
    {
        var body = new List<JsonNode?> { AdaptiveCard.Heading(answer.Title), AdaptiveCard.Text(answer.Text) };
        if (answer.Steps.Count > 0)
        {
            // One block holding the whole numbered list: as separate blocks, markdown renderers (Web Chat) restart
            // every item at "1.".
            body.Add(AdaptiveCard.Text(string.Join("\n", answer.Steps.Select((step, i) => $"{(i + 1).ToString(CultureInfo.InvariantCulture)}. {step}"))));
        }
        if (answer.Items is { Count: > 0 } items)
        {
            body.Add(AdaptiveCard.BulletList(items));
        }
        if (answer.Facts.Count > 0)
        {
            body.Add(AdaptiveCard.Facts(answer.Facts.Select(f => (f.Title, f.Value)).ToArray()));
        }
        if (!string.IsNullOrWhiteSpace(answer.Note))
        {
            body.Add(AdaptiveCard.Text(answer.Note, subtle: true));
        }
        var card = AdaptiveCard.Create([.. body]);
        return answer.Links.Count == 0 ? card : card.WithActions(answer.Links.Select(l => (JsonNode)AdaptiveCard.OpenUrl(l.Title, l.Url)).ToArray());
    }

    /// <summary>The same answer as plain text, for channels or screen readers that don't show cards.</summary>
    public static string ToText(Content answer)
    {
        var lines = new List<string> { answer.Title, answer.Text };
        lines.AddRange(answer.Steps.Select((s, i) => $"{i + 1}. {s}"));
        lines.AddRange((answer.Items ?? []).Select(i => $"- {i}"));
        lines.AddRange(answer.Facts.Select(f => $"{f.Title}: {f.Value}"));
        if (!string.IsNullOrWhiteSpace(answer.Note))
        {
            lines.Add(answer.Note);
        }

        return string.Join("\n", lines);
    }
}
