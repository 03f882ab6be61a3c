using System.Globalization;
using System.Text.Json.Nodes;

namespace HelpBot.Cards;

/// <summary>
/// The proactive Teams reminder that a password expires soon. Its button is an Action.Execute (Teams answers it with an
/// <c>adaptiveCard/action</c> invoke, and the card is replaced by <see cref="Used"/>, so it cannot be pressed twice); its
/// data is the welcome-card payload with the words "I want to change my password", so MainDialog starts the
/// change-password flow as if the user had typed them (a client that sends it as a plain submit gets the same).
/// </summary>
public static class PasswordExpiryReminderCard
{
    public const string ButtonTitle = "Change it now";
    public const string Utterance = "I want to change my password";

    /// <summary>The <c>card</c> field of the button's data: which card to show once the button was used.</summary>
    public const string Name = "passwordExpiryReminder";

    /// <param name="expiresOn">The expiry day, in the help desk's time zone.</param>
    /// <param name="days">Whole days until expiry (at least 1).</param>
    public static JsonObject Build(DateOnly expiresOn, int days) =>
        AdaptiveCard.Create(
                AdaptiveCard.Heading("Password expiring soon"),
                AdaptiveCard.Text(Text(expiresOn, days)))
            .WithActions(AdaptiveCard.Execute(ButtonTitle, WelcomeCard.Payload.ActionName, new JsonObject
            {
                ["action"] = WelcomeCard.Payload.ActionName,
                ["utterance"] = Utterance,
                ["card"] = Name,
            }));

    /// <summary>The card once "Change it now" was pressed: no button, and what happens next.</summary>
    public static JsonObject Used() =>
        AdaptiveCard.Create(
            AdaptiveCard.Heading("Password expiring soon"),
            AdaptiveCard.Text("You chose to change your password now. Let's continue in this chat.", weight: "Bolder"));

    public static string Text(DateOnly expiresOn, int days) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Your eCommons password expires on {expiresOn:dddd, MMMM d} ({days} day{(days == 1 ? "" : "s")}). Change it now to avoid being locked out.");
}
