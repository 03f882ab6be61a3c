using System.Globalization;
using HelpBot.Bot.Cli.Conversations;

namespace HelpBot.Bot.Cli;

/// <summary>
/// <c>dotnet run --project bot -- conversations run PATH</c>: runs the conversation test set (tests/conversations)
/// against the real host, one line per conversation, then <c>conversations: N/M succeed</c>.
/// </summary>
public static class ConversationsCommand
{
    private const string Usage = """
        usage: conversations run PATH [--only ID]   run every conversation in PATH (a .txt file or a folder of them),
                                                    or only the one with that id (its whole transcript
                                                    when it fails); prints conversations: N/M succeed
               conversations check PATH             read the files and report format errors without running them
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            switch (args)
            {
                case ["check", var path]:
                    var scripts = ConversationScriptReader.ReadPath(path);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scripts.Count} conversations read, {scripts.Sum(s => s.UserMessages)} user messages"));
                    return 0;
                case ["run", var path]:
                    return await RunAllAsync(ConversationScriptReader.ReadPath(path), output).ConfigureAwait(false);
                case ["run", var path, "--only", var id]:
                    var only = ConversationScriptReader.ReadPath(path).Where(s => s.Id == id).ToList();
                    if (only.Count == 0)
                    {
                        error.WriteLine($"conversations: no conversation '{id}' in {path}");
                        return 2;
                    }
                    return await RunAllAsync(only, output, transcript: true).ConfigureAwait(false);
                default:
                    error.Write(Usage);
                    return 2;
            }
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
        {
            error.WriteLine($"conversations: {ex.Message}");
            return 1;
        }
    }

    /// <summary>Runs the scripts one by one and prints each result; the exit code is 0 only if all succeed.</summary>
    public static async Task<int> RunAllAsync(IReadOnlyList<ConversationScript> scripts, TextWriter output, bool transcript = false)
    {
        ArgumentNullException.ThrowIfNull(scripts);
        ArgumentNullException.ThrowIfNull(output);
        var results = new List<ConversationResult>();
        foreach (var script in scripts)
        {
            var result = await ConversationRunner.RunAsync(script).ConfigureAwait(false);
            results.Add(result);
            Write(result, output);
            if (transcript && !result.Succeeded)
            {
                foreach (var line in result.Transcript)
                {
                    output.WriteLine("    " + line);
                }
            }
        }
        Summarize(results, output);
        return results.All(r => r.Succeeded) ? 0 : 1;
    }

    public static void Write(ConversationResult result, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(output);
        var c = CultureInfo.InvariantCulture;
        var where = $"{result.Script.File} {result.Script.Id} ({result.Script.Channel}, {result.UserMessages} messages)";
        if (result.Succeeded)
        {
            output.WriteLine($"ok    {where}");
            return;
        }
        output.WriteLine($"FAIL  {where}: {result.Failure}");
        foreach (var reply in result.RepliesAtFailure)
        {
            output.WriteLine(string.Create(c, $"        bot: {reply}"));
        }
    }

    public static void Summarize(IReadOnlyList<ConversationResult> results, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(output);
        var c = CultureInfo.InvariantCulture;
        foreach (var channel in results.GroupBy(r => r.Script.Channel))
        {
            output.WriteLine(string.Create(c, $"{channel.Key}: {channel.Count(r => r.Succeeded)}/{channel.Count()} succeed"));
        }
        output.WriteLine(string.Create(c, $"conversations: {results.Count(r => r.Succeeded)}/{results.Count} succeed"));
    }
}
