using System.Text.Json;
using HelpBot.Cards;

namespace HelpBot.Dialogs.Knowledge;

/// <summary>
/// The answers of the seed page, read once from the embedded <c>knowledge.json</c> (content lives in data, not code).
/// </summary>
public sealed class KnowledgeBase
{
    private static readonly JsonSerializerOptions ReadOptions = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<string, KnowledgeCard.Content> _answers;

    public KnowledgeBase(IReadOnlyDictionary<string, KnowledgeCard.Content> answers) =>
        _answers = new Dictionary<string, KnowledgeCard.Content>(answers, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Ids => _answers.Keys;

    public KnowledgeCard.Content? Find(string id) => _answers.GetValueOrDefault(id);

    public KnowledgeCard.Content Get(string id) =>
        Find(id) ?? throw new KeyNotFoundException($"knowledge.json has no answer '{id}'.");

    public static KnowledgeBase LoadEmbedded()
    {
        using var stream = typeof(KnowledgeBase).Assembly.GetManifestResourceStream("HelpBot.Dialogs.Knowledge.knowledge.json")
            ?? throw new InvalidOperationException("knowledge.json is not embedded in HelpBot.Dialogs.");
        return Load(stream);
    }

    public static KnowledgeBase Load(Stream json)
    {
        var file = JsonSerializer.Deserialize<KnowledgeFile>(json, ReadOptions)
            ?? throw new InvalidOperationException("knowledge.json is empty.");
        return new KnowledgeBase(file.Answers.ToDictionary(
            a => a.Key,
            a => new KnowledgeCard.Content(
                a.Value.Title,
                a.Value.Text,
                a.Value.Facts?.Select(f => new KnowledgeCard.Fact(f.Title, f.Value)).ToList() ?? [],
                a.Value.Steps ?? [],
                a.Value.Links?.Select(l => new KnowledgeCard.Link(l.Title, l.Url)).ToList() ?? [],
                a.Value.Note,
                a.Value.Items)));
    }

    private sealed record KnowledgeFile(Dictionary<string, AnswerShape> Answers);

    private sealed record AnswerShape(string Title, string Text, List<FactShape>? Facts, List<string>? Steps, List<LinkShape>? Links, string? Note, List<string>? Items);

    private sealed record FactShape(string Title, string Value);

    private sealed record LinkShape(string Title, string Url);
}
