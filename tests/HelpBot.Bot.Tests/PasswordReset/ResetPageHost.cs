using System.Collections.Concurrent;
using System.Net;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Audit;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.PasswordReset;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HelpBot.Bot.Tests.PasswordReset;

/// <summary>
/// The real host (TestServer, a real LiteDB file) with the ports the reset page calls replaced by small in-test
/// implementations: the directory over a dictionary, an in-memory audit log, a chat channel that records what is
/// posted, a clock the test moves, and a log sink.
/// </summary>
internal sealed class ResetPageHost : IDisposable
{
    public const string ChatServiceUrl = "urn:test:chat";

    private readonly HelpBotFactory _factory;
    private readonly WebApplicationFactory<Program> _host;

    public ResetPageHost(IDictionary<string, string?>? settings = null)
    {
        _factory = new HelpBotFactory(settings);
        _host = _factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IAccountDirectory>(Directory);
            services.AddSingleton<IAuditLog>(Audit);
            services.AddSingleton<IProactiveChannel>(Chat);
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<ILoggerProvider>(Logs);
        }));
        Client = _host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    public DictionaryDirectory Directory { get; } = new();
    public MemoryAuditLog Audit { get; } = new();
    public RecordingChat Chat { get; } = new();
    public ManualTime Time { get; } = new(new DateTimeOffset(2026, 3, 2, 19, 2, 0, TimeSpan.Zero));
    public LogCapture Logs { get; } = new();
    public HttpClient Client { get; }
    public IServiceProvider Services => _host.Services;

    public static ConversationReference Conversation(string id = "conv-1") => new()
    {
        ChannelId = "test",
        ServiceUrl = ChatServiceUrl,
        Conversation = new ConversationAccount(id: id),
        User = new ChannelAccount(id: "user-1"),
        Bot = new ChannelAccount(id: "helpbot"),
    };

    /// <summary>A link for <paramref name="username"/>, as the chat flow issues it; returns its path and token.</summary>
    public async Task<(string Path, string Token, ResetLink Link)> IssueAsync(string username, string conversationId = "conv-1")
    {
        var link = await Services.GetRequiredService<IResetLinks>().IssueAsync(username, ResetReason.Forgotten, Conversation(conversationId));
        var path = link.Url.AbsolutePath;
        return (path, path["/reset/".Length..], link);
    }

    public Task<HttpResponseMessage> PostAsync(string path, string password, string? confirm = null, string? username = null, params (string, string)[] headers)
    {
        var fields = new List<KeyValuePair<string, string>> { new("password", password), new("confirm", confirm ?? password) };
        if (username is not null)
        {
            fields.Add(new("username", username));
        }
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = new FormUrlEncodedContent(fields) };
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => Client.GetAsync(new Uri(path, UriKind.Relative));

    public static async Task<string> TextOf(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    public void Dispose()
    {
        Client.Dispose();
        _host.Dispose();
        _factory.Dispose();
    }
}

/// <summary>An <see cref="IAccountDirectory"/> over a dictionary: accounts, and their passwords in clear (test only).</summary>
internal sealed class DictionaryDirectory : IAccountDirectory
{
    private readonly ConcurrentDictionary<string, Account> _accounts = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentDictionary<string, string> Passwords { get; } = new(StringComparer.OrdinalIgnoreCase);

    public void Add(Account account, string password = "Old-password-not-used")
    {
        _accounts[account.Username] = account;
        Passwords[account.Username] = password;
    }

    public Account Get(string username) => _accounts[username];

    public Task<Account?> FindAsync(string usernameOrEmail, CancellationToken cancellationToken = default) =>
        Task.FromResult(_accounts.Values.FirstOrDefault(a =>
            string.Equals(a.Username, usernameOrEmail, StringComparison.OrdinalIgnoreCase)
            || string.Equals(a.Email, usernameOrEmail, StringComparison.OrdinalIgnoreCase)
            || string.Equals(a.AlternateEmail, usernameOrEmail, StringComparison.OrdinalIgnoreCase)));

    public Task<Account?> FindByHuidAsync(string huid, CancellationToken cancellationToken = default) =>
        Task.FromResult(_accounts.Values.FirstOrDefault(a => a.Huid == huid));

    public Task<Account?> FindByTeamsIdentityAsync(string? aadObjectId, string? userPrincipalName, CancellationToken cancellationToken = default) =>
        Task.FromResult<Account?>(null);

    public Task UnlockAsync(string username, CancellationToken cancellationToken = default)
    {
        _accounts[username] = _accounts[username] with { IsLocked = false };
        return Task.CompletedTask;
    }

    /// <summary>Passwords the directory refuses under a policy the page could not check before (e.g. history).</summary>
    public HashSet<string> Refuses { get; } = [];

    /// <summary>The policy the directory reports with a refusal (not offered up front).</summary>
    public DirectoryPasswordPolicy? RefusalPolicy { get; set; }

    public Task SetPasswordAsync(string username, string newPassword, CancellationToken cancellationToken = default)
    {
        if (Refuses.Contains(newPassword))
        {
            throw new PasswordRefusedException("refused", RefusalPolicy);
        }
        Passwords[username] = newPassword;
        _accounts[username] = _accounts[username] with { IsLocked = false, PasswordChangedAt = DateTimeOffset.UtcNow };
        return Task.CompletedTask;
    }

    public Task<bool> CheckPasswordAsync(string username, string password, CancellationToken cancellationToken = default) =>
        Task.FromResult(Passwords.TryGetValue(username, out var current) && current == password);
}

internal sealed class MemoryAuditLog : IAuditLog
{
    public ConcurrentQueue<AuditEntry> Entries { get; } = new();

    public Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        Entries.Enqueue(entry);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> ReadAsync(string? account = null, int limit = 100, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>(Entries.Reverse().Where(e => account is null || e.Account == account).Take(limit).ToList());
}

/// <summary>A proactive channel for the test conversations: records what the bot posts.</summary>
internal sealed class RecordingChat : IProactiveChannel
{
    public ConcurrentQueue<(ConversationReference Conversation, IActivity Activity)> Posted { get; } = new();

    public bool Handles(ConversationReference conversation) => conversation.ServiceUrl == ResetPageHost.ChatServiceUrl;

    public Task SendAsync(ConversationReference conversation, IActivity activity, CancellationToken cancellationToken = default)
    {
        Posted.Enqueue((conversation, activity));
        return Task.CompletedTask;
    }
}

internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

internal sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // The rendered message, the raw properties and the exception: a token must be in none of them.
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            sink.Lines.Enqueue($"{category}: {formatter(state, exception)} | {properties} | {exception}");
        }
    }
}
