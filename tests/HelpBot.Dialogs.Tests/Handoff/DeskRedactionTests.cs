using HelpBot.Dialogs.Handoff;

namespace HelpBot.Dialogs.Tests.Handoff;

/// <summary>H2 / S4: what the desk may read. Secrets go; ordinary words, ticket numbers and addresses stay.</summary>
public sealed class DeskRedactionTests
{
    [Theory]
    [InlineData("the code is 123456", "the code is ••••••")]
    [InlineData("123 456", "••••••")]
    [InlineData("my HUID is 12345678", "my HUID is ••••••••")]
    [InlineData("password: hunter2", "password: ••••••••")]
    [InlineData("my pw=letmein", "my pw=••••••••")]
    [InlineData("I typed Winter2024! twice", "I typed •••••••• twice")]
    [InlineData("Tr0ub4dor&3", "••••••••")]
    [InlineData("guest key is GK7Q-88ZX-WT41", "guest key is ••••••••")]
    [InlineData("my password is correct-horse-battery", "my password is ••••••••")]
    public void H2_SecretsAreRemoved(string said, string desk) => Assert.Equal(desk, DeskRedaction.Redact(said));

    [Theory]
    [InlineData("my password is expired and I'm locked out")]
    [InlineData("my password doesn't work since Monday")]
    [InlineData("the code didn't arrive")]
    [InlineData("my ticket is HD-000123.")]
    [InlineData("write to jane.smith@example.org or see https://it.hms.harvard.edu/accounts")]
    [InlineData("I'm a part-time researcher at HSPH")]
    public void OrdinaryWordsStay(string said) => Assert.Equal(said, DeskRedaction.Redact(said));
}
