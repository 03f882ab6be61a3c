using System.Collections.Concurrent;
using System.Globalization;
using LiteDB;

namespace HelpBot.Bot.Storage;

/// <summary>
/// The one LiteDB database of the process (ARCHITECTURE.md decision 6): bot state and every HelpBot store (account
/// directory, SafeCode challenges, audit log, guest keys, escalations, Direct Line history) keep their own collection in
/// it. This is the only place the file is opened; it is a DI singleton, so the host closes it on shutdown.
/// </summary>
/// <remarks>
/// A store gets its collection with <see cref="GetCollection{T}(string)"/> (or the untyped overload) and, when it must
/// read, compare and write as one step, holds <see cref="WriteLockFor"/> for that collection around the LiteDB calls.
/// </remarks>
public sealed class HelpBotDatabase : IDisposable
{
    /// <summary>The file name LiteDB reads as "keep everything in memory": nothing touches the disk.</summary>
    public const string InMemory = ":memory:";

    private readonly LiteDatabase _database;
    private readonly ConcurrentDictionary<string, Lock> _writeLocks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _writeGates = new(StringComparer.Ordinal);

    /// <param name="path">The database file (its folder is created), or <see cref="InMemory"/>.</param>
    /// <param name="connection">
    /// <see cref="ConnectionType.Direct"/> (the default) keeps the file open for this process alone, with LiteDB's
    /// in-process locks and page cache: by far the fastest, and HelpBot is one process. It also holds the file
    /// exclusively, so a second process cannot open it by mistake and corrupt it. <see cref="ConnectionType.Shared"/>
    /// opens and closes the file around every operation under a machine-wide named mutex so that several processes
    /// (say the bot and an admin tool) can share it, at a large cost per operation: use it only for that.
    /// </param>
    public HelpBotDatabase(string path, ConnectionType connection = ConnectionType.Direct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
        Connection = connection;
        var created = false;
        if (path != InMemory)
        {
            var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
            {
                // Ours alone, like the key files: LiteDB writes its journal (name-log.db) beside the file.
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(folder);
                }
                else
                {
                    Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }
            created = !File.Exists(path);
        }

        var connectionString = new ConnectionString
        {
            Filename = path,
            Connection = connection,
            // LiteDB's default collation is the current culture, ignoring case: keys "Abc" and "abc" would be one
            // document and some Unicode keys would compare equal. Bot Framework keys are case-sensitive ids.
            // A file keeps the collation it was created with and LiteDB refuses to open it with another, so an
            // existing file is opened as it is and rebuilt below if needed.
            Collation = path != InMemory && !created ? null : Collation.Binary,
        };
        // Our own mapper, not the process-wide BsonMapper.Global, and one that stores strings exactly as given.
        var mapper = new BsonMapper { TrimWhitespace = false, EmptyStringToNull = false };
        _database = new LiteDatabase(connectionString, mapper);
        try
        {
            // A server has no "local" time zone worth converting stored dates to.
            _database.UtcDate = true;
            EnsureOrdinalCollation();
            if (created && !OperatingSystem.IsWindows() && File.Exists(path))
            {
                // Readable by this account only, like the key files (issue 15): it holds every account and conversation.
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        catch
        {
            _database.Dispose();
            throw;
        }
    }

    /// <summary>
    /// How the file is opened. With <see cref="ConnectionType.Direct"/> this process is the file's only writer, so what
    /// a store remembers in memory stays true; with <see cref="ConnectionType.Shared"/> another process may write too.
    /// </summary>
    public ConnectionType Connection { get; }

    /// <summary>The file as given (absolute when it came from <see cref="StorageSetup"/>), or <see cref="InMemory"/>.</summary>
    public string Path { get; }

    /// <summary>
    /// The database itself, for what a collection cannot do (transactions, file storage). It belongs to this object:
    /// never dispose it.
    /// </summary>
    public LiteDatabase Database => _database;

    /// <summary>A typed collection, mapped with this database's mapper.</summary>
    public ILiteCollection<T> GetCollection<T>(string name) => _database.GetCollection<T>(name);

    /// <summary>A collection of raw documents.</summary>
    public ILiteCollection<BsonDocument> GetCollection(string name) => _database.GetCollection(name);

    /// <summary>
    /// The in-process lock for read-compare-write on one collection. LiteDB serialises writers per collection, but a
    /// read made before the write lock is taken can be stale, so a compare-and-set needs this around the whole step.
    /// Hold it only around synchronous LiteDB calls, never across an await.
    /// </summary>
    public Lock WriteLockFor(string collectionName) => _writeLocks.GetOrAdd(collectionName, static _ => new Lock());

    /// <summary>
    /// The same guarantee as <see cref="WriteLockFor"/> for a collection written on every turn (bot state), as a gate
    /// that async callers wait on without spinning. A collection uses one or the other, never both.
    /// </summary>
    public SemaphoreSlim WriteGateFor(string collectionName) => _writeGates.GetOrAdd(collectionName, static _ => new SemaphoreSlim(1, 1));

    public void Dispose() => _database.Dispose();

    /// <summary>A file created elsewhere (LiteDB Studio, an older build) keeps its collation: rebuild it to ordinal once.</summary>
    private void EnsureOrdinalCollation()
    {
        var collation = _database.Collation;
        if (collation.SortOptions != CompareOptions.Ordinal)
        {
            _database.Rebuild(new LiteDB.Engine.RebuildOptions { Collation = Collation.Binary });
        }
    }
}
