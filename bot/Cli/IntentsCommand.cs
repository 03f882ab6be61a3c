using System.Diagnostics;
using System.Globalization;
using HelpBot.Dialogs.Recognition;

namespace HelpBot.Bot.Cli;

/// <summary>
/// <c>dotnet run --project bot -- intents …</c>: evaluate, try, train and time the intent recognizer without starting
/// the web host. The metrics themselves live in <see cref="IntentEvaluation"/> so tests can use them directly.
/// </summary>
public static class IntentsCommand
{
    private const string Usage = """
        usage: intents eval FILE          per-intent precision/recall, confusions, threshold sweep, accuracy=0.NNN
               intents predict "TEXT"     the top intent, its score, and the runners-up
               intents train [DATA_DIR]   retrain from DATA_DIR/train.tsv into DATA_DIR/intents.model.{zip,json}
                                          (default dialogs/Recognition/Data, found from the current folder upwards)
               intents bench FILE [N]     average prediction cost over N passes of FILE's utterances (default 20)
        """;

    /// <summary>Runs the command; <paramref name="args"/> are what follows "intents". Returns the process exit code.</summary>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            return args switch
            {
                ["eval", var file] => Eval(file, output),
                ["predict", var text] => Predict(text, output),
                ["train"] => Train(FindDataDirectory(), output),
                ["train", var dir] => Train(dir, output),
                ["bench", var file] => Bench(file, 20, output),
                ["bench", var file, var n] when int.TryParse(n, CultureInfo.InvariantCulture, out var passes) && passes > 0 => Bench(file, passes, output),
                _ => UsageError(error),
            };
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
        {
            error.WriteLine($"intents: {ex.Message}");
            return 1;
        }
    }

    private static int Eval(string file, TextWriter output)
    {
        var examples = IntentExample.ReadTsvFile(ResolveInput(file));
        var recognizer = CreateRecognizer();
        IntentEvaluation.Run(examples, recognizer.Recognize).Write(output);
        return 0;
    }

    private static int Predict(string text, TextWriter output)
    {
        var prediction = CreateRecognizer().Recognize(text);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"{prediction.TopIntent} {prediction.TopScore:0.000}"));
        output.WriteLine(string.Create(c, $"confident={(prediction.IsConfident ? "yes" : "no")} (threshold {prediction.Threshold:0.00})"));
        foreach (var candidate in prediction.Top(3).Skip(1))
        {
            output.WriteLine(string.Create(c, $"  then {candidate.Intent} {candidate.Score:0.000}"));
        }
        return 0;
    }

    private static int Train(string dataDirectory, TextWriter output)
    {
        var started = Stopwatch.GetTimestamp();
        var metadata = IntentModelTrainer.TrainToDirectory(Path.Combine(dataDirectory, "train.tsv"), dataDirectory);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trained on {metadata.ExampleCount} examples in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s -> {Path.Combine(dataDirectory, IntentModelTrainer.ModelFileName)}"));
        output.WriteLine($"fingerprint {metadata.TrainFingerprint}");
        output.WriteLine("Rebuild (the model is embedded in HelpBot.Dialogs) and commit train.tsv with the two model files.");
        return 0;
    }

    private static int Bench(string file, int passes, TextWriter output)
    {
        var utterances = IntentExample.ReadTsvFile(ResolveInput(file)).Select(e => e.Utterance).ToList();
        var recognizer = CreateRecognizer();
        var load = Measure(() => recognizer.WarmUpAsync().GetAwaiter().GetResult());
        // One untimed pass so JIT and the first engine's buffers are not counted.
        utterances.ForEach(u => recognizer.Recognize(u));
        var count = passes * (double)utterances.Count;
        var recognize = Measure(() => Repeat(passes, () => utterances.ForEach(u => recognizer.Recognize(u))));
        var normalize = Measure(() => Repeat(passes, () => utterances.ForEach(u => TextNormalizer.Normalize(u))));
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"model load: {load.Wall.TotalMilliseconds:0} ms wall, {load.Cpu.TotalMilliseconds:0} ms CPU"));
        output.WriteLine(string.Create(c, $"{count} predictions on one thread, per utterance: {recognize.Wall.TotalMilliseconds / count:0.000} ms wall, {recognize.Cpu.TotalMilliseconds / count:0.000} ms CPU"));
        output.WriteLine(string.Create(c, $"  of which normalisation: {normalize.Wall.TotalMilliseconds / count:0.000} ms wall, {normalize.Cpu.TotalMilliseconds / count:0.000} ms CPU"));
        output.WriteLine("(CPU time is the steadier figure on a shared machine; wall time includes waiting for a core.)");
        return 0;
    }

    private static void Repeat(int times, Action action)
    {
        for (var i = 0; i < times; i++)
        {
            action();
        }
    }

    private static (TimeSpan Wall, TimeSpan Cpu) Measure(Action action)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        action();
        var wall = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        return (wall, process.TotalProcessorTime - cpu);
    }

    private static EmbeddedIntentRecognizer CreateRecognizer() =>
        new(Microsoft.Extensions.Options.Options.Create(new RecognizerOptions()));

    /// <summary>
    /// A relative path as the user meant it. `dotnet run --project bot` runs a web project in bot/, not in the
    /// folder the command was typed in, so a path relative to the repository root is also looked for upwards.
    /// </summary>
    private static string ResolveInput(string path)
    {
        if (Path.IsPathRooted(path) || File.Exists(path))
        {
            return path;
        }
        for (var dir = Directory.GetParent(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, path);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return path; // not found anywhere: let the reader report the path as given
    }

    private static string FindDataDirectory()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "dialogs", "Recognition", "Data");
            if (File.Exists(Path.Combine(candidate, "train.tsv")))
            {
                return candidate;
            }
        }
        throw new IOException("dialogs/Recognition/Data/train.tsv not found above the current folder; pass the data folder.");
    }

    private static int UsageError(TextWriter error)
    {
        error.WriteLine(Usage);
        return 2;
    }
}
