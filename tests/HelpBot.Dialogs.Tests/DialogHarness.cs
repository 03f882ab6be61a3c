using HelpBot.Dialogs.Engine;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.Tests;

/// <summary>
/// Runs one root dialog per turn on a TestAdapter, loading and saving ConversationState from <see cref="Storage"/>
/// on every turn, so each test also proves that the dialog state survives a storage round trip between turns.
/// </summary>
public sealed class DialogHarness
{
    public DialogHarness(Func<Dialog> createRoot, IStorage? storage = null, TestAdapter? adapter = null)
    {
        Storage = storage ?? new MemoryStorage();
        CreateRoot = createRoot;
        Adapter = adapter ?? new TestAdapter(TestAdapter.CreateConversation("engine-test"));
    }

    public IStorage Storage { get; }

    public Func<Dialog> CreateRoot { get; }

    public TestAdapter Adapter { get; }

    /// <summary>The last turn's result.</summary>
    public DialogTurnResult? LastResult { get; private set; }

    public TestFlow Flow() => new(Adapter, RunTurnAsync);

    /// <summary>
    /// One turn as a fresh process would run it: new ConversationState, new dialog instances, state read from storage.
    /// </summary>
    public async Task RunTurnAsync(ITurnContext turn, CancellationToken cancellationToken)
    {
        var conversationState = new ConversationState(Storage);
        var accessor = conversationState.CreateProperty<object>(ConversationStateKeys.DialogStack);
        LastResult = await CreateRoot().RunAsync(turn, accessor, cancellationToken);
        await conversationState.SaveChangesAsync(turn, false, cancellationToken);
    }

    /// <summary>The stored dialog state of the conversation, as JSON text.</summary>
    public async Task<string> StoredStateJsonAsync()
    {
        var key = $"{Adapter.Conversation.ChannelId}/conversations/{Adapter.Conversation.Conversation.Id}";
        var items = await Storage.ReadAsync([key]);
        // Parsed through, so members stored as raw JSON text (StoredJson) are indented like the rest.
        return items.TryGetValue(key, out var value) ? JObject.Parse(JObject.FromObject(value).ToString(Newtonsoft.Json.Formatting.None)).ToString() : "{}";
    }
}
