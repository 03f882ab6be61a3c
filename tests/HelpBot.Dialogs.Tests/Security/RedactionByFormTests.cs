using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.Registration;
using HelpBot.Dialogs.SafeCode;

namespace HelpBot.Dialogs.Tests.Security;

/// <summary>
/// Issue 15, finding 2: redaction by form, not by format. Whatever way a code, a Harvard ID or an SSN is typed, if the
/// bot would read it, the stored history and the desk get bullets; a password made of common words is a password.
/// </summary>
public sealed class RedactionByFormTests
{
    [Theory]
    [InlineData("123456")]
    [InlineData("123 456")]
    [InlineData("1 2 3 4 5 6")]
    [InlineData("12-34-56")]
    [InlineData("12 34 56")]
    [InlineData("123\u2013456")]
    [InlineData("1\u00A02\u00A03\u00A04\u00A05\u00A06")]
    public void Finding2_EveryFormOfCodeTheSafeCodePromptAcceptsIsRedacted(string typed)
    {
        Assert.Equal(6, SafeCodeDialog.Digits(typed).Length);
        Assert.Equal(TranscriptRedaction.Code, TranscriptRedaction.Redact(typed));
        Assert.Equal($"my code is {TranscriptRedaction.Code} thanks", DeskRedaction.Redact($"my code is {typed} thanks"));
    }

    [Theory]
    [InlineData("70000001")]
    [InlineData("7000 0001")]
    [InlineData("7000-0001")]
    [InlineData("7000\u20140001")]
    public void Finding2_EveryFormOfHarvardIdTheRegistrationPromptAcceptsIsRedacted(string typed)
    {
        Assert.Equal("70000001", ECommonsRegistrationDialog.Digits(typed));
        Assert.Equal($"my HUID is {TranscriptRedaction.Huid}", TranscriptRedaction.Redact($"my HUID is {typed}"));
    }

    [Theory]
    [InlineData("078-05-1120")]
    [InlineData("078\u201305\u20131120")]
    [InlineData("078\u201405\u20141120")]
    [InlineData("078 05 1120")]
    public void Finding2_SocialSecurityNumbersWithAnyDashAreRefusedAndRedacted(string typed)
    {
        Assert.True(TranscriptRedaction.ContainsSocialSecurityNumber($"my SSN is {typed}"));
        Assert.True(ECommonsRegistrationDialog.OffersSocialSecurityNumber(typed));
        Assert.Equal($"it is {TranscriptRedaction.Ssn}", TranscriptRedaction.Redact($"it is {typed}"));
    }

    [Theory]
    [InlineData("my password is correct horse battery staple", "my password is ••••••••")]
    [InlineData("my password is correct horse battery staple, can you reset it?", "my password is •••••••• can you reset it?")]
    [InlineData("password: purple monkey dishwasher and it says locked", "password: •••••••• and it says locked")]
    [InlineData("my passphrase is seven blue apples", "my passphrase is ••••••••")]
    public void Finding2_PasswordsMadeOfCommonWordsAreRedacted(string typed, string kept)
    {
        Assert.Equal(kept, TranscriptRedaction.Redact(typed));
        Assert.Equal(kept, DeskRedaction.Redact(typed));
    }

    [Theory]
    [InlineData("my password is expired and I'm locked out")]
    [InlineData("my password is correct but it still fails")]
    [InlineData("my password is not working")]
    [InlineData("the code isn't right")]
    [InlineData("call the Service Desk at 617-432-2000")]
    [InlineData("it expired on 2026-03-04")]
    [InlineData("I have 2 accounts and 3 devices")]
    public void Finding2_OrdinaryWordsAndNumbersStay(string typed) => Assert.Equal(typed, TranscriptRedaction.Redact(typed));

    // Issue 13, class 12: what is left to understand when someone types their password with the request.
    [Theory]
    [InlineData("im locked out. user jsmith password Sunflower#2024", "im locked out. user jsmith")]
    [InlineData("my username is rbrown and my password is Tulip-Field-88 but it says expired", "my username is rbrown but it says expired")]
    [InlineData("my password is not working", "my password is not working")]
    public void ATypedPasswordAndItsAnnouncementAreLeftOutOfWhatIsUnderstood(string typed, string understood) =>
        Assert.Equal(understood, TranscriptRedaction.WithoutTypedPassword(typed));

    // A code, Harvard ID or birth date typed in other scripts' digits (a full-width keyboard, Arabic-Indic) is redacted as
    // the ASCII one is; a guest key of letters only, in a message with no digit at all, is redacted too.
    [Theory]
    [InlineData("my code is \uFF11\uFF12\uFF13\uFF14\uFF15\uFF16 thanks", "my code is " + TranscriptRedaction.Code + " thanks")]
    [InlineData("my code is \u0661\u0662\u0663\u0664\u0665\u0666", "my code is " + TranscriptRedaction.Code)]
    [InlineData("my HUID is \uFF17\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF11", "my HUID is " + TranscriptRedaction.Huid)]
    [InlineData("I got ABCD-EFGH-JKMN-PQRS from my sponsor", "I got " + TranscriptRedaction.GuestKey + " from my sponsor")]
    [InlineData("I got abcd efgh jkmn pqrs from my sponsor", "I got " + TranscriptRedaction.GuestKey + " from my sponsor")]
    public void Finding2_DigitsOfAnyScriptAndLetterOnlyGuestKeysAreRedacted(string typed, string kept)
    {
        Assert.Equal(kept, TranscriptRedaction.Redact(typed));
        Assert.Equal(kept, DeskRedaction.Redact(typed));
    }

    // What the desk gets on top: any word that looks like a password, wherever it is; our ticket numbers stay readable.
    [Theory]
    [InlineData("try Tr0ub4dor&3 now", "try " + DeskRedaction.Secret + " now")]
    [InlineData("it was\tCorrect$Horse\nyesterday", "it was\t" + DeskRedaction.Secret + "\nyesterday")]
    [InlineData("Your ticket is HD-123456, and the code was 654321.", "Your ticket is HD-123456, and the code was " + TranscriptRedaction.Code + ".")]
    [InlineData("Tickets HD-000001 and HD-000002 are both open", "Tickets HD-000001 and HD-000002 are both open")]
    [InlineData("See https://ecommons.med.harvard.edu/forgot-password or write to it-help@hms.harvard.edu", "See https://ecommons.med.harvard.edu/forgot-password or write to it-help@hms.harvard.edu")]
    [InlineData("I can unlock accounts and help with guest keys (sponsors only).", "I can unlock accounts and help with guest keys (sponsors only).")]
    public void WhatTheDeskSeesHasPasswordLikeWordsRedactedAndTicketNumbersKept(string text, string seen) =>
        Assert.Equal(seen, DeskRedaction.Redact(text));
}
