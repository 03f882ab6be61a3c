using HelpBot.Bot.Storage;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace HelpBot.Bot.DirectLine;

/// <summary>
/// The key that signs Direct Line tokens: <c>DirectLine:TokenSigningKey</c> if configured; otherwise generated once and
/// kept in <c>directline.key</c> in the keys folder (<see cref="KeyRing"/>), so tokens (and the conversations they name)
/// survive a restart. With <c>Storage:Provider = Memory</c> nothing survives a restart anyway, so the key stays in memory.
/// </summary>
public sealed class DirectLineSigningKey
{
    public const string FileName = "directline.key";

    public DirectLineSigningKey(IOptions<DirectLineOptions> options, KeyRing keys, ILogger<DirectLineSigningKey> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Folder is null && string.IsNullOrWhiteSpace(options.Value.TokenSigningKey))
        {
            logger.LogInformation("Direct Line tokens are signed with a key kept in memory (Storage:Provider is Memory): they stop working when HelpBot restarts.");
        }
        Key = new SymmetricSecurityKey(keys.Get(FileName, options.Value.TokenSigningKey, DirectLineOptions.MinimumKeyBytes, "DirectLine:TokenSigningKey"));
    }

    internal SymmetricSecurityKey Key { get; }
}
