using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace HelpBot.Bot.Cli;

/// <summary>
/// <c>dotnet run --project bot -- teams package [--app-id ID] [--host HOST] [--out FILE]</c>: fills the placeholders of
/// manifest/manifest.json and writes the Teams app package (manifest.json, color.png and outline.png at the zip root).
/// The app id defaults to the configured <c>MicrosoftAppId</c> and the host to the host of
/// <c>PasswordReset:PublicBaseUrl</c> (appsettings.json, environment variables), as the running bot would see them.
/// </summary>
public static partial class TeamsPackageCommand
{
    public const string AppIdPlaceholder = "{{MicrosoftAppId}}";
    public const string HostPlaceholder = "{{HostName}}";
    public static readonly IReadOnlyList<string> PackageFiles = ["manifest.json", "color.png", "outline.png"];

    private const string Usage = """
        usage: teams package [--app-id ID] [--host HOST] [--manifest DIR] [--out FILE]
          --app-id    the Azure Bot's Microsoft App ID (a GUID); default: the configured MicrosoftAppId
          --host      the bot's public host name, e.g. helpbot.hms.harvard.edu; default: the host of PasswordReset:PublicBaseUrl
          --manifest  the folder with manifest.json and the icons; default: manifest/ found from the current folder upwards
          --out       the package to write; default: <manifest>/build/helpbot.zip
        """;

    /// <summary>Runs the command; <paramref name="args"/> are what follows "teams". Returns the process exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args is not ["package", ..] || !TryParseOptions(args.Skip(1).ToList(), out var options))
        {
            error.WriteLine(Usage);
            return 2;
        }
        try
        {
            var manifestDirectory = options.GetValueOrDefault("manifest") ?? FindManifestDirectory();
            var configuration = new ConfigurationBuilder()
                .AddJsonFile(Path.Combine(FindBotDirectory(manifestDirectory), "appsettings.json"), optional: true)
                .AddEnvironmentVariables()
                .Build();
            var appId = options.GetValueOrDefault("app-id") ?? configuration["MicrosoftAppId"];
            var host = options.GetValueOrDefault("host") ?? HostOf(configuration["PasswordReset:PublicBaseUrl"]);
            var package = options.GetValueOrDefault("out") ?? Path.Combine(manifestDirectory, "build", "helpbot.zip");
            Write(manifestDirectory, appId, host, package);
            output.WriteLine($"wrote {package} (app id {appId}, host {host})");
            return 0;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            error.WriteLine($"teams package: {ex.Message}");
            return 1;
        }
    }

    /// <summary>Fills the manifest's placeholders and writes the package. Throws <see cref="ArgumentException"/> for a bad id or host.</summary>
    public static void Write(string manifestDirectory, string? appId, string? host, string packagePath)
    {
        if (!Guid.TryParseExact(appId, "D", out _))
        {
            throw new ArgumentException(string.IsNullOrEmpty(appId)
                ? "no app id: pass --app-id or set MicrosoftAppId (Teams needs the Azure Bot's Microsoft App ID, a GUID)"
                : $"the app id '{appId}' is not a GUID like 00000000-0000-0000-0000-000000000000");
        }
        if (string.IsNullOrEmpty(host) || !HostName().IsMatch(host))
        {
            throw new ArgumentException($"the host '{host}' is not a host name like helpbot.hms.harvard.edu (no scheme, port or path)");
        }
        var manifest = File.ReadAllText(Path.Combine(manifestDirectory, "manifest.json"))
            .Replace(AppIdPlaceholder, appId.ToLowerInvariant(), StringComparison.Ordinal)
            .Replace(HostPlaceholder, host.ToLowerInvariant(), StringComparison.Ordinal);
        if (manifest.Contains("{{", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("manifest.json has a placeholder this command does not know: " + manifest[manifest.IndexOf("{{", StringComparison.Ordinal)..].Split('"')[0]);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(packagePath))!);
        var temporary = packagePath + ".tmp";
        using (var zip = ZipFile.Open(temporary, ZipArchiveMode.Create))
        {
            // A fixed time stamp: the same inputs give the same package.
            var stamp = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            foreach (var name in PackageFiles)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = stamp;
                using var stream = entry.Open();
                if (name == "manifest.json")
                {
                    stream.Write(new UTF8Encoding(false).GetBytes(manifest));
                }
                else
                {
                    using var icon = File.OpenRead(Path.Combine(manifestDirectory, name));
                    icon.CopyTo(stream);
                }
            }
        }
        File.Move(temporary, packagePath, overwrite: true);
    }

    private static bool TryParseOptions(List<string> args, out Dictionary<string, string> options)
    {
        options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count
                || args[i][2..] is not ("app-id" or "host" or "manifest" or "out"))
            {
                return false;
            }
            options[args[i][2..]] = args[i + 1];
        }
        return true;
    }

    private static string? HostOf(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : null;

    private static string FindManifestDirectory()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "manifest");
                if (File.Exists(Path.Combine(candidate, "manifest.json")))
                {
                    return candidate;
                }
            }
        }
        throw new IOException("manifest/manifest.json not found above the current folder; pass --manifest DIR.");
    }

    private static string FindBotDirectory(string manifestDirectory) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(manifestDirectory).TrimEnd(Path.DirectorySeparatorChar))!, "bot");

    [GeneratedRegex(@"^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$")]
    private static partial Regex HostName();
}
