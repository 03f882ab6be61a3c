using System.Text.RegularExpressions;

namespace HelpBot.EndToEnd.Tests.WebChat;

/// <summary>
/// What the browser tests expect the bot to say, in one place. The tests mostly check that a new bot message appears
/// after the user's; these patterns are the text checks on top, so when the dialogs change what HelpBot answers,
/// only this file changes. Patterns are loose: Web Chat's markdown curls quotes and apostrophes.
/// </summary>
internal static partial class BotSays
{
    /// <summary>The welcome Adaptive Card (cards/WelcomeCard.cs) sent when the conversation starts.</summary>
    public static Regex Greeting { get; } = GreetingPattern();

    /// <summary>A welcome-card button the tests click (HelpBotHandler.WelcomeOffers).</summary>
    public const string WelcomeButton = "Unlock my account";

    /// <summary>The answer to a typed message. Today the bot echoes it.</summary>
    public static Regex ReplyTo(string userText) => new($"You said: {Regex.Escape(userText)}");

    /// <summary>The answer to clicking <see cref="WelcomeButton"/>. Today the bot echoes the (empty) text of the card submit.</summary>
    public static Regex ReplyToWelcomeButton { get; } = ReplyToWelcomeButtonPattern();

    [GeneratedRegex(@"Hi, I.m HelpBot")]
    private static partial Regex GreetingPattern();

    [GeneratedRegex(@"You said:")]
    private static partial Regex ReplyToWelcomeButtonPattern();
}
