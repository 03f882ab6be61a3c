using HelpBot.Bot.Storage;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>A temporary folder for real LiteDB files, deleted with everything in it afterwards.</summary>
internal sealed class TempDatabaseFolder : IDisposable
{
    public TempDatabaseFolder()
    {
        Folder = Directory.CreateTempSubdirectory("helpbot-storage-").FullName;
        DatabasePath = Path.Combine(Folder, "data", "helpbot.db");
    }

    public string Folder { get; }

    /// <summary>A database file in a sub-folder that does not exist yet: HelpBotDatabase must create it.</summary>
    public string DatabasePath { get; }

    public HelpBotDatabase Open() => new(DatabasePath);

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
