using System.Text.Json.Nodes;

namespace HelpBot.Cards;

/// <summary>The first thing a new user sees: what HelpBot can do, as buttons. Only what works is offered.</summary>
public static class WelcomeCard
{
    /// <summary>One thing HelpBot can do: the button's title and the words it sends as if the user typed them.</summary>
    public sealed record Offer(string Title, string Utterance);

    /// <summary>The submit payload of a welcome button.</summary>
    public sealed record Payload(string Action, string Utterance)
    {
        public const string ActionName = "welcome.offer";
    }

    public static JsonObject Build(IReadOnlyList<Offer> offers) =>
        Body()
            .WithActions(offers.Select(o => (JsonNode)AdaptiveCard.Submit(o.Title, new JsonObject
            {
                [Camel(nameof(Payload.Action))] = Payload.ActionName,
                [Camel(nameof(Payload.Utterance))] = o.Utterance,
            })).ToArray());

    /// <summary>
    /// The card after one of its buttons was used (Teams updates the sent card in place): the same words, no buttons,
    /// and what was picked, so an old card cannot be used again.
    /// </summary>
    public static JsonObject Used(string? pickedTitle)
    {
        var card = Body();
        if (pickedTitle is not null)
        {
            card["body"]!.AsArray().Add(AdaptiveCard.Text($"You picked: {pickedTitle}", weight: "Bolder"));
        }
        return card;
    }

    private static JsonObject Body() =>
        AdaptiveCard.Create(
            AdaptiveCard.Heading("Hi, I'm HelpBot from HMS IT Accounts & Access."),
            AdaptiveCard.Text("I can help you with your eCommons account right here in the chat. Pick one, or just tell me what you need in your own words."),
            AdaptiveCard.Text("You can type \"help\" at any time, or ask for a person. The HMS IT Service Desk is at 617-432-2000.", subtle: true));

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
