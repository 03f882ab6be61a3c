using System.Globalization;
using System.Text.Json.Nodes;

namespace HelpBot.Cards;

/// <summary>
/// The proactive Teams reminder that a password expires soon. Its button sends the welcome-card payload with the words
/// "I want to change my password", so MainDialog starts the change-password flow as if the user had typed them.
/// </summary>
public static class PasswordExpiryReminderCard
{
    public const string ButtonTitle = "Change it now";
    public const string Utterance = "I want to change my password";

    /// <param name="expiresOn">The expiry day, in the help desk's time zone.</param>
    /// <param name="days">Whole days until expiry (at least 1).</param>
    public static JsonObject Build(DateOnly expiresOn, int days) =>
        AdaptiveCard.Create(
                AdaptiveCard.Heading("Password expiring soon"),
                AdaptiveCard.Text(Text(expiresOn, days)))
            .WithActions(AdaptiveCard.Submit(ButtonTitle, new JsonObject
            {
                ["action"] = WelcomeCard.Payload.ActionName,
                ["utterance"] = Utterance,
            }));

    public static string Text(DateOnly expiresOn, int days) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Your eCommons password expires on {expiresOn:dddd, MMMM d} ({days} day{(days == 1 ? "" : "s")}). Change it now to avoid being locked out.");
}
