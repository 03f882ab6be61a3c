using HelpBot.Bot.Storage;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>The database file of a <see cref="TempDatabaseFolder"/>, open until disposed (then reopenable).</summary>
internal sealed class HelpBotDatabaseHolder(TempDatabaseFolder folder) : IDisposable
{
    public HelpBotDatabase Database { get; } = folder.Open();

    public void Dispose() => Database.Dispose();
}
