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

    /// <summary>The placeholder in knowledge.json for how long a SafeCode works ("10 minutes", as configured).</summary>
    public const string SafeCodeLifetimePlaceholder = "{safeCodeLifetime}";

    /// <param name="safeCodeLifetime"><c>SafeCode:Lifetime</c>, which the answers quote (issue 15, finding 8); null: the default.</param>
    public static KnowledgeBase LoadEmbedded(TimeSpan? safeCodeLifetime = null)
    {
        using var stream = typeof(KnowledgeBase).Assembly.GetManifestResourceStream("HelpBot.Dialogs.Knowledge.knowledge.json")
            ?? throw new InvalidOperationException("knowledge.json is not embedded in HelpBot.Dialogs.");
        return Load(stream, safeCodeLifetime);
    }

    public static KnowledgeBase Load(Stream json, TimeSpan? safeCodeLifetime = null)
    {
        var file = JsonSerializer.Deserialize<KnowledgeFile>(json, ReadOptions)
            ?? throw new InvalidOperationException("knowledge.json is empty.");
        var lifetime = SafeCode.SafeCodeTexts.Minutes(safeCodeLifetime ?? SafeCode.SafeCodeOptions.DefaultLifetime);
        string Fill(string text) => text.Replace(SafeCodeLifetimePlaceholder, lifetime, StringComparison.Ordinal);
        return new KnowledgeBase(file.Answers.ToDictionary(
            a => a.Key,
            a => new KnowledgeCard.Content(
                a.Value.Title,
                Fill(a.Value.Text),
                a.Value.Facts?.Select(f => new KnowledgeCard.Fact(f.Title, Fill(f.Value))).ToList() ?? [],
                a.Value.Steps?.Select(Fill).ToList() ?? [],
                a.Value.Links?.Select(l => new KnowledgeCard.Link(l.Title, l.Url)).ToList() ?? [],
                a.Value.Note is { } note ? Fill(note) : null,
                a.Value.Items)));
    }

    private sealed record KnowledgeFile(Dictionary<string, AnswerShape> Answers);

    private sealed record AnswerShape(string Title, string Text, List<FactShape>? Facts, List<string>? Steps, List<LinkShape>? Links, string? Note, List<string>? Items);

    private sealed record FactShape(string Title, string Value);

    private sealed record LinkShape(string Title, string Url);
}
