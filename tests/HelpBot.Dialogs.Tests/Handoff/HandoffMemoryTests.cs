using HelpBot.Dialogs.Handoff;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;

namespace HelpBot.Dialogs.Tests.Handoff;

/// <summary>What the handoff keeps per conversation survives between turns, and across the change of its stored form.</summary>
public class HandoffMemoryTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 29, 14, 5, 0, TimeSpan.FromHours(-5));

    [Fact]
    public async Task MemoryStoredByTheEarlierVersionAsAnObjectIsReadAndThenKeptAsText()
    {
        var storage = new MemoryStorage();
        // The earlier version handed ConversationState the object itself (Newtonsoft wrote it).
        await TurnAsync(storage, async (state, turn) =>
        {
            await state.CreateProperty<HandoffConversation>(HandoffMemory.PropertyName).SetAsync(turn, new HandoffConversation
            {
                Ticket = "HD-000042",
                Username = "jsmith",
                Verified = true,
                Recent = [new RecentMessage { From = TranscriptFrom.User, Text = "talk to a person", At = At }],
            });
        });

        await TurnAsync(storage, async (state, turn) =>
        {
            var memory = new HandoffMemory(state);
            var conversation = await memory.GetAsync(turn);
            Assert.Equal(("HD-000042", "jsmith", true), (conversation.Ticket, conversation.Username, conversation.Verified));
            var line = Assert.Single(conversation.Recent);
            Assert.Equal((TranscriptFrom.User, "talk to a person", At), (line.From, line.Text, line.At));
            conversation.Recent.Add(new RecentMessage { From = TranscriptFrom.Bot, Text = "I'll find someone.", At = At.AddSeconds(1) });
            await memory.StoreAsync(turn);
        });

        await TurnAsync(storage, async (state, turn) =>
        {
            var conversation = await new HandoffMemory(state).GetAsync(turn);
            Assert.Equal(["talk to a person", "I'll find someone."], conversation.Recent.Select(r => r.Text));
            Assert.Equal("HD-000042", conversation.Ticket);
        });
    }

    [Fact]
    public async Task WhatATurnChangesIsKeptOnlyWhenItIsStored_AndUnreadableMemoryStartsAgainEmpty()
    {
        var storage = new MemoryStorage();
        await TurnAsync(storage, async (state, turn) =>
            (await new HandoffMemory(state).GetAsync(turn)).Ticket = "HD-000007"); // never stored
        await TurnAsync(storage, async (state, turn) =>
            Assert.Null((await new HandoffMemory(state).GetAsync(turn)).Ticket));

        await TurnAsync(storage, (state, turn) =>
            state.CreateProperty<object>(HandoffMemory.PropertyName).SetAsync(turn, "{ not json"));
        await TurnAsync(storage, async (state, turn) =>
            Assert.Empty((await new HandoffMemory(state).GetAsync(turn)).Recent));
    }

    private static async Task TurnAsync(IStorage storage, Func<ConversationState, ITurnContext, Task> work)
    {
        var activity = new Activity(ActivityTypes.Message)
        {
            ChannelId = "test",
            Conversation = new ConversationAccount { Id = "c-memory" },
            From = new ChannelAccount { Id = "u" },
            Recipient = new ChannelAccount { Id = "bot" },
            Text = "hi",
        };
        using var turn = new TurnContext(new TestAdapter(), activity);
        var state = new ConversationState(storage);
        await work(state, turn);
        await state.SaveChangesAsync(turn);
    }
}
