using System.Security.Cryptography;
using HelpBot.Bot.Hosting;
using HelpBot.Bot.Storage;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace HelpBot.Bot.DirectLine;

/// <summary>
/// The key that signs Direct Line tokens: <c>DirectLine:TokenSigningKey</c> if configured; otherwise generated once and
/// kept in <c>directline.key</c> beside the LiteDB file, so tokens (and the conversations they name) survive a restart.
/// With <c>Storage:Provider = Memory</c> nothing survives a restart anyway, so the key stays in memory.
/// </summary>
public sealed class DirectLineSigningKey
{
    public const string FileName = "directline.key";

    public DirectLineSigningKey(IOptions<DirectLineOptions> options, IOptions<StorageOptions> storage, IHostEnvironment env, ILogger<DirectLineSigningKey> logger)
    {
        var configured = options.Value.TokenSigningKey;
        byte[] key;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            key = Convert.FromBase64String(configured.Trim());
        }
        else if (string.Equals(storage.Value.Provider, "Memory", StringComparison.OrdinalIgnoreCase))
        {
            key = RandomNumberGenerator.GetBytes(DirectLineOptions.MinimumKeyBytes);
            logger.LogInformation("Direct Line tokens are signed with a key kept in memory (Storage:Provider is Memory): they stop working when HelpBot restarts.");
        }
        else
        {
            var folder = Path.GetDirectoryName(StorageSetup.ResolvePath(env.ContentRootPath, storage.Value.Path))!;
            key = LoadOrCreate(Path.Combine(folder, FileName), logger);
        }
        Key = new SymmetricSecurityKey(key);
    }

    internal SymmetricSecurityKey Key { get; }

    private static byte[] LoadOrCreate(string path, ILogger logger)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var fresh = RandomNumberGenerator.GetBytes(DirectLineOptions.MinimumKeyBytes);
            try
            {
                var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }
                using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, create))
                {
                    writer.Write(Convert.ToBase64String(fresh));
                }
                logger.LogInformation("Generated a Direct Line token signing key in {KeyFile}; keep that file private.", path);
                return fresh;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another instance created it first: use theirs.
            }
        }
        var text = File.ReadAllText(path).Trim();
        if (!DirectLineOptionsValidator.IsLongEnoughBase64(text))
        {
            throw new InvalidOperationException($"{path} does not hold a base64 key of at least {DirectLineOptions.MinimumKeyBytes} bytes; delete it to have HelpBot generate a new one (open Web Chat conversations will have to start again), or set DirectLine:TokenSigningKey.");
        }
        return Convert.FromBase64String(text);
    }
}
