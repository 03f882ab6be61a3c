using System.Collections.Concurrent;
using System.Security.Cryptography;
using HelpBot.Bot.Hosting;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Storage;

/// <summary>
/// HelpBot's secret keys, one place for all of them: a key is the configured base64 value when there is one, otherwise a
/// random key generated once into a file of its own in the keys folder (<c>Storage:KeysPath</c>, by default the
/// database's folder), readable by this user only (docs/security.md, S4). With no folder (<c>Storage:Provider =
/// Memory</c>) keys live in memory for this process, as everything else does.
/// </summary>
public sealed class KeyRing
{
    private readonly ConcurrentDictionary<string, byte[]> _inMemory = new(StringComparer.Ordinal);
    private readonly ILogger? _logger;

    /// <param name="folder">Where key files live; null keeps keys in memory.</param>
    public KeyRing(string? folder, ILogger? logger = null)
    {
        Folder = folder;
        _logger = logger;
    }

    /// <summary>The keys folder, or null when keys are kept in memory.</summary>
    public string? Folder { get; }

    /// <summary>The keys folder the settings give: <c>Storage:KeysPath</c>, else the database's folder; null in memory.</summary>
    public static string? FolderFor(StorageOptions storage, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (!string.IsNullOrWhiteSpace(storage.KeysPath))
        {
            return StorageSetup.ResolvePath(contentRoot, storage.KeysPath);
        }
        return string.Equals(storage.Provider, "Memory", StringComparison.OrdinalIgnoreCase)
            ? null
            : Path.GetDirectoryName(StorageSetup.ResolvePath(contentRoot, storage.Path));
    }

    /// <summary>The key file's path (null in memory).</summary>
    public string? PathOf(string fileName) => Folder is null ? null : Path.Combine(Folder, fileName);

    /// <summary>
    /// The key named <paramref name="fileName"/>: <paramref name="configured"/> (base64) when set, else the file's key,
    /// made the first time. Several processes starting together agree on one key (the first to create the file wins).
    /// </summary>
    /// <param name="setting">The configuration key that would set it, named in the error for a damaged file.</param>
    public byte[] Get(string fileName, string? configured, int minimumBytes, string setting)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Convert.FromBase64String(configured.Trim());
        }
        if (PathOf(fileName) is not { } path)
        {
            return _inMemory.GetOrAdd(fileName, _ => RandomNumberGenerator.GetBytes(Math.Max(32, minimumBytes)));
        }
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Folder!);
            var fresh = RandomNumberGenerator.GetBytes(Math.Max(32, minimumBytes));
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            try
            {
                using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, create))
                {
                    writer.Write(Convert.ToBase64String(fresh));
                }
                _logger?.LogInformation("Generated the key {KeyFile}; keep that file private and back it up with the database.", path);
                return fresh;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process made it first: use theirs.
            }
        }
        var text = File.ReadAllText(path).Trim();
        byte[]? key = null;
        try
        {
            key = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
        }
        if (key is null || key.Length < minimumBytes)
        {
            throw new InvalidOperationException($"{path} does not hold a base64 key of at least {minimumBytes} bytes; restore it from a backup, or delete it to have HelpBot generate a new one (what the old key protected stops working), or set {setting}.");
        }
        return key;
    }

    /// <summary>The registration: one key ring for the host, from <c>Storage</c> settings.</summary>
    internal static KeyRing Create(IServiceProvider services) => new(
        FolderFor(services.GetRequiredService<IOptions<StorageOptions>>().Value, services.GetRequiredService<IHostEnvironment>().ContentRootPath),
        services.GetRequiredService<ILogger<KeyRing>>());
}
