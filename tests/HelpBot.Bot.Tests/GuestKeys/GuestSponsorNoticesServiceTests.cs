using HelpBot.Bot.GuestKeys;
using HelpBot.Dialogs.GuestKeys;
using HelpBot.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Bot.Tests.GuestKeys;

public sealed class GuestSponsorNoticesServiceTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("helpbot-guest-notices-").FullName;

    [Fact]
    public async Task ARestartDoesNotRepeatANoticeAlreadySent()
    {
        var outbox = new OutboxFile(Path.Combine(_folder, "outbox.jsonl"));
        using (var first = Host())
        {
            var service = first.Services.GetRequiredService<GuestKeyService>();
            var form = new GuestInvitationForm
            {
                FirstName = "Ana", LastName = "Lopez", Email = "ana@example.com", Organisation = "Acme",
                Role = nameof(GuestRole.Consultant), Reason = "Data analysis",
                LastDay = service.Today().AddDays(5).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            };
            var issued = await service.IssueAsync("akumar", form, AuditScope.System);
            var redeemed = await service.RedeemAsync("Lopez", issued.Key, AuditScope.System);
            await service.RegisterAsync(redeemed.Invitation!, AuditScope.System);

            // Registered, and five days from the end: both notices (from this pass, or the start-up pass if it ran later).
            await first.Services.GetRequiredService<GuestSponsorNoticesService>().RunOnceAsync(default);
            await outbox.WaitForAsync("akumar@hms.harvard.edu", 0, new System.Text.RegularExpressions.Regex("registered for eCommons"));
            await outbox.WaitForAsync("akumar@hms.harvard.edu", 0, new System.Text.RegularExpressions.Regex("5 days from now"));
        }
        var before = outbox.Count();

        using (var second = Host())
        {
            Assert.Equal(0, await second.Services.GetRequiredService<GuestSponsorNoticesService>().RunOnceAsync(default));
        }
        Assert.Equal(before, outbox.Count());
        Assert.Equal(2, outbox.Read().Count(m => (string?)m["to"] == "akumar@hms.harvard.edu"));
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private HelpBotFactory Host()
    {
        var factory = new HelpBotFactory(new Dictionary<string, string?>
        {
            ["Storage:Path"] = Path.Combine(_folder, "helpbot.db"),
            ["Messaging:OutboxPath"] = Path.Combine(_folder, "outbox.jsonl"),
        });
        _ = factory.Server;
        return factory;
    }
}
