using System.Globalization;
using System.Text.Json.Nodes;

namespace HelpBot.Cards;

/// <summary>
/// The one question after a person resolved an escalation: how satisfied was the user, 1 to 5. Each button submits the
/// ticket and the score; a typed "4" is accepted too (some channels render no buttons).
/// </summary>
public static class SatisfactionSurveyCard
{
    public const string Question = "How satisfied are you with the help you got today?";

    /// <summary>The submit payload of a survey button.</summary>
    public sealed record Payload(string Action, string Ticket, int Score)
    {
        public const string ActionName = "handoff.survey";
    }

    /// <summary>Button titles, index 0 = score 1.</summary>
    public static readonly IReadOnlyList<string> Titles = ["1 · Very unsatisfied", "2", "3", "4", "5 · Very satisfied"];

    public static JsonObject Build(string ticket) =>
        AdaptiveCard.Create(
                AdaptiveCard.Heading("One quick question"),
                AdaptiveCard.Text(Question),
                AdaptiveCard.Text("Pick a number from 1 (very unsatisfied) to 5 (very satisfied), or type it.", subtle: true))
            .WithActions(Enumerable.Range(1, 5).Select(score => (JsonNode)AdaptiveCard.Submit(Titles[score - 1], new JsonObject
            {
                [Camel(nameof(Payload.Action))] = Payload.ActionName,
                [Camel(nameof(Payload.Ticket))] = ticket,
                [Camel(nameof(Payload.Score))] = score,
            })).ToArray());

    public static string ScoreText(int score) => score.ToString(CultureInfo.InvariantCulture);

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
