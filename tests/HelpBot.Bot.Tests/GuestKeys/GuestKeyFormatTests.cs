using System.Security.Cryptography;
using HelpBot.Dialogs.GuestKeys;

namespace HelpBot.Bot.Tests.GuestKeys;

public class GuestKeyFormatTests
{
    [Fact]
    public void AKeyIsFourGroupsOfFourUnambiguousCharactersWithAtLeast64BitsOfEntropy()
    {
        var key = GuestKeyFormat.NewKey();

        Assert.Matches("^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$", key);
        Assert.True(GuestKeyFormat.EntropyBits >= 64, $"{GuestKeyFormat.EntropyBits:0.0} bits");
        foreach (var lookAlike in "0O1IL")
        {
            Assert.DoesNotContain(lookAlike, GuestKeyFormat.Alphabet);
        }
    }

    [Fact]
    public void KeysAreIndependentAndUseTheWholeAlphabet()
    {
        var keys = Enumerable.Range(0, 5000).Select(_ => GuestKeyFormat.NewKey()).ToList();

        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        var counts = keys.SelectMany(k => k.Replace("-", "", StringComparison.Ordinal)).GroupBy(c => c).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(GuestKeyFormat.Alphabet.Length, counts.Count);
        // 80,000 characters over 31 symbols: about 2,581 each. A biased generator (e.g. modulo) would show far more spread.
        Assert.All(counts.Values, n => Assert.InRange(n, 2200, 2950));
    }

    [Theory]
    [InlineData("K7QM-4TXP-9HRW-C2NB")]
    [InlineData("k7qm-4txp-9hrw-c2nb")]
    [InlineData("K7QM4TXP9HRWC2NB")]
    [InlineData(" k7qm 4txp 9hrw c2nb ")]
    [InlineData("K7QM–4TXP–9HRW–C2NB")]
    public void ATypedKeyIsAcceptedInAnyCaseWithOrWithoutDashesOrSpaces(string typed) =>
        Assert.Equal("K7QM4TXP9HRWC2NB", GuestKeyFormat.Normalize(typed));

    [Theory]
    [InlineData("K7QM-4TXP-9HRW-C2N")]
    [InlineData("K7QM-4TXP-9HRW-C2NB-A")]
    [InlineData("K7QM-4TXP-9HRW-C2N0")]
    [InlineData("K7QM-4TXP-9HRW-C2NO")]
    [InlineData("")]
    public void WhatCannotBeAKeyIsNotNormalised(string typed) => Assert.Null(GuestKeyFormat.Normalize(typed));

    [Fact]
    public void TheStoredHashIsKeyedSoTheSameKeyHashesDifferentlyUnderAnotherSecret()
    {
        var one = new GuestKeyHashKey(RandomNumberGenerator.GetBytes(32));
        var other = new GuestKeyHashKey(RandomNumberGenerator.GetBytes(32));

        Assert.Equal(GuestKeyFormat.Hash(one, "K7QM4TXP9HRWC2NB"), GuestKeyFormat.Hash(one, "K7QM4TXP9HRWC2NB"));
        Assert.NotEqual(GuestKeyFormat.Hash(one, "K7QM4TXP9HRWC2NB"), GuestKeyFormat.Hash(other, "K7QM4TXP9HRWC2NB"));
        Assert.DoesNotContain("K7QM", GuestKeyFormat.Hash(one, "K7QM4TXP9HRWC2NB"), StringComparison.OrdinalIgnoreCase);
    }
}
