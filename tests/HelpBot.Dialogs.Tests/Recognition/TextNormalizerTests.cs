using HelpBot.Dialogs.Recognition;

namespace HelpBot.Dialogs.Tests.Recognition;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("I'm LOCKED out!!!", "im locked out")]
    [InlineData("<at>HelpBot</at> unlock me", "unlock me")]
    [InlineData("@HelpBot unlock me", "unlock me")]
    [InlineData("mail jane@hms.harvard.edu", "mail jane hms harvard edu")]
    [InlineData("my HUID is 12345678", "my huid is num")]
    [InlineData("pleeeease   help", "pleease help")]
    [InlineData("password", "password")]
    [InlineData("can’t log in…", "cant log in")]
    [InlineData("Café résumé", "cafe resume")]
    [InlineData("  ?!  ", "")]
    public void NormalisesLikeTheTrainingData(string input, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(input));
}
