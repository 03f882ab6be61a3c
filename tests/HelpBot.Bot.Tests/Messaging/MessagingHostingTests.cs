using System.Text.Json;
using HelpBot.Bot.Audit;
using HelpBot.Bot.Messaging;
using HelpBot.Bot.Storage;
using HelpBot.Bot.Tests.SafeCode;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Tests.Messaging;

/// <summary>Delivery as the real host wires it: the queue, the background sender, the configured senders.</summary>
public sealed class MessagingHostingTests
{
    [Fact]
    public void BothChannelsGoToTheOutboxFileByDefault()
    {
        using var factory = new HelpBotFactory();

        var routing = Assert.IsType<RoutingMessageSender>(factory.Services.GetRequiredService<IMessageSender>());

        var outbox = Assert.IsType<OutboxFileSender>(routing.Email);
        Assert.Same(outbox, routing.Text);
        Assert.Equal(Path.Combine(factory.DataDirectory, "outbox.jsonl"), outbox.FilePath);
    }

    [Fact]
    public void SmtpAndTwilioAreChosenByConfiguration()
    {
        using var factory = new HelpBotFactory(new Dictionary<string, string?>
        {
            ["Messaging:Email"] = "Smtp",
            ["Messaging:Smtp:Host"] = "127.0.0.1",
            ["Messaging:Smtp:From"] = "no-reply@hms.harvard.edu",
            ["Messaging:Text"] = "Twilio",
            ["Messaging:Twilio:AccountSid"] = "AC00000000000000000000000000000001",
            ["Messaging:Twilio:AuthToken"] = "token",
            ["Messaging:Twilio:From"] = "+16175550100",
        });

        var routing = Assert.IsType<RoutingMessageSender>(factory.Services.GetRequiredService<IMessageSender>());

        Assert.IsType<SmtpEmailSender>(routing.Email);
        Assert.IsType<TwilioSmsSender>(routing.Text);
    }

    [Fact]
    public void SmtpWithoutAHostStopsTheStartNamingTheKey()
    {
        using var factory = new HelpBotFactory(new Dictionary<string, string?> { ["Messaging:Email"] = "Smtp", ["Messaging:Smtp:Password"] = "s3cret-pw" });

        var error = Assert.Throws<OptionsValidationException>(() => factory.Services);

        Assert.Contains("Messaging:Smtp:Host is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("Messaging:Smtp:From", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownTextSenderStopsTheStartNamingTheKey()
    {
        using var factory = new HelpBotFactory(new Dictionary<string, string?> { ["Messaging:Text"] = "Pigeon" });

        var error = Assert.Throws<OptionsValidationException>(() => factory.Services);

        Assert.Contains("Messaging:Text is 'Pigeon'; use Outbox", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASafeCodeSentThroughTheHostArrivesInTheOutboxAndVerifies()
    {
        using var factory = new HelpBotFactory();
        var safeCode = factory.Services.GetRequiredService<ISafeCodeService>();

        var ticket = await safeCode.SendAsync(new SafeCodeRequest("jsmith", MessageChannel.Text, SafeCodePurpose.Unlock, "c-host", "webchat", "u-1"));
        var line = await WaitForOutboxLineAsync(Path.Combine(factory.DataDirectory, "outbox.jsonl"));

        using var json = JsonDocument.Parse(line);
        Assert.Equal("+16175550101", json.RootElement.GetProperty("to").GetString());
        var code = SafeCodeHarness.SixDigits().Match(json.RootElement.GetProperty("text").GetString()!).Value;
        var result = await safeCode.VerifyAsync(ticket.ChallengeId!, "c-host", SafeCodePurpose.Unlock, code);
        Assert.Equal(SafeCodeVerifyOutcome.Verified, result.Outcome);
        Assert.True(File.Exists(Path.Combine(factory.DataDirectory, "safecode.key")));
    }

    [Fact]
    public async Task C6_ASendReturnsWithoutWaitingForASlowDelivery()
    {
        var slow = new SlowSender();
        using var root = new HelpBotFactory();
        using var factory = root.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IMessageSender>(slow)));
        var safeCode = factory.Services.GetRequiredService<ISafeCodeService>();

        var ticket = await safeCode.SendAsync(new SafeCodeRequest("jsmith", MessageChannel.Email, SafeCodePurpose.ResetPassword, "c-slow", "webchat", "u-1"));

        Assert.Equal(SafeCodeSendOutcome.Sent, ticket.Outcome);
        // The sender has the message (or will) but has not finished: the turn did not wait for it.
        await slow.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(slow.Finished);
        slow.Release.SetResult();
    }

    [Fact]
    public async Task NoAuditEntryOrLogLineEverContainsTheCode()
    {
        var logs = new CapturingLoggerProvider();
        using var root = new HelpBotFactory();
        using var factory = root.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));
        var safeCode = factory.Services.GetRequiredService<ISafeCodeService>();

        var ticket = await safeCode.SendAsync(new SafeCodeRequest("jsmith", MessageChannel.Text, SafeCodePurpose.Unlock, "c-scan", "webchat", "u-1"));
        using var json = JsonDocument.Parse(await WaitForOutboxLineAsync(Path.Combine(root.DataDirectory, "outbox.jsonl")));
        var code = SafeCodeHarness.SixDigits().Match(json.RootElement.GetProperty("text").GetString()!).Value;
        await safeCode.VerifyAsync(ticket.ChallengeId!, "c-scan", SafeCodePurpose.Unlock, SafeCodeHarness.WrongCode(code));
        await safeCode.VerifyAsync(ticket.ChallengeId!, "c-scan", SafeCodePurpose.Unlock, code);

        var database = factory.Services.GetRequiredService<HelpBotDatabase>();
        var audit = database.GetCollection(LiteDbAuditLog.CollectionName).FindAll().Select(d => LiteDB.JsonSerializer.Serialize(d)).ToList();
        Assert.Equal(3, audit.Count);
        Assert.All(audit, a => Assert.DoesNotContain(code, a, StringComparison.Ordinal));
        // The outbox logs just after it appends; Serilog quotes string values for other providers.
        for (var i = 0; i < 100 && !logs.Lines.Any(l => l.Contains("•••• 0101", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(50);
        }
        Assert.Contains(logs.Lines, l => l.Contains("queued a", StringComparison.Ordinal) && l.Contains("•••• 0101", StringComparison.Ordinal));
        Assert.All(logs.Lines, l => Assert.DoesNotContain(code, l, StringComparison.Ordinal));
    }

    private static async Task<string> WaitForOutboxLineAsync(string path)
    {
        for (var i = 0; i < 200; i++)
        {
            if (File.Exists(path) && File.ReadAllLines(path) is [var line, ..])
            {
                return line;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Nothing reached {path}.");
    }

    private sealed class SlowSender : IMessageSender
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public bool Finished { get; private set; }

        public async Task SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
        {
            Started.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
            Finished = true;
        }
    }
}
