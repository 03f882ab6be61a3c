using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using HelpBot.Bot.Messaging;
using HelpBot.Bot.Tests.SafeCode;
using HelpBot.Dialogs.Messaging;
using Microsoft.Extensions.Time.Testing;

namespace HelpBot.Bot.Tests.Messaging;

public sealed class OutboxFileSenderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("helpbot-outbox-").FullName;
    private readonly CapturingLoggerProvider _logs = new();

    public void Dispose()
    {
        _logs.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task EachMessageIsOneJsonLineInAFileWhoseFolderIsCreated()
    {
        var path = Path.Combine(_folder, "data", "outbox.jsonl");
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 4, 14, 2, 0, TimeSpan.Zero));
        var sender = new OutboxFileSender(path, time, _logs.CreateLogger<OutboxFileSender>());

        await sender.SendAsync(new OutboundMessage(MessageChannel.Text, "+16175550101", "s", "HMS IT SafeCode: 123456."));
        await sender.SendAsync(new OutboundMessage(MessageChannel.Email, "jane.smith@example.org", "s", "Hello\nthere"));

        var lines = File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal(["at", "channel", "to", "text"], first.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("text", first.RootElement.GetProperty("channel").GetString());
        Assert.Equal("+16175550101", first.RootElement.GetProperty("to").GetString());
        Assert.Equal("HMS IT SafeCode: 123456.", first.RootElement.GetProperty("text").GetString());
        Assert.Equal(time.GetUtcNow(), first.RootElement.GetProperty("at").GetDateTimeOffset());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("Hello\nthere", second.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task TheLogSaysAMessageWasQueuedToAMaskedAddressWithoutItsText()
    {
        var sender = new OutboxFileSender(Path.Combine(_folder, "outbox.jsonl"), TimeProvider.System, _logs.CreateLogger<OutboxFileSender>());

        await sender.SendAsync(new OutboundMessage(MessageChannel.Text, "+16175550101", "s", "HMS IT SafeCode: 123456."));

        var line = Assert.Single(_logs.Lines);
        Assert.Contains("queued a text message to •••• 0101", line, StringComparison.Ordinal);
        Assert.DoesNotContain("123456", line, StringComparison.Ordinal);
        Assert.DoesNotContain("5550101", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentMessagesNeverInterleave()
    {
        var path = Path.Combine(_folder, "outbox.jsonl");
        var sender = new OutboxFileSender(path, TimeProvider.System, _logs.CreateLogger<OutboxFileSender>());

        await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(() =>
            sender.SendAsync(new OutboundMessage(MessageChannel.Email, $"user{i}@example.org", "s", new string('x', 2000) + i)))));

        var lines = File.ReadAllLines(path);
        Assert.Equal(100, lines.Length);
        Assert.Equal(100, lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("to").GetString()).Distinct().Count());
    }
}

public sealed class SmtpEmailSenderTests(SmtpServerFixture smtp) : IClassFixture<SmtpServerFixture>
{
    [Fact]
    public async Task AnEmailReachesARealSmtpServer()
    {
        using var logs = new CapturingLoggerProvider();
        var sender = new SmtpEmailSender(new SmtpOptions { Host = "127.0.0.1", Port = smtp.Port, From = "HMS IT <no-reply@hms.harvard.edu>", Security = "None" }, logs.CreateLogger<SmtpEmailSender>());

        await sender.SendAsync(new OutboundMessage(MessageChannel.Email, "jane.smith@example.org", "Your HMS IT SafeCode", "Your HMS IT SafeCode is 424242"));

        var received = Assert.Single(smtp.Received(), m => m.Contains("424242", StringComparison.Ordinal));
        Assert.Contains("To: jane.smith@example.org", received, StringComparison.Ordinal);
        Assert.Contains("From: HMS IT <no-reply@hms.harvard.edu>", received, StringComparison.Ordinal);
        Assert.Contains("Subject: Your HMS IT SafeCode", received, StringComparison.Ordinal);
        Assert.All(logs.Lines, l => Assert.DoesNotContain("424242", l, StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("j•••@example.org", StringComparison.Ordinal));
    }
}

public sealed class TwilioSmsSenderTests
{
    [Fact]
    public async Task ATextMessageIsPostedToTheMessagesApiWithToFromAndBody()
    {
        await using var twilio = await FakeTwilio.StartAsync();
        using var logs = new CapturingLoggerProvider();
        using var sender = new TwilioSmsSender(new TwilioOptions
        {
            AccountSid = "AC00000000000000000000000000000001",
            AuthToken = "test-token",
            From = "+16175550100",
            BaseUrl = twilio.BaseUrl,
        }, logs.CreateLogger<TwilioSmsSender>());

        await sender.SendAsync(new OutboundMessage(MessageChannel.Text, "+16175550101", "s", "HMS IT SafeCode: 424242."));

        var call = Assert.Single(twilio.Calls);
        Assert.Equal("POST", call.Method);
        Assert.Equal("/2010-04-01/Accounts/AC00000000000000000000000000000001/Messages.json", call.Path);
        Assert.Equal("+16175550101", call.Form["To"]);
        Assert.Equal("+16175550100", call.Form["From"]);
        Assert.Equal("HMS IT SafeCode: 424242.", call.Form["Body"]);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.ASCII.GetBytes("AC00000000000000000000000000000001:test-token")), call.Authorization);
        Assert.All(logs.Lines, l => Assert.DoesNotContain("424242", l, StringComparison.Ordinal));
        Assert.All(logs.Lines, l => Assert.DoesNotContain("test-token", l, StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("•••• 0101", StringComparison.Ordinal));
    }

    /// <summary>Twilio's REST API stood in for by an HttpListener on 127.0.0.1 that records each call.</summary>
    private sealed class FakeTwilio : IAsyncDisposable
    {
        private readonly HttpListener _listener;
        private readonly Task _loop;

        private FakeTwilio(HttpListener listener, Uri baseUrl)
        {
            _listener = listener;
            BaseUrl = baseUrl;
            _loop = Task.Run(LoopAsync);
        }

        public Uri BaseUrl { get; }

        public ConcurrentQueue<Call> Calls { get; } = new();

        public static Task<FakeTwilio> StartAsync()
        {
            for (var attempt = 0; ; attempt++)
            {
                var port = Random.Shared.Next(20000, 60000);
                var listener = new HttpListener();
                listener.Prefixes.Add($"http://127.0.0.1:{port}/");
                try
                {
                    listener.Start();
                    return Task.FromResult(new FakeTwilio(listener, new Uri($"http://127.0.0.1:{port}/")));
                }
                catch (HttpListenerException) when (attempt < 20)
                {
                    ((IDisposable)listener).Dispose();
                }
            }
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var form = System.Web.HttpUtility.ParseQueryString(await reader.ReadToEndAsync());
                Calls.Enqueue(new Call(context.Request.HttpMethod, context.Request.Url!.AbsolutePath,
                    form.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => form[k]!), context.Request.Headers["Authorization"]));
                var body = Encoding.UTF8.GetBytes("""{"sid":"SM00000000000000000000000000000001","status":"queued","to":"+16175550101","from":"+16175550100","body":"(recorded)"}""");
                context.Response.StatusCode = 201;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            _listener.Close();
            await _loop;
        }

        public sealed record Call(string Method, string Path, Dictionary<string, string> Form, string? Authorization);
    }
}
