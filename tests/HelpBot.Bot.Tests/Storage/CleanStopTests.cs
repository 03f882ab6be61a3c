using LiteDB;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>
/// The documented backup is a stopped HelpBot's <c>helpbot.db</c>, restored without its journal (README, Backup and
/// restore). So a clean stop must leave every committed change in the data file itself, even when another thread is
/// still in the middle of a write as the database closes (LiteDB's own checkpoint on close is skipped then).
/// </summary>
public sealed class CleanStopTests : IDisposable
{
    private readonly TempDatabaseFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AStopWhileAnotherThreadIsMidWriteLeavesEveryChangeInTheDataFile()
    {
        var database = _folder.Open();
        var notes = database.GetCollection("notes");
        for (var i = 0; i < 200; i++)
        {
            notes.Insert(new BsonDocument { ["_id"] = i, ["text"] = new string('x', 1000) });
        }
        using var writing = new ManualResetEventSlim();
        using var finish = new ManualResetEventSlim();
        var lateWriter = Task.Run(() =>
        {
            database.Database.BeginTrans();
            notes.Insert(new BsonDocument { ["_id"] = 200, ["text"] = "the last one" });
            writing.Set();
            finish.Wait();
            database.Database.Commit();
        });
        writing.Wait();

        var stopping = Task.Run(database.Dispose);
        await Task.Delay(300);
        finish.Set();
        await lateWriter;
        await stopping;

        // The backup: the data file alone, without the journal.
        var backup = Path.Combine(_folder.Folder, "backup.db");
        File.Copy(_folder.DatabasePath, backup);
        using var restored = new LiteDatabase(new ConnectionString { Filename = backup, ReadOnly = true });
        Assert.Equal(201, restored.GetCollection("notes").Count());
    }
}
