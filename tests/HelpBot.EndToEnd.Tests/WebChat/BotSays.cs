using System.Text.RegularExpressions;

namespace HelpBot.EndToEnd.Tests.WebChat;

/// <summary>
/// What the browser tests say and what they expect the bot to answer, in one place. Patterns are loose: Web Chat's
/// markdown curls quotes and apostrophes.
/// </summary>
internal static partial class BotSays
{
    /// <summary>The welcome Adaptive Card (cards/WelcomeCard.cs) sent when the conversation starts.</summary>
    public static Regex Greeting { get; } = GreetingPattern();

    /// <summary>A welcome-card button the tests click (MainTexts.WelcomeOffers).</summary>
    public const string WelcomeButton = "Unlock my account";

    /// <summary>The answer to clicking <see cref="WelcomeButton"/>: the unlock flow asks which account.</summary>
    public static Regex ReplyToWelcomeButton { get; } = AskIdentifierPattern();

    /// <summary>Questions with one clear answer each, and the answer's pattern.</summary>
    public const string SafeCodeQuestion = "what is a safecode";

    public const string RegistrationQuestion = "how do I register for eCommons?";

    public const string ContactQuestion = "who do I contact about my harvard id";

    public static Regex ReplyTo(string question) => question switch
    {
        SafeCodeQuestion => SafeCodeAnswer(),
        RegistrationQuestion => RegistrationAnswer(),
        ContactQuestion => ContactAnswer(),
        _ => throw new ArgumentOutOfRangeException(nameof(question), question, "Add the expected answer to BotSays."),
    };

    [GeneratedRegex(@"Hi, I.m HelpBot")]
    private static partial Regex GreetingPattern();

    [GeneratedRegex(@"What.s your eCommons username or email address")]
    private static partial Regex AskIdentifierPattern();

    [GeneratedRegex(@"What is SafeCode")]
    private static partial Regex SafeCodeAnswer();

    [GeneratedRegex(@"Registering for eCommons or MyCourses")]
    private static partial Regex RegistrationAnswer();

    [GeneratedRegex(@"Which school are you part of")]
    private static partial Regex ContactAnswer();
}
