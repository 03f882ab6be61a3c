using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using HelpBot.Bot.Accounts;
using HelpBot.Bot.Audit;
using HelpBot.Bot.SafeCode;
using HelpBot.Bot.Storage;
using HelpBot.Bot.Tests.Storage;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HelpBot.Bot.Tests.SafeCode;

/// <summary>
/// SafeCode wired as the host wires it, on a real LiteDB file in a temporary folder, with a fake clock and a queue that
/// keeps what would have been delivered.
/// </summary>
internal sealed partial class SafeCodeHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 3, 4, 14, 2, 0, TimeSpan.Zero);

    private readonly TempDatabaseFolder _folder = new();

    public SafeCodeHarness(Action<SafeCodeOptions>? configure = null)
    {
        Database = _folder.Open();
        Options = new SafeCodeOptions();
        configure?.Invoke(Options);
        Directory = new EmbeddedAccountDirectory(Database, Time, Microsoft.Extensions.Options.Options.Create(new DirectoryOptions()));
        Store = new LiteDbSafeCodeStore(Database);
        Audit = new LiteDbAuditLog(Database);
        Keys = new KeyRing(System.IO.Path.GetDirectoryName(Database.Path));
        Key = SafeCodeSetup.LoadKey(Options, Keys);
        Limits = new LiteDbRateLimits(Database);
        Service = new SafeCodeService(Directory, Store, Limits, Outbound, Audit, Key, Microsoft.Extensions.Options.Options.Create(Options), Time, Logs.CreateLogger<SafeCodeService>());
    }

    public FakeTimeProvider Time { get; } = new(Start);
    public HelpBotDatabase Database { get; }
    public LiteDbRateLimits Limits { get; }
    /// <summary>The key ring beside the database, as the host has it by default.</summary>
    public KeyRing Keys { get; }
    public SafeCodeOptions Options { get; }
    public EmbeddedAccountDirectory Directory { get; }
    public LiteDbSafeCodeStore Store { get; }
    public LiteDbAuditLog Audit { get; }
    public SafeCodeHashKey Key { get; }
    public CapturedOutbound Outbound { get; } = new();
    public CapturingLoggerProvider Logs { get; } = new();
    public SafeCodeService Service { get; }
    public string Folder => _folder.Folder;

    public Task<SafeCodeTicket> SendAsync(string identifier, MessageChannel channel = MessageChannel.Text, string conversation = "conv-1", SafeCodePurpose purpose = SafeCodePurpose.Unlock) =>
        Service.SendAsync(new SafeCodeRequest(identifier, channel, purpose, conversation, "webchat", "user-1"));

    public Task<SafeCodeVerification> VerifyAsync(SafeCodeTicket ticket, string code, string conversation = "conv-1", SafeCodePurpose purpose = SafeCodePurpose.Unlock) =>
        Service.VerifyAsync(ticket.ChallengeId!, conversation, purpose, code);

    /// <summary>The code in the last message queued to <paramref name="to"/>.</summary>
    public string LastCodeTo(string to)
    {
        var message = Outbound.Messages.Last(m => m.To == to);
        return SixDigits().Match(message.Text).Value;
    }

    /// <summary>A code that is certainly not <paramref name="code"/>.</summary>
    public static string WrongCode(string code) => code == "000000" ? "111111" : "000000";

    [GeneratedRegex(@"\b\d{6}\b")]
    public static partial Regex SixDigits();

    public void Dispose()
    {
        Database.Dispose();
        Logs.Dispose();
        _folder.Dispose();
    }
}

/// <summary>Keeps what SafeCode hands over for delivery.</summary>
internal sealed class CapturedOutbound : IOutboundMessages
{
    private readonly ConcurrentQueue<OutboundMessage> _messages = new();

    public IReadOnlyList<OutboundMessage> Messages => [.. _messages];

    public ValueTask EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        _messages.Enqueue(message);
        return ValueTask.CompletedTask;
    }
}

/// <summary>Every log line written, formatted, for tests that check what never appears in a log.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider, ILoggerFactory
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public ILogger<T> CreateLogger<T>() => new Logger<T>(this);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
    }
}
