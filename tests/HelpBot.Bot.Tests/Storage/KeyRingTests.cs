using HelpBot.Bot.DirectLine;
using HelpBot.Bot.GuestKeys;
using HelpBot.Bot.SafeCode;
using HelpBot.Dialogs.GuestKeys;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Bot.Tests.Storage;

/// <summary>HelpBot's secret keys, in one folder an operator chooses (S4): all three are made there once, private, and reused.</summary>
public sealed class KeyRingTests : IDisposable
{
    private readonly string _keys = Directory.CreateTempSubdirectory("helpbot-keys-").FullName;

    public void Dispose() => Directory.Delete(_keys, recursive: true);

    [Fact]
    public void S4_WithAKeysFolderEveryKeyIsMadeThereNotBesideTheDatabaseAndTheNextStartReusesThem()
    {
        var settings = new Dictionary<string, string?> { ["Storage:KeysPath"] = _keys };
        string[] files = [SafeCodeSetup.KeyFileName, GuestKeysSetup.KeyFileName, DirectLineSigningKey.FileName];
        Dictionary<string, string> first;
        using (var factory = new HelpBotFactory(settings))
        {
            TouchEveryKey(factory.Services);
            first = files.ToDictionary(f => f, f => File.ReadAllText(Path.Combine(_keys, f)));
            Assert.All(files, f => Assert.False(File.Exists(Path.Combine(factory.DataDirectory, f)), $"{f} was also written beside the database"));
        }
        if (!OperatingSystem.IsWindows())
        {
            foreach (var file in files)
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_keys, file)));
            }
        }

        using (var again = new HelpBotFactory(settings))
        {
            TouchEveryKey(again.Services);
        }

        Assert.All(files, f => Assert.Equal(first[f], File.ReadAllText(Path.Combine(_keys, f))));
    }

    [Fact]
    public void S4_ADamagedKeyFileStopsTheStartAndSaysWhatToDo()
    {
        File.WriteAllText(Path.Combine(_keys, SafeCodeSetup.KeyFileName), "not a key");
        using var factory = new HelpBotFactory(new Dictionary<string, string?> { ["Storage:KeysPath"] = _keys });

        var error = Assert.Throws<InvalidOperationException>(() => factory.Services.GetRequiredService<SafeCodeHashKey>());

        Assert.Contains(SafeCodeSetup.KeyFileName, error.Message, StringComparison.Ordinal);
        Assert.Contains("SafeCode:HashKey", error.Message, StringComparison.Ordinal);
    }

    private static void TouchEveryKey(IServiceProvider services)
    {
        _ = services.GetRequiredService<SafeCodeHashKey>();
        _ = services.GetRequiredService<GuestKeyHashKey>();
        _ = services.GetRequiredService<DirectLineSigningKey>();
    }
}
