using HelpBot.Bot.Storage;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>The storage the real host registers, started through HelpBotFactory.</summary>
public sealed class StorageHostingTests : IDisposable
{
    private readonly TempDatabaseFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TheHostCreatesTheDatabaseFileAtTheConfiguredPathWhenItStarts()
    {
        using var factory = new HelpBotFactory();

        var services = factory.Services;

        var expected = Path.Combine(factory.DataDirectory, "helpbot.db");
        Assert.True(File.Exists(expected));
        Assert.Equal(expected, services.GetRequiredService<HelpBotDatabase>().Path);
        Assert.IsType<LiteDbStorage>(services.GetRequiredService<IStorage>());
    }

    [Fact]
    public async Task StoppingTheHostReleasesTheFileSoTheNextHostSeesTheSameState()
    {
        var settings = new Dictionary<string, string?> { ["Storage:Path"] = _folder.DatabasePath };
        const string key = "msteams/conversations/a:restart|1";
        using (var first = new HelpBotFactory(settings))
        {
            await first.Services.GetRequiredService<IStorage>().WriteAsync(new Dictionary<string, object>
            {
                [key] = new Dictionary<string, object> { ["step"] = "verify" },
            });
        }

        using var second = new HelpBotFactory(settings);
        var items = await second.Services.GetRequiredService<IStorage>().ReadAsync([key]);

        Assert.Equal("verify", ((IDictionary<string, object>)items[key])["step"]);
    }

    [Fact]
    public void TheMemoryProviderKeepsNothingOnDisk()
    {
        using var factory = new HelpBotFactory(new Dictionary<string, string?> { ["Storage:Provider"] = "Memory" });

        var services = factory.Services;

        Assert.IsType<MemoryStorage>(services.GetRequiredService<IStorage>());
        Assert.Equal(HelpBotDatabase.InMemory, services.GetRequiredService<HelpBotDatabase>().Path);
        Assert.Empty(Directory.EnumerateFileSystemEntries(factory.DataDirectory));
    }

    [Fact]
    public void AnUnknownConnectionModeStopsTheStartNamingTheKey()
    {
        using var factory = new HelpBotFactory(new Dictionary<string, string?> { ["Storage:Connection"] = "Sometimes" });

        var error = Assert.Throws<OptionsValidationException>(() => factory.Services);

        Assert.Contains("Storage:Connection is 'Sometimes'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARelativePathIsResolvedUnderTheContentRoot()
    {
        var root = Path.Combine(_folder.Folder, "app");

        Assert.Equal(Path.Combine(root, "data", "helpbot.db"), StorageSetup.ResolvePath(root, "data/helpbot.db"));
        Assert.Equal(_folder.DatabasePath, StorageSetup.ResolvePath(root, _folder.DatabasePath));
    }
}
