using Microsoft.Bot.Builder;

namespace HelpBot.Bot.Storage;

/// <summary>Placeholder until the LiteDB implementation lands: behaves as MemoryStorage.</summary>
public sealed class LiteDbStorage(string path) : IStorage
{
    private readonly MemoryStorage _inner = new();
    public string Path { get; } = path;
    public Task<IDictionary<string, object>> ReadAsync(string[] keys, CancellationToken cancellationToken = default) => _inner.ReadAsync(keys, cancellationToken);
    public Task WriteAsync(IDictionary<string, object> changes, CancellationToken cancellationToken = default) => _inner.WriteAsync(changes, cancellationToken);
    public Task DeleteAsync(string[] keys, CancellationToken cancellationToken = default) => _inner.DeleteAsync(keys, cancellationToken);
}
