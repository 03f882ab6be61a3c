using System.Collections.Concurrent;
using System.Globalization;
using LiteDB;

namespace HelpBot.Bot.Storage;

/// <summary>
/// The one LiteDB database of the process (docs/architecture.md, decision 6): bot state and every HelpBot store (account
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
    // One mapper for every database in the process, like LiteDB's own BsonMapper.Global but storing strings exactly as
    // given: a type's mapping is built by reflection and compiled expressions, which is slow, so it is built once per
    // process and not again for each host (the tests and the conversation runner start hundreds).
    private static readonly BsonMapper Mapper = new() { TrimWhitespace = false, EmptyStringToNull = false };
    private static readonly Lock MapperGate = new();
    private static readonly ConcurrentDictionary<Type, bool> Mapped = new();
    private readonly ConcurrentDictionary<string, bool> _created = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _creating = new();
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
            if (!created)
            {
                // Issue 15, finding 6: LiteDB would start on a cut-short file and fail later, and rebuild or re-create
                // an empty or garbage one; either way data is lost. A damaged file stops the start, untouched.
                ThrowIfDamaged(path);
            }
            CreatePrivateJournal(path);
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
        _database = new LiteDatabase(connectionString, Mapper);
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
    public ILiteCollection<T> GetCollection<T>(string name)
    {
        // LiteDB's mapper builds a type's mapping on first use and is not safe while it does: a turn and a background
        // pass mapping the same type for the first time at once failed with "Collection was modified". Built once, here.
        if (!Mapped.ContainsKey(typeof(T)))
        {
            lock (MapperGate)
            {
                if (!Mapped.ContainsKey(typeof(T)))
                {
                    if (typeof(T) != typeof(BsonDocument) && typeof(T).GetConstructor(Type.EmptyTypes) is not null)
                    {
                        Mapper.ToDocument(Activator.CreateInstance<T>()); // builds the mapping
                    }
                    Mapped[typeof(T)] = true;
                }
            }
        }
        Create(name);
        return _database.GetCollection<T>(name);
    }

    /// <summary>A collection of raw documents.</summary>
    public ILiteCollection<BsonDocument> GetCollection(string name)
    {
        Create(name);
        return _database.GetCollection(name);
    }

    /// <summary>
    /// Makes the collection exist before anyone reads or writes it. LiteDB creates a collection in the transaction of
    /// its first write, and a read of that collection at the same moment gets a blank page ("ENSURE: page type must be
    /// collection page", LiteDB issue 2792), which closes the whole engine: on a new data folder a reminder pass and a
    /// first turn once took HelpBot's database down that way. Created here, one at a time, before any store has it.
    /// </summary>
    private void Create(string name)
    {
        if (_created.ContainsKey(name))
        {
            return;
        }
        lock (_creating)
        {
            if (!_created.ContainsKey(name) && !_database.CollectionExists(name))
            {
                var collection = _database.GetCollection(name);
                collection.Delete(collection.Insert(new BsonDocument { ["_id"] = ObjectId.NewObjectId() }));
            }
            _created[name] = true;
        }
    }

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

    /// <summary>
    /// Closes the file with every committed change in the data file itself: a stopped HelpBot's <c>helpbot.db</c> is the
    /// backup, restored without its journal (README, docs/operations.md). LiteDB checkpoints on close only when no other
    /// thread holds its lock at that instant, and skips it otherwise; this waits for the lock (within LiteDB's own
    /// timeout, so a stop never hangs) and checkpoints first, on this thread.
    /// </summary>
    public void Dispose()
    {
        try
        {
            if (Path != InMemory)
            {
                try
                {
                    _database.Checkpoint();
                }
                catch (Exception e) when (e is LiteException or ObjectDisposedException)
                {
                    // Closed already, or the lock was not given in LiteDB's timeout: the journal keeps the changes.
                }
            }
            _database.Dispose();
        }
        finally
        {
            _closed.TrySetResult();
        }
    }

    /// <summary>
    /// Completes when <see cref="Dispose"/> has closed the file. A host can be disposed from two threads at once (its own
    /// run loop and whoever stopped it); the second returns at once while the first is still checkpointing, so whoever
    /// opens the file next waits for this.
    /// </summary>
    public Task Closed => _closed.Task;

    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>LiteDB's page size: a data file is a whole number of pages, the first being the header.</summary>
    internal const int PageSize = 8192;

    private const string HeaderInfo = "** This is a LiteDB file **";
    private const int HeaderInfoOffset = 32;
    private const int FileVersionOffset = 59;
    private const byte FileVersion = 8;
    private const int LastPageIdOffset = 64;

    /// <summary>
    /// LiteDB writes every change first to a journal beside the file (<c>name-log.ext</c>), which it creates when needed
    /// with the process's default mode: in a folder others can read (one the operator chose, or <c>bot/data</c> made
    /// by someone else first), anyone on the machine could read conversations and accounts from it. An empty journal
    /// made here first, readable by this account only, is the one LiteDB then opens and writes (an empty journal holds
    /// nothing to replay).
    /// </summary>
    private static void CreatePrivateJournal(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var journal = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!,
            System.IO.Path.GetFileNameWithoutExtension(path) + "-log" + System.IO.Path.GetExtension(path));
        if (File.Exists(journal))
        {
            File.SetUnixFileMode(journal, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return;
        }
        try
        {
            using var _ = new FileStream(journal, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
        catch (IOException) when (File.Exists(journal))
        {
            // Another process made it at the same moment (a shared file): it is LiteDB's now.
        }
    }

    /// <summary>
    /// Reads the existing file (never writes it) and throws <see cref="DamagedDatabaseException"/> when it is empty, is
    /// not a LiteDB data file, or is shorter than its own header says. The header is checked only when no journal
    /// (name-log.db) is waiting: after a crash LiteDB completes the file from the journal, which is not damage.
    /// </summary>
    internal static void ThrowIfDamaged(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var length = file.Length;
        if (length == 0)
        {
            throw new DamagedDatabaseException(path, "it is empty (0 bytes)");
        }
        var header = new byte[PageSize];
        var read = 0;
        while (read < header.Length && file.Read(header, read, header.Length - read) is var n and > 0)
        {
            read += n;
        }
        if (read < PageSize || !header.AsSpan(HeaderInfoOffset, HeaderInfo.Length).SequenceEqual(System.Text.Encoding.ASCII.GetBytes(HeaderInfo)))
        {
            throw new DamagedDatabaseException(path, "it does not start with a LiteDB header, so it is not a HelpBot database or its start was overwritten");
        }
        if (header[FileVersionOffset] != FileVersion)
        {
            throw new DamagedDatabaseException(path, string.Create(CultureInfo.InvariantCulture,
                $"its header has file version {header[FileVersionOffset]}, where this LiteDB reads version {FileVersion}"));
        }
        if (HasJournal(path))
        {
            return;
        }
        var pages = (long)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(LastPageIdOffset, 4)) + 1;
        if (length % PageSize != 0 || length < pages * PageSize)
        {
            throw new DamagedDatabaseException(path, string.Create(CultureInfo.InvariantCulture,
                $"it is {length} bytes, but its header says it holds {pages} pages of {PageSize} bytes ({pages * PageSize} bytes), so it was cut short"));
        }
    }

    /// <summary>LiteDB's journal of writes not yet copied into the file: name-log.ext beside it.</summary>
    private static bool HasJournal(string path)
    {
        var journal = System.IO.Path.Combine(
            System.IO.Path.GetDirectoryName(path) ?? "",
            System.IO.Path.GetFileNameWithoutExtension(path) + "-log" + System.IO.Path.GetExtension(path));
        return File.Exists(journal) && new FileInfo(journal).Length > 0;
    }

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

/// <summary>
/// The database file is damaged: HelpBot will not start on it and leaves it exactly as it is (issue 15, finding 6).
/// The message names the file, says what is wrong, and points to the README's "Backup and restore" section.
/// </summary>
public sealed class DamagedDatabaseException : IOException
{
    public DamagedDatabaseException(string path, string reason)
        : base($"The database file {path} is damaged: {reason}. HelpBot will not start on it and has left it as it is (not replaced, not deleted). "
            + "Restore the file from your latest backup, as the README's \"Backup and restore\" section describes. "
            + "Only if there is no backup: move the damaged file somewhere safe (it may still be read by LiteDB tools) and start HelpBot, which then creates a new database without the old data.")
    {
        DatabasePath = path;
    }

    public DamagedDatabaseException()
    {
        DatabasePath = "";
    }

    public DamagedDatabaseException(string message)
        : base(message)
    {
        DatabasePath = "";
    }

    public DamagedDatabaseException(string message, Exception innerException)
        : base(message, innerException)
    {
        DatabasePath = "";
    }

    /// <summary>The damaged file.</summary>
    public string DatabasePath { get; }
}
