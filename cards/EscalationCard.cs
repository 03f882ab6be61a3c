using System.Text.Json.Nodes;

namespace HelpBot.Cards;

/// <summary>
/// An escalation as the service desk sees it in its Teams channel: ticket, state, context and the redacted transcript.
/// Posted once per ticket and updated in place as it moves (waiting → taken by … → resolved). While nobody has it,
/// "Take it" (an Action.Execute) claims it; the agent then answers in the card's thread.
/// </summary>
public static class EscalationCard
{
    public const string TakeVerb = "helpbot.desk.take";
    public const string TakeTitle = "Take it";

    /// <summary>What the card shows. Every text is already redacted (docs/security.md, H2).</summary>
    public sealed record View
    {
        public required string Ticket { get; init; }

        /// <summary>"Waiting", "Taken by Ana Lopez", "Resolved by Ana Lopez" …</summary>
        public required string State { get; init; }

        public required bool CanBeTaken { get; init; }

        public required string Reason { get; init; }

        public required string Account { get; init; }

        public required string Verified { get; init; }

        public required string Channel { get; init; }

        public required string Since { get; init; }

        public string? CallbackNumber { get; init; }

        public IReadOnlyList<(string From, string Text)> Transcript { get; init; } = [];

        /// <summary>A line for whoever pressed "Take it" and lost, or is taking it now.</summary>
        public string? Notice { get; init; }
    }

    /// <summary>The submit data of "Take it".</summary>
    public sealed record TakePayload(string Ticket);

    public static JsonObject Build(View view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var facts = new List<(string, string)>
        {
            ("Reason", view.Reason),
            ("Account", view.Account),
            ("Verified", view.Verified),
            ("Channel", view.Channel),
            ("Since", view.Since),
        };
        if (view.CallbackNumber is { } number)
        {
            facts.Add(("Call back", number));
        }
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading($"{view.Ticket} · {view.State}"),
            AdaptiveCard.Facts([.. facts]),
        };
        if (view.Transcript.Count > 0)
        {
            body.Add(AdaptiveCard.Text("Conversation so far", weight: "Bolder"));
            body.AddRange(view.Transcript.Select(l => (JsonNode)AdaptiveCard.Text($"{l.From}: {l.Text}", subtle: true)));
        }
        body.Add(AdaptiveCard.Text(view.CanBeTaken
            ? "Take it, then reply in this thread (mention HelpBot) to write to the user."
            : "Replies in this thread (mention HelpBot) from the agent who has it reach the user."));
        if (view.Notice is { } notice)
        {
            body.Add(AdaptiveCard.Text(notice, weight: "Bolder"));
        }
        var card = AdaptiveCard.Create([.. body]);
        if (view.CanBeTaken)
        {
            card.WithActions(AdaptiveCard.Execute(TakeTitle, TakeVerb, new JsonObject { ["ticket"] = view.Ticket }));
        }
        return card;
    }
}
