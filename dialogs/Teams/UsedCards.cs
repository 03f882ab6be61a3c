using System.Text.Json.Nodes;
using HelpBot.Cards;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.Teams;

/// <summary>
/// What a HelpBot card looks like once one of its buttons was used: the same card without buttons, saying what was
/// picked. Teams shows it in place of the old one, so a stale button cannot be pressed again.
/// </summary>
public static class UsedCards
{
    /// <summary>The used form of the card whose button sent <paramref name="data"/>; null for data no HelpBot card sends.</summary>
    public static JsonObject? For(JObject? data)
    {
        if (data is null || (string?)data["action"] != WelcomeCard.Payload.ActionName)
        {
            return null;
        }
        if ((string?)data["card"] == PasswordExpiryReminderCard.Name)
        {
            return PasswordExpiryReminderCard.Used();
        }
        var picked = MainTexts.WelcomeOffers.FirstOrDefault(o => o.Utterance == (string?)data["utterance"]);
        return WelcomeCard.Used(picked?.Title);
    }
}
