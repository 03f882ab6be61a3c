using HelpBot.Bot.Storage;
using HelpBot.Bot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Bot.Tests.Security;

/// <summary>
/// Issue 15, finding 6: a damaged database file (cut short, overwritten with garbage, or empty) stops the start with a
/// message naming the file and pointing to the README's backup and restore section. It is never replaced by a fresh
/// demo database, never deleted, never changed.
/// </summary>
public sealed class DamagedDatabaseTests : IDisposable
{
    private readonly TempDatabaseFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public enum Damage
    {
        TruncatedToHalf,
        Garbage,
        Empty,
    }

    [Theory]
    [InlineData(Damage.TruncatedToHalf)]
    [InlineData(Damage.Garbage)]
    [InlineData(Damage.Empty)]
    public void Finding6_ADamagedDatabaseFileStopsTheStartAndIsLeftAsItIs(Damage damage)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = _folder.DatabasePath,
            ["Messaging:OutboxPath"] = Path.Combine(_folder.Folder, "outbox.jsonl"),
        };
        // A real database: the host creates it and seeds the demo directory, then stops (and checkpoints).
        using (var first = new HelpBotFactory(settings))
        {
            Assert.NotNull(first.Services.GetRequiredService<HelpBotDatabase>());
            // The demo directory seeds itself when first resolved; otherwise only a background pass may have done it yet.
            Assert.NotNull(first.Services.GetRequiredService<HelpBot.Dialogs.Accounts.IAccountDirectory>());
        }
        var original = File.ReadAllBytes(_folder.DatabasePath);
        Assert.True(original.Length > 8192 * 4, $"the seeded database is only {original.Length} bytes");
        var damaged = damage switch
        {
            Damage.TruncatedToHalf => original[..(original.Length / 2)],
            Damage.Garbage => Garbage(original.Length),
            _ => [],
        };
        File.WriteAllBytes(_folder.DatabasePath, damaged);

        using var second = new HelpBotFactory(settings);
        var failure = Flatten(Assert.ThrowsAny<Exception>(() => second.Server));

        Assert.Contains(_folder.DatabasePath, failure, StringComparison.Ordinal);
        Assert.Contains("damaged", failure, StringComparison.Ordinal);
        Assert.Contains("Backup and restore", failure, StringComparison.Ordinal);
        Assert.True(File.Exists(_folder.DatabasePath), "the damaged file was deleted");
        Assert.Equal(damaged, File.ReadAllBytes(_folder.DatabasePath));
    }

    private static byte[] Garbage(int length)
    {
        var bytes = new byte[length];
        new Random(15).NextBytes(bytes);
        return bytes;
    }

    private static string Flatten(Exception e) =>
        e is AggregateException a
            ? string.Join(" | ", a.Flatten().InnerExceptions.Select(Flatten))
            : e.Message + (e.InnerException is null ? "" : " | " + Flatten(e.InnerException));
}
