using HelpBot.Bot.AgentConsole;
using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.Messaging;

namespace HelpBot.Bot.Tests.AgentConsole;

/// <summary>What reaches an agent's screen: codes and HUIDs bulleted (H2), the desk's own phone numbers readable.</summary>
public sealed class WhatAgentsReadTests
{
    [Theory]
    [InlineData("the code is 482913", "the code is ••••••")]
    [InlineData("482 913 please", "•••••• please")]
    [InlineData("code 482-913", "code ••••••")]
    [InlineData("my HUID is 12345678", "my HUID is ••••••••")]
    [InlineData("Call the Service Desk at 617-432-2000.", "Call the Service Desk at 617-432-2000.")]
    [InlineData("Registrar 617-432-1515 or HUIT 617.496.9001", "Registrar 617-432-1515 or HUIT 617.496.9001")]
    [InlineData("codes 123456 and 654321", "codes •••••• and ••••••")]
    public void CodesAreBulletedAndPhoneNumbersAreNot_H2(string said, string shown)
    {
        Assert.Equal(shown, TranscriptRedaction.Redact(said));
        Assert.Equal(shown, LineView.Of(new TranscriptLine(TranscriptFrom.User, said, DateTimeOffset.UnixEpoch)).Text);
    }

    [Theory]
    [InlineData("04/12/1985", "••/••/••••")]
    [InlineData("born 4/12/1985.", "born ••/••/••••.")]
    [InlineData("1985-04-12", "••/••/••••")]
    [InlineData("12.04.1985 is my birthday", "••/••/•••• is my birthday")]
    [InlineData("April 12, 1985", "••/••/••••")]
    [InlineData("apr 12 1985", "••/••/••••")]
    [InlineData("12th April 1985", "••/••/••••")]
    [InlineData("my password expired on 11/27/2026", "my password expired on 11/27/2026")]
    [InlineData("access until December 31, 2026", "access until December 31, 2026")]
    [InlineData("version 1.2.1985.4", "version 1.2.1985.4")]
    [InlineData("in 1985 I joined", "in 1985 I joined")]
    public void ADateOfBirthIsBulleted_ExpiryDatesAndOtherNumbersAreNot(string said, string shown)
    {
        Assert.Equal(shown, TranscriptRedaction.Redact(said));
        Assert.Equal(shown, LineView.Of(new TranscriptLine(TranscriptFrom.User, said, DateTimeOffset.UnixEpoch)).Text);
    }
}
