using BenchmarkDotNet.Attributes;
using HelpBot.Bot.Hosting;
using HelpBot.Bot.Storage;
using HelpBot.Cards;
using HelpBot.Dialogs;
using HelpBot.Dialogs.Knowledge;
using HelpBot.Dialogs.Recognition;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelpBot.MicroBench;

/// <summary>The ML.NET intent recognizer on one utterance (normalisation + a pooled prediction engine). Budget: 0.2 ms.</summary>
[MemoryDiagnoser]
public class RecognizerBenchmarks
{
    private EmbeddedIntentRecognizer _recognizer = null!;

    [Params("I'm locked out of my account", "who do I contact about my harvard id", "jsmith")]
    public string Utterance { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _recognizer = new EmbeddedIntentRecognizer(Options.Create(new RecognizerOptions()));
        _recognizer.WarmUpAsync().GetAwaiter().GetResult();
    }

    [Benchmark]
    public IntentPrediction Recognize() => _recognizer.Recognize(Utterance);
}

/// <summary>Building the cards a turn sends, as the bot sends them (JSON nodes, then the SDK's attachment).</summary>
[MemoryDiagnoser]
public class CardBenchmarks
{
    private KnowledgeCard.Content _answer = null!;

    [GlobalSetup]
    public void Setup() => _answer = KnowledgeBase.LoadEmbedded().Get(Intents.SafeCodeHelp);

    [Benchmark]
    public IMessageActivity WelcomeCardMessage() => WelcomeCard.Build(MainTexts.WelcomeOffers).ToMessage();

    [Benchmark]
    public IMessageActivity KnowledgeCardMessage() => KnowledgeCard.Build(_answer).ToMessage();
}

/// <summary>
/// <see cref="LiteDbStorage"/> over a LiteDB file: one conversation's state as BotState saves and loads it (a dialog
/// stack four levels deep, mid-unlock), with its ETag check.
/// </summary>
[MemoryDiagnoser]
public class StorageBenchmarks
{
    private string _folder = "";
    private HelpBotDatabase _database = null!;
    private LiteDbStorage _storage = null!;
    private Dictionary<string, object> _state = null!;
    private readonly string[] _keys = ["msteams/conversations/bench-conversation"];

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("helpbot-microbench-").FullName;
        _database = new HelpBotDatabase(Path.Combine(_folder, "helpbot.db"));
        _storage = new LiteDbStorage(_database);
        _state = SampleState.MidUnlock();
        _storage.WriteAsync(new Dictionary<string, object> { [_keys[0]] = _state }).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Only LiteDB's part of <see cref="Read"/>: the document by its id.</summary>
    [Benchmark]
    public LiteDB.BsonDocument FindDocument() => _database.GetCollection(LiteDbStorage.CollectionName).FindById(_keys[0]);

    [Benchmark]
    public IDictionary<string, object> Read() => _storage.ReadAsync(_keys).GetAwaiter().GetResult();

    /// <summary>A save as at the end of a turn: the ETag read last is checked, then the new state is written.</summary>
    [Benchmark]
    public void Write() => _storage.WriteAsync(new Dictionary<string, object> { [_keys[0]] = _state }).GetAwaiter().GetResult();
}

/// <summary>The real host's services over a temporary LiteDB file, for benchmarks that need the bot itself.</summary>
internal sealed class BenchHost : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("helpbot-microbench-").FullName;
    private readonly Microsoft.AspNetCore.Builder.WebApplication _app;

    public BenchHost()
    {
        _app = HelpBotHost.Build(
        [
            "--environment", "Benchmark",
            $"--Storage:Path={Path.Combine(_folder, "helpbot.db")}",
            $"--Messaging:OutboxPath={Path.Combine(_folder, "outbox.jsonl")}",
            "--Serilog:MinimumLevel:Default=Warning",
        ]);
        Bot = _app.Services.GetRequiredService<IBot>();
        _app.Services.GetRequiredService<EmbeddedIntentRecognizer>().WarmUpAsync().GetAwaiter().GetResult();
    }

    public IBot Bot { get; }

    public IStorage Storage => _app.Services.GetRequiredService<IStorage>();

    /// <summary>Runs the turns of one new conversation; returns how many replies the bot sent and the conversation id.</summary>
    public (int Replies, string Conversation) Converse(params string[] texts)
    {
        var conversation = "bench-" + Guid.NewGuid().ToString("N");
        var adapter = new TestAdapter(TestAdapter.CreateConversation(conversation, "bench-user", "helpbot"));
        var replies = 0;
        foreach (var text in texts)
        {
            adapter.ProcessActivityAsync((Activity)MessageFactory.Text(text), Bot.OnTurnAsync).GetAwaiter().GetResult();
            while (adapter.GetNextReply() is not null)
            {
                replies++;
            }
        }
        return (replies, conversation);
    }

    public void Dispose()
    {
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>A real conversation's stored state: what the bot saved after "I'm locked out" and a username.</summary>
internal static class SampleState
{
    public static Dictionary<string, object> MidUnlock()
    {
        using var host = new BenchHost();
        var (_, conversation) = host.Converse("I'm locked out of my account", "nobody123456");
        var key = $"test/conversations/{conversation}";
        var stored = host.Storage.ReadAsync([key]).GetAwaiter().GetResult();
        return stored.TryGetValue(key, out var state) ? (Dictionary<string, object>)state
            : throw new InvalidOperationException("The sample conversation left no state under " + key + "; keys: " + string.Join(", ", stored.Keys));
    }
}

/// <summary>
/// One whole turn of the real bot (HelpBotHandler, MainDialog, the waterfall engine, the recognizer) with its
/// conversation state loaded from and saved to the host's LiteDB store, over the SDK's TestAdapter (no HTTP). A new
/// conversation each time: "who do I contact about my harvard id" (recognise, begin the flow, prompt with choices,
/// save), then "HMS" (load the stack, continue the waterfall, prompt again, save).
/// </summary>
[MemoryDiagnoser]
public class WaterfallTurnBenchmarks
{
    private BenchHost _host = null!;

    [GlobalSetup]
    public void Setup() => _host = new BenchHost();

    [GlobalCleanup]
    public void Cleanup() => _host.Dispose();

    [Benchmark(Description = "two turns: question, then the school")]
    public int QuestionThenSchool() => _host.Converse("who do I contact about my harvard id", "HMS").Replies;
}
