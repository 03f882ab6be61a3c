using System.Globalization;
using System.Net;
using HelpBot.Bot.Accounts.Ldap;
using HelpBot.Bot.Reminders;
using HelpBot.Bot.Tests.Accounts;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.HuidLookup;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.PasswordReset;
using HelpBot.Dialogs.Registration;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Newtonsoft.Json.Linq;
using static HelpBot.Dialogs.Tests.BotHarness;

namespace HelpBot.Dialogs.Tests.Ldap;

/// <summary>
/// Every account flow through the whole bot with Directory:Provider=Ldap in its Active Directory flavour, against a
/// real Samba AD DC, bound as the least-privilege service account (never an administrator): unlock, a forgotten
/// password reset on the page (a refused password first), change password, the expiry answer for a Teams user with
/// only an aadObjectId, the Harvard ID, eCommons registration and the departmental refusal. Each test makes its own
/// people, with their own phone numbers and addresses.
/// </summary>
[Collection(SambaDcGroup.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ActiveDirectoryAccountFlowTests : IDisposable
{
    private const string Password = "Maple-Harbor-2231";
    private static int _numbers = 1000;
    private readonly BotHarness _bot;

    public ActiveDirectoryAccountFlowTests()
    {
        _bot = SambaDcServer.SkipReason is null ? new BotHarness(Dc.BotSettings(), webServer: true) : new BotHarness();
    }

    private static SambaDcServer Dc => SambaDcServer.Shared;

    public void Dispose() => _bot.Dispose();

    /// <summary>A person with a phone and an alternate address of their own.</summary>
    private static (Person Person, string Phone, string Email) NewPerson(string prefix, string? employeeType = null, string? huid = null, string? registration = null, string? family = null)
    {
        var n = Interlocked.Increment(ref _numbers).ToString(CultureInfo.InvariantCulture);
        var phone = $"+1617555{n}";
        var email = $"{prefix}{n}@example.org";
        var person = Dc.CreatePerson(prefix, Password, family: family, mobile: phone, alternateEmail: email, employeeType: employeeType, huid: huid, registration: registration);
        return (person, phone, email);
    }

    [SambaFact]
    public async Task AnAccountLockedByRealFailedBindsIsUnlockedThroughTheChat()
    {
        Assert.IsType<LdapAccountDirectory>(_bot.Directory);
        var (person, phone, _) = NewPerson("unlock");
        for (var i = 0; i < SambaDcServer.MaxFailures; i++)
        {
            Assert.False(Dc.TryBind(person.Username, "Wrong-Password-1"));
        }
        Assert.False(Dc.TryBind(person.Username, Password));

        var user = _bot.NewUser();
        await _bot.Flow(user)
            .Send("I'm locked out of my account").AssertReply(AccountTexts.AskIdentifier)
            .Send(person.Username).AssertReply(reply => Assert.Equal(SafeCodeDialogTexts.ChooseChannel, Text(reply)))
            .Send(SafeCodeDialogTexts.TextChoice).AssertReply(SafeCodeDialogTexts.SentIfOnFile(MessageChannel.Text))
            .StartTestAsync();
        var code = await _bot.SafeCodeSentToAsync(phone);
        await _bot.Flow(user)
            .Send(code).AssertReply(SafeCodeDialogTexts.Verified)
            .AssertReply(reply => Assert.Equal("Your account is unlocked", CardTitle(reply)))
            .StartTestAsync();

        Assert.True(Dc.TryBind(person.Username, Password));
        Assert.Contains(await _bot.Audit.ReadAsync(person.Username), e => e.Action == "account.unlocked" && e.Outcome == "success");
    }

    [SambaFact]
    public async Task AForgottenPasswordIsResetOnThePage_ARefusedPasswordFirstShowsTheDomainsRules()
    {
        var (person, _, email) = NewPerson("forgot");
        var link = await LinkThroughTheChatAsync("I forgot my password", person.Username, email);

        using var browser = _bot.CreateClient();
        var refused = await PostAsync(browser, link, "quietlyhummingtugboats");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains($"at least {SambaDcServer.MinLength} characters", page, StringComparison.Ordinal);
        Assert.Contains("617-432-2000", page, StringComparison.Ordinal);

        var set = await PostAsync(browser, link, "Violet tugboat humming 42");

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.True(Dc.TryBind(person.Username, "Violet tugboat humming 42"));
        Assert.False(Dc.TryBind(person.Username, Password));
    }

    [SambaFact]
    public async Task APasswordIsChangedThroughTheChatAndThePage()
    {
        var (person, _, email) = NewPerson("change");
        var link = await LinkThroughTheChatAsync("I need to change my password", person.Username, email);

        using var browser = _bot.CreateClient();
        var set = await PostAsync(browser, link, "Copper kettle singing 77");

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.True(Dc.TryBind(person.Username, "Copper kettle singing 77"));
        var account = (await _bot.Directory.FindAsync(person.Username))!;
        Assert.InRange(account.PasswordExpiresAt!.Value, DateTimeOffset.UtcNow.AddDays(SambaDcServer.MaxAgeDays - 1), DateTimeOffset.UtcNow.AddDays(SambaDcServer.MaxAgeDays).AddMinutes(5));
    }

    [SambaFact]
    public async Task ATeamsUserWithOnlyAnAadObjectIdHearsWhenTheirPasswordExpires_MatchedByTheUpnFromTheRoster()
    {
        var (person, _, _) = NewPerson("expiry");
        Dc.SetPasswordDaysAgo(person.Username, "Older-Password-77", 170);
        var teams = _bot.NewUser("pat", Channels.Msteams, "6a1f0c11-0000-4000-8000-00000000e001");
        teams.Use(new Roster("6a1f0c11-0000-4000-8000-00000000e001", person.UserPrincipalName));

        await _bot.Flow(teams)
            .Send("my password is about to expire")
            .AssertReply(r =>
            {
                Assert.Contains("Your eCommons password expires on", Text(r), StringComparison.Ordinal);
                Assert.Matches(@"\((9|10|11) days from now\)", Text(r));
            })
            .AssertReply(ExpiringTexts.ChangeNow)
            .Send("no").AssertReply(ExpiringTexts.Later)
            .StartTestAsync();
    }

    [SambaFact]
    public async Task ATeamsUserWithOnlyAnAadObjectIdGetsTheExpiryReminder_TheRostersUpnIsKeptWithTheChat()
    {
        var (person, _, _) = NewPerson("remind");
        Dc.SetPasswordDaysAgo(person.Username, "Older-Password-77", 170);
        var channel = new RecordingChannel();
        using var bot = new BotHarness(Dc.BotSettings(), services =>
        {
            services.RemoveAll<IProactiveChannel>();
            services.AddSingleton<IProactiveChannel>(channel);
        });
        var teams = bot.NewUser("pat", Channels.Msteams, "6a1f0c11-0000-4000-8000-00000000e002");
        teams.Use(new Roster("6a1f0c11-0000-4000-8000-00000000e002", person.UserPrincipalName));
        await bot.Flow(teams).Send("hello").AssertReply(_ => { }).StartTestAsync();

        // The pass the host runs at start may already have sent it (it can overlap the "hello"); either way, exactly once.
        await bot.Services.GetRequiredService<PasswordExpiryReminders>().RunOnceAsync(CancellationToken.None);

        var (to, activity) = Assert.Single(channel.Sent);
        Assert.Equal(teams.Conversation.Conversation.Id, to.Conversation.Id);
        Assert.Contains("Your eCommons password expires on ", Newtonsoft.Json.JsonConvert.SerializeObject(activity), StringComparison.Ordinal);
    }

    [SambaFact]
    public async Task TheHarvardIdGoesToTheVerifiedPhone()
    {
        var huid = "8" + Interlocked.Increment(ref _numbers).ToString("D7", CultureInfo.InvariantCulture);
        var (person, phone, _) = NewPerson("huid", huid: huid);
        var user = _bot.NewUser();
        await _bot.Flow(user)
            .Send("I need my Harvard ID number").AssertReply(HuidTexts.OnTheBadge).AssertReply(AccountTexts.AskIdentifier)
            .Send(person.Username).AssertReply(_ => { })
            .Send("text").AssertReply(_ => { })
            .StartTestAsync();
        var code = await _bot.SafeCodeSentToAsync(phone);
        var before = _bot.Outbox().Count;
        await _bot.Flow(user)
            .Send(code).AssertReply(SafeCodeDialogTexts.Verified).AssertReply(HuidTexts.SentByText)
            .StartTestAsync();

        var sent = await _bot.WaitForMessageAsync(phone, before);
        Assert.Contains(huid, (string)sent["text"]!, StringComparison.Ordinal);
    }

    [SambaFact]
    public async Task APersonWhoHasNotRegisteredRegistersWithLastNameAndHarvardId_TheServiceAccountClearsTheMarker()
    {
        var huid = "8" + Interlocked.Increment(ref _numbers).ToString("D7", CultureInfo.InvariantCulture);
        var (person, phone, _) = NewPerson("regis", huid: huid, registration: "unregistered", family: "Okonkwo");
        var user = _bot.NewUser();
        await _bot.Flow(user).Send("I want to register for eCommons")
            .AssertReply(r => Assert.Equal("Registering for eCommons or MyCourses", CardTitle(r)))
            .AssertReply(r => Assert.Equal(RegistrationTexts.AskKind, Text(r)))
            .Send(RegistrationTexts.KindHarvard).AssertReply(RegistrationTexts.AskLastName)
            .Send("okonkwo").AssertReply(RegistrationTexts.AskHuid)
            .Send(huid).AssertReply(RegistrationTexts.SameWords).AssertReply(SafeCodeDialogTexts.ChooseChannel)
            .Send("text").AssertReply(SafeCodeDialogTexts.SentIfOnFile(MessageChannel.Text))
            .StartTestAsync();
        var code = await _bot.SafeCodeSentToAsync(phone);
        await _bot.Flow(user)
            .Send(code).AssertReply(SafeCodeDialogTexts.Verified)
            .AssertReply(RegistrationTexts.Registered(person.Username))
            .AssertReply(_ => { })
            .StartTestAsync();

        Assert.True((await _bot.Directory.FindAsync(person.Username))!.IsRegistered);
        Assert.Null(Dc.Read(person.Dn, "extensionAttribute2"));
    }

    [SambaFact]
    public async Task ADepartmentalAccountIsNeverUnlockedBySelfService()
    {
        var (person, _, _) = NewPerson("dept", employeeType: "departmental");
        for (var i = 0; i < SambaDcServer.MaxFailures; i++)
        {
            Dc.TryBind(person.Username, "Wrong-Password-1");
        }

        await _bot.Flow(_bot.NewUser())
            .Send("I'm locked out of my account").AssertReply(AccountTexts.AskIdentifier)
            .Send(person.Username).AssertReply(AccountTexts.Departmental)
            .StartTestAsync();

        Assert.False(Dc.TryBind(person.Username, Password));
    }

    [SambaFact]
    public async Task WhenTheServiceAccountLacksTheRightToUnlockThePersonIsToldToCallTheServiceDesk_NotSomethingWentWrong()
    {
        var weak = Dc.CreatePerson("svcflow", "Service-Pass-2231");
        var (person, phone, _) = NewPerson("norights");
        for (var i = 0; i < SambaDcServer.MaxFailures; i++)
        {
            Dc.TryBind(person.Username, "Wrong-Password-1");
        }
        var settings = Dc.BotSettings();
        settings["Directory:Ldap:BindDn"] = weak.Dn;
        settings["Directory:Ldap:BindPassword"] = "Service-Pass-2231";
        using var bot = new BotHarness(settings);
        var user = bot.NewUser();
        await bot.Flow(user)
            .Send("I'm locked out of my account").AssertReply(AccountTexts.AskIdentifier)
            .Send(person.Username).AssertReply(_ => { })
            .Send(SafeCodeDialogTexts.TextChoice).AssertReply(_ => { })
            .StartTestAsync();
        var code = await bot.SafeCodeSentToAsync(phone);

        var replies = new List<string>();
        await bot.Flow(user)
            .Send(code).AssertReply(SafeCodeDialogTexts.Verified).AssertReply(r => replies.Add(Text(r)))
            .StartTestAsync();

        var reply = Assert.Single(replies);
        Assert.Contains("617-432-2000", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("went wrong", reply, StringComparison.OrdinalIgnoreCase);
        Assert.False(Dc.TryBind(person.Username, Password));
    }

    /// <summary>The SafeCode by e-mail and the reset link from the card, as a person gets them in Web Chat.</summary>
    private async Task<Uri> LinkThroughTheChatAsync(string ask, string username, string email)
    {
        var user = _bot.NewUser();
        await _bot.Flow(user)
            .Send(ask).AssertReply(AccountTexts.AskIdentifier)
            .Send(username).AssertReply(_ => { })
            .Send(SafeCodeDialogTexts.EmailChoice).AssertReply(SafeCodeDialogTexts.SentIfOnFile(MessageChannel.Email))
            .StartTestAsync();
        var code = await _bot.SafeCodeSentToAsync(email);
        Uri? link = null;
        await _bot.Flow(user)
            .Send(code).AssertReply(SafeCodeDialogTexts.Verified)
            .AssertReply(reply =>
            {
                Assert.Equal("Set your new password", CardTitle(reply));
                link = new Uri((string)((JObject)((Activity)reply).Attachments[0].Content)["actions"]![0]!["url"]!);
            })
            .StartTestAsync();
        return link!;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient browser, Uri link, string password) =>
        browser.PostAsync(new Uri(link.PathAndQuery, UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["password"] = password,
            ["confirm"] = password,
        }));

    private sealed class RecordingChannel : IProactiveChannel
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(ConversationReference Conversation, IActivity Activity)> _sent = new();

        public IReadOnlyList<(ConversationReference Conversation, IActivity Activity)> Sent => [.. _sent];

        public bool Handles(ConversationReference conversation) => true;

        public Task SendAsync(ConversationReference conversation, IActivity activity, CancellationToken cancellationToken = default)
        {
            _sent.Enqueue((conversation, activity));
            return Task.CompletedTask;
        }
    }

    /// <summary>Teams' roster for one member (GET v3/conversations/{id}/members/{id}), as TeamsInfo.GetMemberAsync asks it.</summary>
    private sealed class Roster(string aadObjectId, string userPrincipalName) : IMiddleware
    {
        public Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken = default)
        {
            var member = new JObject
            {
                ["id"] = turnContext.Activity.From.Id,
                ["name"] = turnContext.Activity.From.Name,
                ["aadObjectId"] = aadObjectId,
                ["userPrincipalName"] = userPrincipalName,
            };
            turnContext.TurnState.Add<IConnectorClient>(new ConnectorClient(new Uri("https://roster.test/"), MicrosoftAppCredentials.Empty, new Answer(member.ToString())));
            return next(cancellationToken);
        }

        private sealed class Answer(string json) : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                Task.FromResult(request.RequestUri!.AbsolutePath.Contains("/members/", StringComparison.Ordinal)
                    ? new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json") }
                    : new HttpResponseMessage(HttpStatusCode.NotFound));
        }
    }
}
