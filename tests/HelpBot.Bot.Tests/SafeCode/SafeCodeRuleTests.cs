using System.Security.Cryptography;
using System.Text;
using HelpBot.Bot.SafeCode;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.SafeCode;
using LiteDB;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Tests.SafeCode;

/// <summary>Rules S1–S9, R1, R2 and C5 of docs/security.md: one test per rule, named after it.</summary>
public sealed class SafeCodeRuleTests : IDisposable
{
    private const string JanePhone = "+16175550101";
    private const string JaneEmail = "jane.smith@example.org";

    private readonly SafeCodeHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task S1_CodesAreSixDecimalDigitsFromACryptographicGenerator()
    {
        var codes = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            await _h.SendAsync("jsmith", MessageChannel.Email, conversation: $"c{i}");
            codes.Add(_h.LastCodeTo(JaneEmail));
        }

        Assert.All(codes, c => Assert.Matches("^[0-9]{6}$", c));
        Assert.True(codes.Distinct().Count() > 1, "five codes in a row should not all be the same");
    }

    [Fact]
    public async Task S2_ACodeWorksForTenMinutesAndNoLonger()
    {
        var early = await _h.SendAsync("jsmith", conversation: "c-early");
        var late = await _h.SendAsync("jsmith", conversation: "c-late");
        var lateCode = _h.LastCodeTo(JanePhone);
        var earlyCode = SafeCodeHarness.SixDigits().Match(_h.Outbound.Messages[0].Text).Value;

        Assert.Equal(SafeCodeHarness.Start.AddMinutes(10), early.ExpiresAt);
        _h.Time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(1));
        Assert.Equal(SafeCodeVerifyOutcome.Verified, (await _h.VerifyAsync(early, earlyCode, "c-early")).Outcome);
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SafeCodeVerifyOutcome.Expired, (await _h.VerifyAsync(late, lateCode, "c-late")).Outcome);
    }

    [Fact]
    public async Task S2_ALowerConfiguredLifetimeIsHonoured()
    {
        using var h = new SafeCodeHarness(o => o.Lifetime = TimeSpan.FromMinutes(5));
        var ticket = await h.SendAsync("jsmith");
        var code = h.LastCodeTo(JanePhone);

        Assert.Contains("for 5 minutes", h.Outbound.Messages[0].Text, StringComparison.Ordinal);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(SafeCodeVerifyOutcome.Expired, (await h.VerifyAsync(ticket, code)).Outcome);
    }

    [Fact]
    public void S2_ALifetimeAboveTenMinutesStopsTheStartNamingTheKey()
    {
        using var factory = new HelpBotFactory(new Dictionary<string, string?> { ["SafeCode:Lifetime"] = "00:15:00" });

        var error = Assert.Throws<OptionsValidationException>(() => factory.Services);

        Assert.Contains("SafeCode:Lifetime is 00:15:00", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task S3_ACodeWorksOnlyOnce()
    {
        var ticket = await _h.SendAsync("jsmith");
        var code = _h.LastCodeTo(JanePhone);

        var first = await _h.VerifyAsync(ticket, code);
        var second = await _h.VerifyAsync(ticket, code);

        Assert.Equal(SafeCodeVerifyOutcome.Verified, first.Outcome);
        Assert.Equal("jsmith", first.Username);
        Assert.Equal(SafeCodeVerifyOutcome.Invalid, second.Outcome);
    }

    [Fact]
    public async Task S3_ACodeVerifiesOnlyInItsConversationAndForItsPurpose()
    {
        var ticket = await _h.SendAsync("jsmith", conversation: "conv-1", purpose: SafeCodePurpose.Unlock);
        var code = _h.LastCodeTo(JanePhone);

        Assert.Equal(SafeCodeVerifyOutcome.Invalid, (await _h.VerifyAsync(ticket, code, "conv-2", SafeCodePurpose.Unlock)).Outcome);
        Assert.Equal(SafeCodeVerifyOutcome.Invalid, (await _h.VerifyAsync(ticket, code, "conv-1", SafeCodePurpose.ResetPassword)).Outcome);
        // Those attempts neither spent nor damaged it.
        Assert.Equal(SafeCodeVerifyOutcome.Verified, (await _h.VerifyAsync(ticket, code, "conv-1", SafeCodePurpose.Unlock)).Outcome);
    }

    [Fact]
    public async Task S4_CodesAreStoredOnlyAsAKeyedHash()
    {
        var ticket = await _h.SendAsync("jsmith");
        var code = _h.LastCodeTo(JanePhone);

        var raw = _h.Database.GetCollection(LiteDbSafeCodeStore.Challenges).FindById(ticket.ChallengeId);
        var json = LiteDB.JsonSerializer.Serialize(raw);
        Assert.DoesNotContain(code, json, StringComparison.Ordinal);
        var stored = await _h.Store.GetChallengeAsync(ticket.ChallengeId!);
        var key = Convert.FromBase64String(File.ReadAllText(_h.Keys.PathOf(SafeCodeSetup.KeyFileName)!));
        Assert.Equal(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{ticket.ChallengeId}:{code}")), stored!.CodeHash);
        Assert.DoesNotContain(_h.Logs.Lines, l => l.Contains(code, StringComparison.Ordinal));
    }

    [Fact]
    public void S4_TheKeyFileIsMadeOnceBesideTheDatabaseAndReused()
    {
        var path = _h.Keys.PathOf(SafeCodeSetup.KeyFileName)!;
        var first = File.ReadAllText(path);

        SafeCodeSetup.LoadKey(new SafeCodeOptions(), _h.Keys);

        Assert.Equal(Path.GetDirectoryName(_h.Database.Path), Path.GetDirectoryName(path));
        Assert.Equal(first, File.ReadAllText(path));
        Assert.Equal(32, Convert.FromBase64String(first).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public async Task S5_FiveWrongEntriesVoidTheChallenge()
    {
        // The per-account limit (S6) is the same number; raise it here to see the challenge's own limit.
        using var h = new SafeCodeHarness(o => o.MaxFailuresPerAccount = 50);
        var ticket = await h.SendAsync("jsmith");
        var code = h.LastCodeTo(JanePhone);

        var left = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            var wrong = await h.VerifyAsync(ticket, SafeCodeHarness.WrongCode(code));
            Assert.Equal(SafeCodeVerifyOutcome.Wrong, wrong.Outcome);
            left.Add(wrong.AttemptsLeft);
        }
        var fifth = await h.VerifyAsync(ticket, SafeCodeHarness.WrongCode(code));
        var right = await h.VerifyAsync(ticket, code);

        Assert.Equal([4, 3, 2, 1], left);
        Assert.Equal(SafeCodeVerifyOutcome.Voided, fifth.Outcome);
        Assert.Equal(SafeCodeVerifyOutcome.Voided, right.Outcome);
    }

    [Fact]
    public async Task S5_ANewCodeNeverResetsTheAccountsFailureCount()
    {
        var first = await _h.SendAsync("jsmith");
        var firstCode = _h.LastCodeTo(JanePhone);
        for (var i = 0; i < 4; i++)
        {
            await _h.VerifyAsync(first, SafeCodeHarness.WrongCode(firstCode));
        }

        var second = await _h.SendAsync("jsmith");
        var secondCode = _h.LastCodeTo(JanePhone);
        var fifthFailure = await _h.VerifyAsync(second, SafeCodeHarness.WrongCode(secondCode));

        Assert.Equal(SafeCodeVerifyOutcome.Blocked, fifthFailure.Outcome);
    }

    [Fact]
    public async Task S6_FiveFailuresInADayBlockSelfServiceForADay()
    {
        for (var i = 0; i < 5; i++)
        {
            // Spread over most of a day, and over several codes: still one account.
            var ticket = await _h.SendAsync("jsmith", MessageChannel.Email, conversation: $"c{i}");
            var code = _h.LastCodeTo(JaneEmail);
            var result = await _h.VerifyAsync(ticket, SafeCodeHarness.WrongCode(code), $"c{i}");
            Assert.Equal(i < 4 ? SafeCodeVerifyOutcome.Wrong : SafeCodeVerifyOutcome.Blocked, result.Outcome);
            if (i < 4)
            {
                _h.Time.Advance(TimeSpan.FromHours(5));
            }
        }

        // Blocked for sends on either channel and by e-mail address too, and for verifying an earlier, still-live code.
        Assert.Equal(SafeCodeSendOutcome.Blocked, (await _h.SendAsync("jsmith", MessageChannel.Text, "c-new")).Outcome);
        Assert.Equal(SafeCodeSendOutcome.Blocked, (await _h.SendAsync("JANE.SMITH@example.org", MessageChannel.Email, "c-new")).Outcome);
        _h.Time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        Assert.Equal(SafeCodeSendOutcome.Blocked, (await _h.SendAsync("jsmith", MessageChannel.Text, "c-new2")).Outcome);
        _h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(SafeCodeSendOutcome.Sent, (await _h.SendAsync("jsmith", MessageChannel.Text, "c-new3")).Outcome);
        // Other accounts are untouched.
        Assert.Equal(SafeCodeSendOutcome.Sent, (await _h.SendAsync("mlee", MessageChannel.Text, "c-mlee")).Outcome);
    }

    [Fact]
    public async Task S6_ABlockedAccountCannotVerifyALiveCode()
    {
        var live = await _h.SendAsync("jsmith", conversation: "c-live");
        var liveCode = _h.LastCodeTo(JanePhone);
        var other = await _h.SendAsync("jsmith", conversation: "c-other");
        var otherCode = _h.LastCodeTo(JanePhone);
        for (var i = 0; i < 5; i++)
        {
            await _h.VerifyAsync(other, SafeCodeHarness.WrongCode(otherCode), "c-other");
        }

        Assert.Equal(SafeCodeVerifyOutcome.Blocked, (await _h.VerifyAsync(live, liveCode, "c-live")).Outcome);
    }

    [Fact]
    public async Task S7_TextsAreThrottledToFivePerHourPerAccount()
    {
        var outcomes = new List<SafeCodeSendOutcome>();
        for (var i = 0; i < 6; i++)
        {
            outcomes.Add((await _h.SendAsync("jsmith", MessageChannel.Text, conversation: $"c{i}")).Outcome);
        }

        Assert.Equal([.. Enumerable.Repeat(SafeCodeSendOutcome.Sent, 5), SafeCodeSendOutcome.Throttled], outcomes);
        Assert.Equal(5, _h.Outbound.Messages.Count);
        // E-mail is still possible (S9), and after the hour texts are too.
        Assert.Equal(SafeCodeSendOutcome.Sent, (await _h.SendAsync("jsmith", MessageChannel.Email, "c-mail")).Outcome);
        _h.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(SafeCodeSendOutcome.Sent, (await _h.SendAsync("jsmith", MessageChannel.Text, "c-later")).Outcome);
    }

    [Fact]
    public async Task S7_EmailsAreThrottledToTenPerTenMinutesPerAccount()
    {
        var outcomes = new List<SafeCodeSendOutcome>();
        for (var i = 0; i < 11; i++)
        {
            outcomes.Add((await _h.SendAsync("jsmith", MessageChannel.Email, conversation: $"c{i}")).Outcome);
        }

        Assert.Equal([.. Enumerable.Repeat(SafeCodeSendOutcome.Sent, 10), SafeCodeSendOutcome.Throttled], outcomes);
        _h.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(SafeCodeSendOutcome.Sent, (await _h.SendAsync("jsmith", MessageChannel.Email, "c-later")).Outcome);
    }

    [Fact]
    public async Task S7_SendsAreThrottledPerConversation()
    {
        string[] people = ["jsmith", "mlee", "akumar", "tnguyen", "rbrown", "nobody1", "nobody2", "nobody3", "nobody4", "nobody5"];
        foreach (var person in people)
        {
            Assert.Equal(SafeCodeSendOutcome.Sent, (await _h.SendAsync(person, MessageChannel.Email, "one-conversation")).Outcome);
        }

        Assert.Equal(SafeCodeSendOutcome.Throttled, (await _h.SendAsync("cokafor", MessageChannel.Email, "one-conversation")).Outcome);
        Assert.Equal(SafeCodeSendOutcome.Sent, (await _h.SendAsync("cokafor", MessageChannel.Email, "another-conversation")).Outcome);
    }

    [Fact]
    public async Task S8_ASuccessClearsTheFailureCount()
    {
        var ticket = await _h.SendAsync("jsmith");
        var code = _h.LastCodeTo(JanePhone);
        for (var i = 0; i < 4; i++)
        {
            await _h.VerifyAsync(ticket, SafeCodeHarness.WrongCode(code));
        }
        Assert.Equal(SafeCodeVerifyOutcome.Verified, (await _h.VerifyAsync(ticket, code)).Outcome);

        var next = await _h.SendAsync("jsmith");
        var nextCode = _h.LastCodeTo(JanePhone);
        var outcomes = new List<SafeCodeVerifyOutcome>();
        for (var i = 0; i < 4; i++)
        {
            outcomes.Add((await _h.VerifyAsync(next, SafeCodeHarness.WrongCode(nextCode))).Outcome);
        }

        Assert.All(outcomes, o => Assert.Equal(SafeCodeVerifyOutcome.Wrong, o));
    }

    [Fact]
    public async Task S9_BothChannelsAreAlwaysPossibleAndTheTextSaysNeverToShare()
    {
        var text = await _h.SendAsync("jsmith", MessageChannel.Text, "c-text");
        var email = await _h.SendAsync("jsmith", MessageChannel.Email, "c-mail");

        Assert.Equal(SafeCodeSendOutcome.Sent, text.Outcome);
        Assert.Equal(SafeCodeSendOutcome.Sent, email.Outcome);
        var sms = Assert.Single(_h.Outbound.Messages, m => m.Channel == MessageChannel.Text);
        var mail = Assert.Single(_h.Outbound.Messages, m => m.Channel == MessageChannel.Email);
        Assert.Equal(JanePhone, sms.To);
        Assert.Equal(JaneEmail, mail.To);
        Assert.Contains("works once", sms.Text, StringComparison.Ordinal);
        Assert.Contains("Never share it", sms.Text, StringComparison.Ordinal);
        Assert.True(sms.Text.Length <= 160, "one SMS segment");
        Assert.Contains("alternate", SafeCodeTexts.ChannelHelp, StringComparison.Ordinal);
        Assert.Contains("less secure", SafeCodeTexts.ChannelHelp, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nobody-here", MessageChannel.Text)] // unknown account
    [InlineData("rbrown", MessageChannel.Text)] // no text phone
    [InlineData("radiology", MessageChannel.Email)] // departmental: never self-service (R9)
    public async Task R1_UnknownAccountsAndMissingDestinationsAnswerExactlyLikeRealOnes(string identifier, MessageChannel channel)
    {
        var real = await _h.SendAsync("jsmith", channel, "c-real");
        var sentBefore = _h.Outbound.Messages.Count;

        var phantom = await _h.SendAsync(identifier, channel, "c-phantom");

        Assert.Equal(real.Outcome, phantom.Outcome);
        Assert.Equal(real.ExpiresAt, phantom.ExpiresAt);
        Assert.Equal(real.ChallengeId!.Length, phantom.ChallengeId!.Length);
        Assert.Equal(sentBefore, _h.Outbound.Messages.Count);
        // Stored like a real one, with a hash, so attempts are counted the same.
        var stored = await _h.Store.GetChallengeAsync(phantom.ChallengeId);
        Assert.Equal(32, stored!.CodeHash.Length);
        Assert.True(stored.Phantom);
        var outcomes = new List<SafeCodeVerifyOutcome>();
        for (var i = 0; i < 5; i++)
        {
            outcomes.Add((await _h.VerifyAsync(phantom, "123456", "c-phantom")).Outcome);
        }
        Assert.Equal([SafeCodeVerifyOutcome.Wrong, SafeCodeVerifyOutcome.Wrong, SafeCodeVerifyOutcome.Wrong, SafeCodeVerifyOutcome.Wrong, SafeCodeVerifyOutcome.Blocked], outcomes);
        Assert.Equal(SafeCodeSendOutcome.Blocked, (await _h.SendAsync(identifier, channel, "c-phantom-2")).Outcome);
    }

    [Fact]
    public async Task R1_FactsTellTheTruthOnlyForIdentityProvenChannels()
    {
        var jane = await _h.SendAsync("jsmith", MessageChannel.Text);
        var janeMail = await _h.SendAsync("jsmith", MessageChannel.Email, "c-2");
        var rosa = await _h.SendAsync("rbrown", MessageChannel.Text, "c-3");
        var nobody = await _h.SendAsync("nobody", MessageChannel.Text, "c-4");

        Assert.Equal(new SafeCodeFacts(true, true, "•••• 0101"), jane.Facts);
        Assert.Equal(new SafeCodeFacts(true, true, "j•••@example.org"), janeMail.Facts);
        Assert.Equal(new SafeCodeFacts(true, false, null), rosa.Facts);
        Assert.Equal(new SafeCodeFacts(false, false, null), nobody.Facts);
    }

    [Fact]
    public async Task R1_APhantomChallengeNeverVerifiesEvenWithItsOwnCode()
    {
        var ticket = await _h.SendAsync("nobody");
        var stored = await _h.Store.GetChallengeAsync(ticket.ChallengeId!);
        // Find the code behind the stored hash by brute force (test only: the key is at hand here).
        var key = Convert.FromBase64String(File.ReadAllText(_h.Keys.PathOf(SafeCodeSetup.KeyFileName)!));
        var code = Enumerable.Range(0, 1_000_000).Select(n => n.ToString("D6", System.Globalization.CultureInfo.InvariantCulture))
            .First(c => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{ticket.ChallengeId}:{c}")).AsSpan().SequenceEqual(stored!.CodeHash));

        Assert.Equal(SafeCodeVerifyOutcome.Wrong, (await _h.VerifyAsync(ticket, code)).Outcome);
    }

    [Fact]
    public async Task R2_SendingAndFailingNeverChangeTheAccount()
    {
        var janeBefore = await _h.Directory.FindAsync("jsmith");
        var michaelBefore = await _h.Directory.FindAsync("mlee");

        for (var i = 0; i < 5; i++)
        {
            var jane = await _h.SendAsync("jsmith", MessageChannel.Email, $"c{i}");
            await _h.VerifyAsync(jane, SafeCodeHarness.WrongCode(_h.LastCodeTo(JaneEmail)), $"c{i}");
            var michael = await _h.SendAsync("mlee", MessageChannel.Email, $"m{i}");
            await _h.VerifyAsync(michael, SafeCodeHarness.WrongCode(_h.LastCodeTo("mlee@example.com")), $"m{i}");
        }

        Assert.Equal(janeBefore, await _h.Directory.FindAsync("jsmith"));
        Assert.Equal(michaelBefore, await _h.Directory.FindAsync("mlee"));
        Assert.False((await _h.Directory.FindAsync("mlee"))!.IsLocked);
    }

    [Fact]
    public async Task C5_EverySendVerificationAndBlockIsAuditedWithoutSecrets()
    {
        var ticket = await _h.SendAsync("jsmith", MessageChannel.Text);
        var code = _h.LastCodeTo(JanePhone);
        await _h.VerifyAsync(ticket, SafeCodeHarness.WrongCode(code));
        await _h.VerifyAsync(ticket, code);
        await _h.SendAsync("nobody", MessageChannel.Email, "c-2");
        var other = await _h.SendAsync("mlee", MessageChannel.Text, "c-3");
        for (var i = 0; i < 5; i++)
        {
            await _h.VerifyAsync(other, SafeCodeHarness.WrongCode(_h.LastCodeTo("+16175550102")), "c-3");
        }
        await _h.SendAsync("mlee", MessageChannel.Text, "c-4");

        var entries = (await _h.Audit.ReadAsync(limit: 1000)).Reverse().ToList();
        Assert.Equal(["safecode.sent", "safecode.verified", "safecode.verified"], entries.Take(3).Select(e => e.Action));
        Assert.Equal(["success", "failure", "success"], entries.Take(3).Select(e => e.Outcome));
        Assert.Equal("jsmith", entries[0].Account);
        Assert.Equal("user-1", entries[0].Actor);
        Assert.Equal("webchat", entries[0].Channel);
        Assert.Contains("purpose=Unlock channel=text to=•••• 0101", entries[0].Detail, StringComparison.Ordinal);
        Assert.Contains(entries, e => e is { Action: "safecode.sent", Outcome: "not-sent", Account: "(unknown)" } && e.Detail!.Contains("channel=email", StringComparison.Ordinal));
        Assert.Contains(entries, e => e is { Action: "safecode.blocked", Outcome: "blocked", Account: "mlee" });
        Assert.Equal("blocked", entries[^1].Outcome);
        foreach (var e in entries)
        {
            var all = $"{e.Account} {e.Actor} {e.Detail} {e.ConversationId}";
            Assert.DoesNotContain(code, all, StringComparison.Ordinal);
            Assert.DoesNotContain("5550101", all, StringComparison.Ordinal);
            Assert.DoesNotContain("nobody", all, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("+16175550101", "•••• 0101")]
    [InlineData("+1 617 555 0102", "•••• 0102")]
    [InlineData("12", "••••")]
    public void MaskingAPhoneShowsTheLastFourDigits(string phone, string masked) => Assert.Equal(masked, Mask.Phone(phone));

    [Theory]
    [InlineData("jane.smith@example.org", "j•••@example.org")]
    [InlineData("mlee@example.com", "m•••@example.com")]
    [InlineData("not-an-address", "••••")]
    public void MaskingAnEmailShowsTheFirstLetterAndTheDomain(string email, string masked) => Assert.Equal(masked, Mask.Email(email));
}
