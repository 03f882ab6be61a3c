using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using HelpBot.Bot.Cli;
using HelpBot.Dialogs.Recognition;
using HelpBot.Tests.Shared;

namespace HelpBot.Bot.Tests.Teams;

/// <summary>
/// The Teams app package that <c>dotnet run --project bot -- teams package</c> writes: valid against the official
/// manifest schema (npm <c>@microsoft/app-manifest</c>, through tests/tools/validate-teams-manifest.js), with the two
/// icons Teams requires, and a command menu of things HelpBot really understands.
/// </summary>
public sealed class TeamsManifestTests : IDisposable
{
    private const string AppId = "6f1d2c3b-0a9e-4d8c-b7f6-5e4d3c2b1a09";
    private const string Host = "helpbot.example.org";
    private readonly string _temp = Directory.CreateTempSubdirectory("helpbot-teams-").FullName;

    private string Package()
    {
        var zip = Path.Combine(_temp, "helpbot.zip");
        TeamsPackageCommand.Write(RepoPaths.Of("manifest"), AppId, Host, zip);
        return zip;
    }

    private static JsonObject ManifestOf(string zip)
    {
        using var archive = ZipFile.OpenRead(zip);
        using var reader = new StreamReader(archive.GetEntry("manifest.json")!.Open());
        return JsonNode.Parse(reader.ReadToEnd())!.AsObject();
    }

    [Fact]
    public async Task ThePackagedManifestIsValidAgainstTheNewestOfficialSchema()
    {
        var manifest = ManifestOf(Package());
        var (schema, errors) = await ValidateAsync(manifest);
        Assert.True(errors.Count == 0, "Teams manifest schema errors:\n" + string.Join("\n", errors));

        // The newest schema the npm package ships (not counting the developer preview) is the one used.
        var shipped = Directory.GetDirectories(RepoPaths.Of("tests", "tools", "node_modules", "@microsoft", "app-manifest", "build", "json-schemas", "teams"), "v1.*")
            .Select(d => Version.Parse(Path.GetFileName(d)[1..])).Max()!;
        Assert.Equal(shipped.ToString(), (string?)manifest["manifestVersion"]);
        Assert.Contains($"v{shipped}", schema, StringComparison.Ordinal);
        Assert.True(Version.Parse((string)manifest["manifestVersion"]!) >= new Version(1, 17));
    }

    [Fact]
    public async Task TheSchemaCheckReallyRejectsABrokenManifest()
    {
        var manifest = ManifestOf(Package());
        manifest["bots"]![0]!["botId"] = "not-a-guid";
        manifest.Remove("icons");
        var (_, errors) = await ValidateAsync(manifest);
        Assert.Contains(errors, e => e.Contains("/bots/0/botId", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("icons", StringComparison.Ordinal));
    }

    [Fact]
    public void ThePackageHoldsTheManifestAndBothIconsAtItsRootWithEveryPlaceholderFilled()
    {
        var zip = Package();
        using (var archive = ZipFile.OpenRead(zip))
        {
            Assert.Equal(["color.png", "manifest.json", "outline.png"], archive.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
            Assert.Equal((192, 192), PngSize(archive.GetEntry("color.png")!));
            Assert.Equal((32, 32), PngSize(archive.GetEntry("outline.png")!));
        }
        var manifest = ManifestOf(zip);
        var text = manifest.ToJsonString();
        Assert.DoesNotContain("{{", text, StringComparison.Ordinal);
        Assert.Equal(AppId, (string?)manifest["id"]);
        Assert.Equal(AppId, (string?)manifest["bots"]![0]!["botId"]);
        Assert.Equal([Host], manifest["validDomains"]!.AsArray().Select(d => (string)d!));
        Assert.Equal(["personal", "team"], manifest["bots"]![0]!["scopes"]!.AsArray().Select(s => (string)s!));
    }

    [Fact]
    public void TheOutlineIconIsWhiteOnTransparent()
    {
        var (colorType, pixels) = PngDecoder.DecodeRgba(File.ReadAllBytes(RepoPaths.Of("manifest", "outline.png")));
        Assert.Equal(6, colorType); // RGBA
        Assert.Contains(pixels, p => p.A == 0);
        Assert.Contains(pixels, p => p.A == 255);
        Assert.All(pixels.Where(p => p.A > 0), p => Assert.True(p is { R: 255, G: 255, B: 255 }, $"a visible pixel is not white: {p}"));
    }

    [Fact]
    public void EveryMenuCommandIsSomethingTheBotConfidentlyUnderstands()
    {
        var recognizer = new EmbeddedIntentRecognizer(Microsoft.Extensions.Options.Options.Create(new RecognizerOptions()));
        var titles = ManifestOf(Package())["bots"]![0]!["commandLists"]!.AsArray()
            .SelectMany(list => list!["commands"]!.AsArray().Select(c => (string)c!["title"]!)).ToList();
        Assert.NotEmpty(titles);
        Assert.All(titles, title =>
        {
            var prediction = recognizer.Recognize(title);
            Assert.True(prediction.IsConfident && prediction.TopIntent != Intents.None,
                $"\"{title}\" is {prediction.TopIntent} at {prediction.TopScore:0.000}, not a confident command");
        });
        // The menu's first commands are the flows people come for.
        Assert.Equal(Intents.UnlockAccount, recognizer.Recognize(titles[0]).TopIntent);
        Assert.Equal(Intents.ForgotPassword, recognizer.Recognize(titles[1]).TopIntent);
    }

    [Theory]
    [InlineData("--app-id", "", "--host", Host)]
    [InlineData("--app-id", "jsmith", "--host", Host)]
    [InlineData("--app-id", AppId, "--host", "https://helpbot.example.org/")]
    [InlineData("--app-id", AppId, "--host", "helpbot.example.org:443")]
    public void TheCommandRefusesAnIdOrHostThatWouldMakeABrokenPackage(params string[] options)
    {
        var zip = Path.Combine(_temp, "refused.zip");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = TeamsPackageCommand.Run(["package", .. options, "--manifest", RepoPaths.Of("manifest"), "--out", zip], output, error);
        Assert.Equal(1, exit);
        Assert.StartsWith("teams package:", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(zip));
    }

    [Fact]
    public void TheCommandWritesThePackageWhereItIsTold()
    {
        var zip = Path.Combine(_temp, "out", "helpbot.zip");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = TeamsPackageCommand.Run(["package", "--app-id", AppId, "--host", Host, "--manifest", RepoPaths.Of("manifest"), "--out", zip], output, error);
        Assert.True(exit == 0, error.ToString());
        Assert.True(File.Exists(zip));
        Assert.Equal(2, TeamsPackageCommand.Run(["package", "--colour", "red"], output, error));
    }

    private static (int Width, int Height) PngSize(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        var header = new byte[24];
        stream.ReadExactly(header);
        return (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16)), System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20)));
    }

    private static async Task<(string Schema, IReadOnlyList<string> Errors)> ValidateAsync(JsonObject manifest)
    {
        if (!Directory.Exists(RepoPaths.Of("tests", "tools", "node_modules", "@microsoft", "app-manifest")))
        {
            throw new InvalidOperationException("The @microsoft/app-manifest npm package is missing: run ./test.sh (or npm ci in tests/tools) first.");
        }
        var start = new ProcessStartInfo("node", [RepoPaths.Of("tests", "tools", "validate-teams-manifest.js")])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoPaths.Of("tests", "tools"),
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        await node.StandardInput.WriteAsync(manifest.ToJsonString());
        node.StandardInput.Close();
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync();
        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"validate-teams-manifest.js failed: {await errors}");
        }
        var result = JsonNode.Parse(await output)!;
        return ((string)result["schema"]!, result["errors"]!.AsArray().Select(e => (string)e!).ToList());
    }

    public void Dispose() => Directory.Delete(_temp, recursive: true);
}
