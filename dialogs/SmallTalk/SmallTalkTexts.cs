namespace HelpBot.Dialogs.SmallTalk;

/// <summary>One short, warm line for each kind of small talk: never the fallback, never the welcome card again.</summary>
public static class SmallTalkTexts
{
    public const string Thanks = "You're welcome! Is there anything else I can help you with?";

    public const string Goodbye = "Goodbye, and take care! I'm here any time you need help with your account.";

    public const string Hello = "Hi again! What can I help you with? Tell me in your own words, like \"I'm locked out\", or pick an option above.";

    public const string Acknowledged = "Great! Is there anything else I can help you with?";

    public const string AskedIfBot =
        "Yes, I'm HelpBot, an automated assistant from HMS IT. A person is one message away: say \"talk to a person\" and I'll bring in someone from the Service Desk, or call 617-432-2000.";

    public const string Frustrated =
        "I'm sorry, that sounds frustrating. Tell me what's happening and I'll do my best to sort it out, or a person at the HMS IT Service Desk can take over: say \"talk to a person\", or call 617-432-2000.";

    public static string For(SmallTalkKind kind) => kind switch
    {
        SmallTalkKind.Thanks => Thanks,
        SmallTalkKind.Goodbye => Goodbye,
        SmallTalkKind.Hello => Hello,
        SmallTalkKind.Acknowledged => Acknowledged,
        SmallTalkKind.AskedIfBot => AskedIfBot,
        _ => Frustrated,
    };
}
