using HelpBot.Dialogs.PasswordReset;

namespace HelpBot.Bot.Tests.PasswordReset;

public class PasswordPolicyTests
{
    private static readonly PasswordOwner Anna = new("asmith", "Anna Smith", ["anna_smith@hms.harvard.edu", "annabelle.s@example.org"]);

    private static readonly string[] GrowingPasswords = ["kitten12", "bright kettle", "bright kettle mango", "bright kettle mango sailboat"];

    private static PasswordCheck Check(string password) => PasswordPolicy.Default.Check(password, Anna);

    [Fact]
    public void R5_TheEmbeddedListHoldsThousandsOfCommonPasswords() =>
        Assert.True(PasswordPolicy.Default.CommonPasswordCount >= 10_000);

    [Theory]
    [InlineData("")]
    [InlineData("k7#Lq2")]
    [InlineData("short1!")]
    public void R5_FewerThanEightCharactersAreRejected(string password)
    {
        var check = Check(password);
        Assert.Equal(PasswordRejection.TooShort, check.Rejection);
        Assert.Contains("at least 8 characters", check.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Password1")]
    [InlineData("password")]
    [InlineData("trustno1")]
    [InlineData("iloveyou1")]
    [InlineData("P4ssw0rd!")]
    [InlineData("Sunshine2024!")]
    [InlineData("2024Monkey")]
    [InlineData("Ｐａｓｓｗｏｒｄ１")]
    public void R5_CommonAndBreachedPasswordsAreRejected(string password)
    {
        var check = Check(password);
        Assert.Equal(PasswordRejection.Common, check.Rejection);
        Assert.Contains("common or breached", check.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("asmith2024")]
    [InlineData("xx-ASMITH-xx-long")]
    [InlineData("AnnaSmith!")]
    [InlineData("anna smith rules")]
    [InlineData("Smith12345")]
    [InlineData("Anna1990!!")]
    [InlineData("anna_smith99")]
    [InlineData("annabelle77")]
    public void R5_PasswordsBuiltOnTheUsersOwnNamesAreRejected(string password)
    {
        var check = Check(password);
        Assert.Equal(PasswordRejection.ContainsName, check.Rejection);
        Assert.Contains("username, your name or your e-mail", check.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aaaaaaaa")]
    [InlineData("zzzzzzzzzzzzzz")]
    [InlineData("12345678")]
    [InlineData("98765432")]
    [InlineData("abcdefghij")]
    [InlineData("zyxwvutsrq")]
    [InlineData("xyzxyzxyzxyz")]
    [InlineData("qqqq1234")]
    public void R5_RepeatedAndSequentialCharactersAreRejected(string password) =>
        Assert.Equal(PasswordRejection.RepeatedOrSequential, Check(password).Rejection);

    [Theory]
    [InlineData("correct horse battery staple")]
    [InlineData("marble teapot orbit canyon")]
    [InlineData("Anna's cello sounds best on Tuesdays")]
    public void R5_ALongPassphraseIsAcceptedAndRatedStrong(string password)
    {
        var check = Check(password);
        Assert.True(check.Accepted, check.Reason);
        Assert.Equal(4, check.Strength);
        Assert.Equal("Strong", check.StrengthLabel);
    }

    [Fact]
    public void R5_SixtyFourCharactersAreAcceptedAndSixtyFiveAreRejected()
    {
        var sixtyFour = string.Concat(Enumerable.Repeat("tulip-orbit-", 5)) + "lake";
        Assert.Equal(64, sixtyFour.Length);
        Assert.True(Check(sixtyFour).Accepted, Check(sixtyFour).Reason);

        var check = Check(sixtyFour + "s");
        Assert.Equal(PasswordRejection.TooLong, check.Rejection);
        Assert.Contains("at most 64 characters", check.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void R5_UnicodeIsAllowedAndCountedInCharactersNotCodeUnits()
    {
        Assert.True(Check("Grüße aus Köln am Rhein").Accepted);
        Assert.True(Check("東京の夜景はとても綺麗").Accepted);
        // Eight emoji are eight characters (sixteen UTF-16 units).
        Assert.True(Check("😀🎉🐱🌵🚀🍕🎸📚").Accepted);
        Assert.Equal(PasswordRejection.TooShort, Check("😀🎉🐱🌵🚀🍕🎸").Rejection);
    }

    [Fact]
    public void R5_PasswordsAreNormalisedNfkcSoEquivalentFormsAreOnePassword()
    {
        // Full-width letters and a decomposed é become their ordinary forms.
        Assert.Equal("correct horse", PasswordPolicy.Normalize("ｃｏｒｒｅｃｔ ｈｏｒｓｅ"));
        Assert.Equal("caf\u00e9 au lait", PasswordPolicy.Normalize("cafe\u0301 au lait"));
    }

    [Fact]
    public void R5_NoCompositionRules_AllLowerCaseIsFine() =>
        Assert.True(Check("purple elephants dance quietly").Accepted);

    [Fact]
    public void R5_TheStrengthEstimateGrowsWithLengthAndVariety()
    {
        var scores = GrowingPasswords.Select(PasswordPolicy.EstimateStrength).ToList();
        Assert.Equal(scores.Order().ToList(), scores);
        Assert.True(scores[0] <= 1);
        Assert.Equal(4, scores[^1]);
    }
}
