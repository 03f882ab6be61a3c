using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using HelpBot.Bot.AgentConsole;
using HelpBot.Dialogs.Audit;
using HelpBot.Dialogs.Handoff;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Bot.Tests.AgentConsole;

/// <summary>The desk through the console's own API and hub, as two signed-in agents use it: queue, take race, chat, transfer, resolve, metrics.</summary>
#pragma warning disable CA1001 // xunit disposes it through IAsyncLifetime.DisposeAsync.
public sealed class DeskConsoleTests : IAsyncLifetime
#pragma warning restore CA1001
{
    private static readonly DateTimeOffset Earlier = DateTimeOffset.UtcNow.AddMinutes(-30);

    private readonly ConsoleHost _host = new();
    private AgentSession _dana = null!;
    private AgentSession _sam = null!;

    public async Task InitializeAsync()
    {
        _dana = await _host.SignInAsync();
        _sam = await _host.SignInAsync(ConsoleHost.SecondAgent, ConsoleHost.SecondPassword);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task TheQueueIsOldestFirstWithPositions()
    {
        var first = await _host.EscalateAsync("conv-a", Earlier.AddMinutes(1));
        var second = await _host.EscalateAsync("conv-b", Earlier.AddMinutes(2));
        var third = await _host.EscalateAsync("conv-c", Earlier.AddMinutes(3));
        Assert.True(await _host.Store.TryTakeAsync(third.Ticket, ConsoleHost.SecondAgent, ConsoleHost.SecondAgentName, Earlier.AddMinutes(4)));

        var queue = await GetJsonAsync(_dana, "/agent/api/queue");
        var waiting = queue.GetProperty("waiting").EnumerateArray().ToList();
        Assert.Equal([first.Ticket, second.Ticket], waiting.Select(w => w.GetProperty("ticket").GetString()));
        Assert.Equal([1, 2], waiting.Select(w => w.GetProperty("position").GetInt32()));
        Assert.Empty(queue.GetProperty("mine").EnumerateArray());

        var samsQueue = await GetJsonAsync(_sam, "/agent/api/queue");
        Assert.Equal(third.Ticket, Assert.Single(samsQueue.GetProperty("mine").EnumerateArray()).GetProperty("ticket").GetString());
    }

    [Fact]
    public async Task TwoAgentsRacingThroughTheHubExactlyOneWinsEachTicket()
    {
        await using var dana = await _dana.ConnectAsync();
        await using var sam = await _sam.ConnectAsync();
        for (var i = 0; i < 8; i++)
        {
            var ticket = (await _host.EscalateAsync($"race-{i}", Earlier.AddSeconds(i))).Ticket;
            var results = await Task.WhenAll(
                dana.InvokeAsync<DeskResult>("Take", ticket),
                sam.InvokeAsync<DeskResult>("Take", ticket));

            Assert.Single(results, r => r.Ok);
            var loser = Assert.Single(results, r => !r.Ok);
            var stored = await _host.Store.GetAsync(ticket);
            Assert.Equal(EscalationStatus.Taken, stored!.Status);
            Assert.Equal($"Already taken by {stored.AgentName}.", loser.Message);
            // The user is told once who joined.
            Assert.Single(_host.UserSide.TextsTo($"race-{i}"), t => t.Contains(stored.AgentName!, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task TwoAgentsRacingThroughTheApiExactlyOneWins()
    {
        var ticket = (await _host.EscalateAsync("api-race", Earlier)).Ticket;
        var responses = await Task.WhenAll(
            _dana.SendAsync(HttpMethod.Post, $"/agent/api/escalations/{ticket}/take"),
            _sam.SendAsync(HttpMethod.Post, $"/agent/api/escalations/{ticket}/take"));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var conflict = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.StartsWith("Already taken by ", (await conflict.Content.ReadFromJsonAsync<DeskResult>())!.Message, StringComparison.Ordinal);
        foreach (var r in responses)
        {
            r.Dispose();
        }
    }

    [Fact]
    public async Task TakingThroughTheApiNeedsThePagesAntiforgeryToken()
    {
        var ticket = (await _host.EscalateAsync("csrf", Earlier)).Ticket;
        using var client = _host.Client();
        using var forged = new HttpRequestMessage(HttpMethod.Post, $"/agent/api/escalations/{ticket}/take");
        forged.Headers.Add("Cookie", _dana.Cookie);
        using var response = await client.SendAsync(forged);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(EscalationStatus.Waiting, (await _host.Store.GetAsync(ticket))!.Status);
    }

    [Fact]
    public async Task MessagesGoBothWaysAndTheAgentNeverSeesACode_C4_H2()
    {
        var ticket = (await _host.EscalateAsync("chat", Earlier, "jsmith", EscalationReason.UserAsked,
            new TranscriptLine(TranscriptFrom.User, "talk to a person", Earlier))).Ticket;
        await using var dana = await _dana.ConnectAsync();
        var lines = Channel.CreateUnbounded<(string Ticket, LineView Line)>();
        var typing = Channel.CreateUnbounded<string>();
        dana.On<string, LineView>("Line", (t, l) => lines.Writer.TryWrite((t, l)));
        dana.On<string>("Typing", t => typing.Writer.TryWrite(t));
        await dana.InvokeAsync("Watch", ticket);
        Assert.True((await dana.InvokeAsync<DeskResult>("Take", ticket)).Ok);

        // Agent → user, through the proactive path into the user's own conversation.
        Assert.True((await dana.InvokeAsync<DeskResult>("Send", ticket, "Hi Jane, I can help with that.")).Ok);
        Assert.Contains(_host.UserSide.TextsTo("chat"), t => t.Contains("Hi Jane, I can help with that.", StringComparison.Ordinal));
        Assert.Equal("Hi Jane, I can help with that.", (await ReadAsync(lines)).Line.Text);
        Assert.True((await dana.InvokeAsync<DeskResult>("Typing", ticket)).Ok);
        Assert.Contains(_host.UserSide.Sent, s => s.ConversationId == "chat" && s.Activity.Type == ActivityTypes.Typing);

        // User → agent: the host tells every desk; even a line that reached the desk unredacted shows no code.
        var notifier = _host.Services.GetRequiredService<DeskNotifier>();
        var escalation = (await _host.Store.GetAsync(ticket))!;
        await notifier.UserTypingAsync(escalation);
        Assert.Equal(ticket, await ReadAsync(typing));
        await notifier.UserMessageAsync(escalation, new TranscriptLine(TranscriptFrom.User, "the code was 482913", DateTimeOffset.UtcNow));
        var received = await ReadAsync(lines);
        Assert.Equal(ticket, received.Ticket);
        Assert.Equal("User", received.Line.From);
        Assert.DoesNotContain("482913", received.Line.Text, StringComparison.Ordinal);

        // Another agent cannot write into a conversation they do not hold.
        await using var sam = await _sam.ConnectAsync();
        var refused = await sam.InvokeAsync<DeskResult>("Send", ticket, "Hello from someone else");
        Assert.False(refused.Ok);
        Assert.DoesNotContain(_host.UserSide.TextsTo("chat"), t => t.Contains("someone else", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheConversationViewHasContextAndTheAccountPanelButNoSecrets_C4()
    {
        var ticket = (await _host.EscalateAsync("panel", Earlier, "jsmith", EscalationReason.DepartmentalAccount,
            new TranscriptLine(TranscriptFrom.User, "my code is 123456 and my HUID 12345678", Earlier))).Ticket;
        using var response = await _dana.SendAsync(HttpMethod.Get, $"/agent/api/escalations/{ticket}");
        var json = await response.Content.ReadAsStringAsync();
        var view = JsonDocument.Parse(json).RootElement;
        Assert.Equal("DepartmentalAccount", view.GetProperty("reason").GetString());
        Assert.Equal("directline", view.GetProperty("channel").GetString());
        Assert.False(view.GetProperty("verified").GetBoolean());
        var account = view.GetProperty("account");
        Assert.Equal("jsmith", account.GetProperty("username").GetString());
        Assert.True(account.TryGetProperty("isLocked", out _));
        Assert.True(account.TryGetProperty("passwordExpiresAt", out _));
        Assert.False(account.TryGetProperty("huid", out _));
        Assert.False(account.TryGetProperty("dateOfBirth", out _));

        var jane = await _host.Services.GetRequiredService<HelpBot.Dialogs.Accounts.IAccountDirectory>().FindAsync("jsmith");
        foreach (var secret in new[] { "123456", "12345678", jane!.Huid!, jane.TextPhone!, "conversationReference", "password\"" })
        {
            Assert.DoesNotContain(secret, json, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains("text phone ending 0101", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TransferHandsTheConversationToTheOtherAgent()
    {
        var ticket = (await _host.EscalateAsync("transfer", Earlier)).Ticket;
        await using var dana = await _dana.ConnectAsync();
        await using var sam = await _sam.ConnectAsync();
        Assert.True((await dana.InvokeAsync<DeskResult>("Take", ticket)).Ok);
        Assert.False((await sam.InvokeAsync<DeskResult>("Transfer", ticket, DemoAgent.Username)).Ok);

        var transferred = await dana.InvokeAsync<DeskResult>("Transfer", ticket, ConsoleHost.SecondAgent);
        Assert.True(transferred.Ok, transferred.Message);
        var stored = (await _host.Store.GetAsync(ticket))!;
        Assert.Equal(ConsoleHost.SecondAgent, stored.AgentId);
        Assert.Equal(ConsoleHost.SecondAgentName, stored.AgentName);
        Assert.Contains(_host.UserSide.TextsTo("transfer"), t => t.Contains(ConsoleHost.SecondAgentName, StringComparison.Ordinal));

        Assert.False((await dana.InvokeAsync<DeskResult>("Send", ticket, "still me?")).Ok);
        Assert.True((await sam.InvokeAsync<DeskResult>("Send", ticket, "Sam here.")).Ok);
        Assert.False((await sam.InvokeAsync<DeskResult>("Transfer", ticket, "nobody.at.all")).Ok);
    }

    [Fact]
    public async Task ResolvingSendsTheSurveyAndRecordsTheNoteAndTheAudit()
    {
        var ticket = (await _host.EscalateAsync("resolve", Earlier, "radiology")).Ticket;
        await using var dana = await _dana.ConnectAsync();
        var changed = Channel.CreateUnbounded<string>();
        dana.On<string>("TicketChanged", t => changed.Writer.TryWrite(t));
        Assert.True((await dana.InvokeAsync<DeskResult>("Take", ticket)).Ok);
        Assert.Equal(ticket, await ReadAsync(changed));

        var resolved = await dana.InvokeAsync<DeskResult>("Resolve", ticket, "Unlocked radiology after a call-back; user code 654321 not needed");
        Assert.True(resolved.Ok);
        var stored = (await _host.Store.GetAsync(ticket))!;
        Assert.Equal(EscalationStatus.Resolved, stored.Status);
        Assert.StartsWith("Unlocked radiology", stored.ResolutionNote, StringComparison.Ordinal);
        Assert.DoesNotContain("654321", stored.ResolutionNote, StringComparison.Ordinal);
        // The survey card reaches the user's conversation.
        Assert.Contains(_host.UserSide.Sent, s => s.ConversationId == "resolve" && (s.Activity as Activity)?.Attachments?.Count > 0);
        var audit = await _host.Services.GetRequiredService<IAuditLog>().ReadAsync("radiology");
        Assert.Contains(audit, e => e is { Action: EscalationAudit.Resolved, Actor: DemoAgent.Username });

        Assert.False((await dana.InvokeAsync<DeskResult>("Resolve", ticket, "again")).Ok);
    }

    [Fact]
    public async Task TheUnlockInviteReachesTheUserAndIsAuditedAsTheAgentsAction_C5()
    {
        var ticket = (await _host.EscalateAsync("invite", Earlier, "jsmith")).Ticket;
        await using var dana = await _dana.ConnectAsync();
        Assert.False((await dana.InvokeAsync<DeskResult>("SendUnlockInvite", ticket)).Ok);
        Assert.True((await dana.InvokeAsync<DeskResult>("Take", ticket)).Ok);
        Assert.True((await dana.InvokeAsync<DeskResult>("SendUnlockInvite", ticket)).Ok);
        Assert.Contains(_host.UserSide.TextsTo("invite"), t => t.Contains("unlock my account", StringComparison.Ordinal));
        var audit = await _host.Services.GetRequiredService<IAuditLog>().ReadAsync("jsmith");
        Assert.Contains(audit, e => e is { Action: "agent.unlock_invited", Outcome: "success", Actor: DemoAgent.Username });
    }

    [Fact]
    public async Task NoUnlockOrResetInviteGoesToTheUserOfADepartmentalAccount_R9()
    {
        // Escalated as departmental (the account named is not one the directory knows), and escalated for another
        // reason but naming the directory's departmental account: the bot tells both users it can't be done in the chat.
        var asDepartmental = (await _host.EscalateAsync("dept-reason", Earlier, "radiology-lab", EscalationReason.DepartmentalAccount)).Ticket;
        var namingOne = (await _host.EscalateAsync("dept-account", Earlier, "radiology", EscalationReason.UserAsked)).Ticket;
        await using var dana = await _dana.ConnectAsync();
        foreach (var ticket in new[] { asDepartmental, namingOne })
        {
            Assert.True((await dana.InvokeAsync<DeskResult>("Take", ticket)).Ok);
            foreach (var invite in new[] { "SendUnlockInvite", "SendResetInvite" })
            {
                var refused = await dana.InvokeAsync<DeskResult>(invite, ticket);
                Assert.False(refused.Ok);
                Assert.Contains("departmental account", refused.Message!, StringComparison.Ordinal);
            }
        }
        Assert.DoesNotContain(_host.UserSide.TextsTo("dept-reason"), t => t.Contains("unlock my account", StringComparison.Ordinal) || t.Contains("reset my password", StringComparison.Ordinal));
        Assert.DoesNotContain(_host.UserSide.TextsTo("dept-account"), t => t.Contains("unlock my account", StringComparison.Ordinal) || t.Contains("reset my password", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MetricsCountContainmentReasonsTimeToTakeAndSatisfaction()
    {
        var activity = _host.Services.GetRequiredService<DeskActivity>();
        foreach (var id in new[] { "m1", "m2", "m3", "m4" })
        {
            activity.Record("directline", id);
        }
        var created = DateTimeOffset.UtcNow.AddMinutes(-10);
        var a = await _host.EscalateAsync("m1", created, reason: EscalationReason.UserAsked);
        var b = await _host.EscalateAsync("m2", created, reason: EscalationReason.DepartmentalAccount);
        Assert.True(await _host.Store.TryTakeAsync(a.Ticket, "x", "X", created.AddSeconds(60)));
        Assert.True(await _host.Store.TryTakeAsync(b.Ticket, "x", "X", created.AddSeconds(180)));
        Assert.True(await _host.Store.ResolveAsync(a.Ticket, "x", null, created.AddMinutes(5)));
        Assert.True(await _host.Store.SetSatisfactionAsync(a.Ticket, 4));

        var m = await GetJsonAsync(_dana, "/agent/api/metrics?days=1");
        Assert.Equal(4, m.GetProperty("conversations").GetInt32());
        Assert.Equal(2, m.GetProperty("escalatedConversations").GetInt32());
        Assert.Equal(0.5, m.GetProperty("containment").GetDouble(), 3);
        Assert.Equal(1, m.GetProperty("byReason").GetProperty("UserAsked").GetInt32());
        Assert.Equal(1, m.GetProperty("byReason").GetProperty("DepartmentalAccount").GetInt32());
        Assert.Equal(120, m.GetProperty("medianSecondsToTake").GetDouble(), 3);
        Assert.Equal(120, m.GetProperty("averageSecondsToTake").GetDouble(), 3);
        Assert.Equal(4, m.GetProperty("satisfactionAverage").GetDouble(), 3);
        Assert.Equal(1, m.GetProperty("satisfactionCount").GetInt32());

        using var page = await _dana.SendAsync(HttpMethod.Get, "/agent/metrics");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Desk metrics", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> GetJsonAsync(AgentSession agent, string path)
    {
        using var response = await agent.SendAsync(HttpMethod.Get, path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<T> ReadAsync<T>(Channel<T> channel)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await channel.Reader.ReadAsync(timeout.Token);
    }
}
