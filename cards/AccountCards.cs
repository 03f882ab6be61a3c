using System.Text.Json.Nodes;

namespace HelpBot.Cards;

/// <summary>The outcome card of an unlock: done, and the devices to update so it doesn't lock again.</summary>
public static class UnlockedCard
{
    /// <param name="placesToUpdate">The device checklist, as a bulleted list like the checklist's own card.</param>
    /// <param name="moreHelp">Links after "Open eCommons" (the Mobile Computing page).</param>
    public static JsonObject Build(string username, IReadOnlyList<string> placesToUpdate, string why, IReadOnlyList<KnowledgeCard.Link>? moreHelp = null) =>
        AdaptiveCard.Create(
            AdaptiveCard.Heading("Your account is unlocked"),
            AdaptiveCard.Text($"{username} can log in again now. You can go to eCommons and click Login Now."),
            AdaptiveCard.Text(why),
            AdaptiveCard.BulletList(placesToUpdate),
            AdaptiveCard.Text("Forgot the password itself? Say \"reset my password\". Questions? Call the HMS IT Service Desk at 617-432-2000.", subtle: true))
        .WithActions([AdaptiveCard.OpenUrl("Open eCommons", "http://ecommons.med.harvard.edu"), .. (moreHelp ?? []).Select(l => (JsonNode)AdaptiveCard.OpenUrl(l.Title, l.Url))]);
}

/// <summary>The one-time link to set a new password (R4: the password is never typed into the chat).</summary>
public static class ResetLinkCard
{
    public static JsonObject Build(string username, Uri link, int minutesValid) =>
        AdaptiveCard.Create(
            AdaptiveCard.Heading("Set your new password"),
            AdaptiveCard.Text($"Open this secure page to choose a new password for {username}. The link works once, for {minutesValid} minutes, and only for you."),
            AdaptiveCard.Text("Use at least 8 characters; a longer passphrase (15 or more) is stronger and easier to remember. If your account is locked, setting the new password unlocks it too.", subtle: true),
            AdaptiveCard.Text("Please don't type a password into this chat.", subtle: true))
        .WithActions(AdaptiveCard.OpenUrl("Set my new password", link.ToString()));
}
