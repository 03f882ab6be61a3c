using System.Collections.Concurrent;
using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.Messaging;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace HelpBot.Dialogs.Tests.Handoff;

/// <summary>
/// The real host (<see cref="BotHarness"/>) with a clock the test sets (in service hours unless told otherwise), a
/// desk that records what it hears (as the agent console would), and proactive sends recorded in place of the Bot
/// Framework Connector (as the reminder tests do).
/// </summary>
public sealed class HandoffHarness : IDisposable
{
    /// <summary>Tuesday 1 December 2026, 10:00 in Boston: the desk is open.</summary>
    public static readonly DateTimeOffset OpenHours = new(2026, 12, 1, 15, 0, 0, TimeSpan.Zero);

    /// <summary>Saturday 5 December 2026, 10:00 in Boston: closed until Monday 08:00.</summary>
    public static readonly DateTimeOffset Weekend = new(2026, 12, 5, 15, 0, 0, TimeSpan.Zero);

    public HandoffHarness(DateTimeOffset? now = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        Time = new FakeTimeProvider(now ?? OpenHours);
        // The real service hours (the test host's default is 24/7), judged by the fake clock.
        var withHours = new Dictionary<string, string?> { ["Handoff:ServiceHours"] = "Mon-Fri 08:00-18:00" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            withHours[key] = value;
        }
        Bot = new BotHarness(withHours, services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            services.RemoveAll<IProactiveChannel>();
            services.AddSingleton<IProactiveChannel>(Channel);
            services.AddSingleton<IDeskNotifications>(Desk);
            configure?.Invoke(services);
        });
    }

    public BotHarness Bot { get; }

    public FakeTimeProvider Time { get; }

    public RecordingChannel Channel { get; } = new();

    public RecordingDesk Desk { get; } = new();

    public IEscalationStore Store => Bot.Services.GetRequiredService<IEscalationStore>();

    public AgentDesk Agents => Bot.Services.GetRequiredService<AgentDesk>();

    public TestAdapter NewUser(string name = "web-user", string channelId = "directline", string? aadObjectId = null) => Bot.NewUser(name, channelId, aadObjectId);

    public TestFlow Flow(TestAdapter user) => Bot.Flow(user);

    /// <summary>One turn: the user says <paramref name="text"/>; every reply of that turn (messages and events), in order.</summary>
    public Task<IReadOnlyList<Activity>> SayAsync(TestAdapter user, string text) => SendAsync(user, user.MakeActivity(text));

    public async Task<IReadOnlyList<Activity>> SendAsync(TestAdapter user, Activity activity)
    {
        ArgumentNullException.ThrowIfNull(user);
        await user.ProcessActivityAsync(activity, Bot.Services.GetRequiredService<Microsoft.Bot.Builder.IBot>().OnTurnAsync, CancellationToken.None);
        var replies = new List<Activity>();
        while (user.GetNextReply() is Activity reply)
        {
            replies.Add(reply);
        }
        return replies;
    }

    /// <summary>The text of the turn's messages, joined (events and typing left out).</summary>
    public static string Texts(IEnumerable<Activity> replies) =>
        string.Join("\n", replies.Where(r => r.Type == ActivityTypes.Message).Select(r => r.Text ?? BotHarness.CardTitle(r) ?? ""));

    /// <summary>The live escalation of this user's conversation.</summary>
    public async Task<Escalation> LiveAsync(TestAdapter user) =>
        await Store.FindOpenByConversationAsync(user.Conversation.Conversation.Id) ?? throw new InvalidOperationException("no live escalation");

    /// <summary>The newest escalation of this user's conversation, whatever its state.</summary>
    public async Task<Escalation> LatestAsync(TestAdapter user) =>
        (await Store.ListSinceAsync(DateTimeOffset.MinValue)).Last(e => e.ConversationId == user.Conversation.Conversation.Id);

    /// <summary>The texts proactively sent into this user's conversation.</summary>
    public IReadOnlyList<IActivity> SentTo(TestAdapter user) =>
        Channel.Sent.Where(s => s.Conversation.Conversation.Id == user.Conversation.Conversation.Id).Select(s => s.Activity).ToList();

    public void Dispose() => Bot.Dispose();

    public sealed class RecordingChannel : IProactiveChannel
    {
        private readonly ConcurrentQueue<(ConversationReference Conversation, IActivity Activity)> _sent = new();

        public IReadOnlyList<(ConversationReference Conversation, IActivity Activity)> Sent => [.. _sent];

        public bool Handles(ConversationReference conversation) => true;

        public Task SendAsync(ConversationReference conversation, IActivity activity, CancellationToken cancellationToken = default)
        {
            _sent.Enqueue((conversation, activity));
            return Task.CompletedTask;
        }
    }

    /// <summary>What a desk (the console, the Teams channel) hears, in order.</summary>
    public sealed class RecordingDesk : IDeskNotifications
    {
        private readonly ConcurrentQueue<(string Kind, Escalation Escalation, TranscriptLine? Line)> _heard = new();

        public IReadOnlyList<(string Kind, Escalation Escalation, TranscriptLine? Line)> Heard => [.. _heard];

        public IEnumerable<TranscriptLine> UserMessages => Heard.Where(h => h.Kind == "message").Select(h => h.Line!);

        public Task EscalationChangedAsync(Escalation escalation, CancellationToken cancellationToken = default)
        {
            _heard.Enqueue(("changed", escalation, null));
            return Task.CompletedTask;
        }

        public Task UserMessageAsync(Escalation escalation, TranscriptLine line, CancellationToken cancellationToken = default)
        {
            _heard.Enqueue(("message", escalation, line));
            return Task.CompletedTask;
        }

        public Task UserTypingAsync(Escalation escalation, CancellationToken cancellationToken = default)
        {
            _heard.Enqueue(("typing", escalation, null));
            return Task.CompletedTask;
        }
    }
}
