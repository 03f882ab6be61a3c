namespace HelpBot.Bot.Storage;

/// <summary>
/// A write carried an ETag that is no longer the stored one: another turn (or thread) changed the item after this one
/// read it. Nothing was written. Reload, reapply the change, and write again.
/// </summary>
/// <remarks>
/// The message starts with "Etag conflict" because the Bot Framework SDK recognises conflicts by that prefix
/// (TeamsSSOTokenExchangeMiddleware deduplicates token exchanges with it), as MemoryStorage's message does.
/// </remarks>
public sealed class StorageConflictException : Exception
{
    public StorageConflictException()
        : base("Etag conflict: the stored item changed since it was read.")
    {
    }

    public StorageConflictException(string message)
        : base(message)
    {
    }

    public StorageConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StorageConflictException(string key, string expectedETag, string? currentETag)
        : base($"Etag conflict on storage key '{key}': another turn changed it after this one read it "
            + $"(the write carried ETag '{expectedETag}', the stored ETag is '{currentETag}'). Nothing was written; reload and retry.")
    {
        Key = key;
        ExpectedETag = expectedETag;
        CurrentETag = currentETag;
    }

    /// <summary>The storage key that conflicted.</summary>
    public string? Key { get; }

    /// <summary>The ETag the write carried (what the writer had read).</summary>
    public string? ExpectedETag { get; }

    /// <summary>The ETag stored now.</summary>
    public string? CurrentETag { get; }
}
