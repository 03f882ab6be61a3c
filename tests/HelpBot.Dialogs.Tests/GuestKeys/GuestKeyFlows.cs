using System.Text.RegularExpressions;
using HelpBot.Cards;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.GuestKeys;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Newtonsoft.Json.Linq;
using static HelpBot.Dialogs.Tests.BotHarness;

namespace HelpBot.Dialogs.Tests.GuestKeys;

/// <summary>The steps guest-key tests share: a sponsor verified by SafeCode, a filled-in form, the key shown on the card.</summary>
internal static partial class GuestKeyFlows
{
    /// <summary>The sponsors' alternate e-mail addresses (their SafeCodes go there in these tests).</summary>
    public static readonly Dictionary<string, string> AlternateEmail = new()
    {
        ["jsmith"] = "jane.smith@example.org",
        ["akumar"] = "anita.kumar@example.org",
        ["tnguyen"] = "tnguyen@example.com",
        ["rbrown"] = "rosa.brown@example.net",
    };

    public static GuestKeyService Service(this BotHarness bot) => bot.Services.GetRequiredService<GuestKeyService>();

    public static IGuestKeyStore Store(this BotHarness bot) => bot.Services.GetRequiredService<IGuestKeyStore>();

    /// <summary>Says "sponsor a guest", verifies <paramref name="username"/> by e-mail, and stops at the sponsor's menu (or the refusal).</summary>
    public static async Task<TestAdapter> VerifiedSponsorAsync(this BotHarness bot, string username, string opening = "I want to sponsor a guest", Action<IActivity>? afterVerified = null)
    {
        var user = bot.NewUser(username + "-web");
        var sent = bot.Outbox().Count;
        await bot.Flow(user)
            .Send(opening).AssertReply(AccountTexts.AskIdentifier)
            .Send(username).AssertReply(SafeCodeDialogTexts.ChooseChannel)
            .Send("email").AssertReply(_ => { })
            .StartTestAsync();
        var code = await bot.SafeCodeSentToAsync(AlternateEmail[username], sent);
        await bot.Flow(user)
            .Send(code).AssertReply(SafeCodeDialogTexts.Verified)
            .AssertReply(afterVerified ?? (r => Assert.Equal(GuestKeyTexts.MenuQuestion, Text(r))))
            .StartTestAsync();
        return user;
    }

    public static JObject Form(string firstName = "Ana", string lastName = "Lopez", string email = "ana.lopez@example.com", string organisation = "Acme Research",
        string role = "Consultant", string reason = "Analyses our sequencing data", string? lastDay = null) => new()
        {
            ["action"] = InvitedUserRequestCard.Payload.ActionName,
            ["firstName"] = firstName,
            ["lastName"] = lastName,
            ["email"] = email,
            ["organisation"] = organisation,
            ["role"] = role,
            ["reason"] = reason,
            ["lastDay"] = lastDay ?? DateTime.UtcNow.AddDays(90).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };

    public static Activity Submit(JObject value) => new(ActivityTypes.Message) { Value = value };

    /// <summary>From the menu: asks for the form and submits it; returns the key shown on the card.</summary>
    public static async Task<string> RequestKeyAsync(this BotHarness bot, TestAdapter user, JObject? form = null)
    {
        string? key = null;
        await bot.Flow(user)
            .Send(GuestKeyTexts.RequestKeyChoice).AssertReply(r => Assert.Equal(InvitedUserRequestCard.Title, CardTitle(r)))
            .Send(Submit(form ?? Form())).AssertReply(r => key = KeyOnCard(r))
            .AssertReply(r => Assert.StartsWith("I've also sent it to", Text(r), StringComparison.Ordinal))
            .AssertReply(GuestKeyTexts.MenuAgain)
            .StartTestAsync();
        return key!;
    }

    /// <summary>The guest key on a card the bot sent (fails the test when there is none).</summary>
    public static string KeyOnCard(IActivity reply)
    {
        var match = KeyPattern().Match(AllText(reply));
        Assert.True(match.Success, "The reply should show a guest key: " + AllText(reply));
        return match.Value;
    }

    /// <summary>A key issued straight through the service (for the registration tests), sponsored by jsmith.</summary>
    public static async Task<IssuedGuestKey> IssueAsync(this BotHarness bot, string lastName = "Lopez", string sponsor = "jsmith", int lastDayInDays = 90)
    {
        var service = bot.Service();
        var form = new GuestInvitationForm
        {
            FirstName = "Ana",
            LastName = lastName,
            Email = "ana@example.com",
            Organisation = "Acme Research",
            Role = nameof(GuestRole.ResearchCollaborator),
            Reason = "Joint grant",
            LastDay = service.Today().AddDays(lastDayInDays).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
        return await service.IssueAsync(sponsor, form, AuditScope.System);
    }

    [GeneratedRegex("[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}")]
    public static partial Regex KeyPattern();
}
