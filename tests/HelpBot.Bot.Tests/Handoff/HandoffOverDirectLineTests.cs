using System.Text.Json.Nodes;
using HelpBot.Bot.DirectLine;
using HelpBot.Bot.Tests.DirectLine;
using HelpBot.Dialogs.Handoff;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Bot.Tests.Handoff;

/// <summary>
/// The relay over the real proactive path of Web Chat: the user talks through the built-in Direct Line endpoint, the
/// agent's words go through <see cref="AgentDesk"/> → IProactiveMessenger → the Direct Line adapter, and the user's
/// client reads them from the conversation like any bot message.
/// </summary>
public sealed class HandoffOverDirectLineTests
{
    [Fact]
    public async Task AgentAndUserTalkThroughTheUsersOwnWebChatConversationThenTheSurvey()
    {
        using var host = new DirectLineHost(new Dictionary<string, string?> { ["Handoff:ServiceHours"] = "24/7" });
        var token = host.NewToken();
        var conversation = token.ConversationId;
        await host.StartAsync(token.Token);
        var (_, watermark) = await host.PollAsync(conversation, token.Token);

        await host.PostAsync(conversation, token.Token, DirectLineHost.Message("talk to a person"));
        var (queued, afterQueue) = await host.PollAsync(conversation, token.Token, watermark);
        Assert.Contains(queued, a => DirectLineHost.IsBotMessage(a) && ((string?)a["text"])!.Contains("number 1 in the queue", StringComparison.Ordinal));
        // The handoff.initiate event reaches the Direct Line client too (Web Chat does not show events).
        Assert.Contains(queued, a => (string?)a["type"] == "event" && (string?)a["name"] == "handoff.initiate");

        var store = host.Services.GetRequiredService<IEscalationStore>();
        var escalation = Assert.Single(await store.ListOpenAsync());
        Assert.Equal(conversation, escalation.ConversationId);
        var desk = host.Services.GetRequiredService<AgentDesk>();
        Assert.True(await desk.TakeAsync(escalation.Ticket, "agent-alex", "Alex"));
        Assert.True(await desk.SendAsync(escalation.Ticket, "agent-alex", "Hello, I'm looking at your account now."));

        var (fromAgent, afterAgent) = await host.PollAsync(conversation, token.Token, afterQueue);
        var texts = fromAgent.Where(DirectLineHost.IsBotMessage).Select(a => (string?)a["text"]).ToList();
        Assert.Equal([HandoffTexts.AgentJoined("Alex"), "Hello, I'm looking at your account now."], texts);
        // The agent's words come from the agent, not from the bot: Web Chat shows their name and initials.
        var said = fromAgent.Single(a => (string?)a["text"] == "Hello, I'm looking at your account now.");
        Assert.Equal("Alex", (string?)said["from"]!["name"]);
        Assert.NotEqual(DirectLineAdapter.BotId, (string?)said["from"]!["id"]);
        Assert.Equal("Alex", (string?)said["channelData"]![AgentMessage.ChannelDataKey]!["name"]);
        Assert.Equal("A", (string?)said["channelData"]![AgentMessage.ChannelDataKey]!["initials"]);
        var joined = fromAgent.Single(a => (string?)a["text"] == HandoffTexts.AgentJoined("Alex"));
        Assert.Equal(DirectLineAdapter.BotId, (string?)joined["from"]!["id"]);

        await host.PostAsync(conversation, token.Token, DirectLineHost.Message("thank you! my code was 123456"));
        var (echoOnly, afterReply) = await host.PollAsync(conversation, token.Token, afterAgent);
        Assert.DoesNotContain(echoOnly, DirectLineHost.IsBotMessage); // relayed, not answered by the bot
        var transcript = (await store.GetAsync(escalation.Ticket))!.Transcript;
        Assert.Equal("thank you! my code was ••••••", transcript[^1].Text);

        Assert.True(await desk.ResolveAsync(escalation.Ticket, "agent-alex", "Explained the SafeCode"));
        var (survey, afterSurvey) = await host.PollAsync(conversation, token.Token, afterReply);
        var card = Assert.Single(survey, DirectLineHost.IsBotMessage);
        Assert.Equal(HandoffTexts.Resolved, (string?)card["text"]);
        Assert.Equal("handoff.survey", (string?)card["attachments"]![0]!["content"]!["actions"]![0]!["data"]!["action"]);

        await host.PostAsync(conversation, token.Token, DirectLineHost.Message("5"));
        var (thanks, _) = await host.PollAsync(conversation, token.Token, afterSurvey);
        Assert.Equal(HandoffTexts.SurveyThanks, (string?)thanks.Single(DirectLineHost.IsBotMessage)["text"]);
        Assert.Equal(5, (await store.GetAsync(escalation.Ticket))!.Satisfaction);
    }

    [Fact]
    public async Task Finding3_AWebChatUserPostingHandoffStatusCannotCloseOrTakeTheirTicket()
    {
        using var host = new DirectLineHost(new Dictionary<string, string?> { ["Handoff:ServiceHours"] = "24/7" });
        var token = host.NewToken();
        var conversation = token.ConversationId;
        await host.StartAsync(token.Token);
        await host.PostAsync(conversation, token.Token, DirectLineHost.Message("talk to a person"));
        var store = host.Services.GetRequiredService<IEscalationStore>();
        var waiting = Assert.Single(await store.ListOpenAsync());
        var audit = host.Services.GetRequiredService<HelpBot.Dialogs.Audit.IAuditLog>();
        var audited = (await audit.ReadAsync(limit: 1000)).Count;

        // What any Web Chat page can post through Direct Line: the hub's event, naming itself.
        foreach (var state in new[] { "accepted", "completed", "failed" })
        {
            await host.PostAsync(conversation, token.Token, new JsonObject
            {
                ["type"] = "event",
                ["name"] = "handoff.status",
                ["channelId"] = "hub",
                ["value"] = new JsonObject { ["state"] = state, ["message"] = "spoofed" },
            });
        }

        var after = (await store.GetAsync(waiting.Ticket))!;
        Assert.Equal(EscalationStatus.Waiting, after.Status);
        Assert.Null(after.AgentId);
        Assert.Equal(audited, (await audit.ReadAsync(limit: 1000)).Count);
        var (activities, _) = await host.PollAsync(conversation, token.Token);
        Assert.DoesNotContain(activities, a => (string?)a["text"] is HandoffTexts.HubCompleted or HandoffTexts.HubFailed);
    }
}
