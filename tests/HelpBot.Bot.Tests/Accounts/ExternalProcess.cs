using System.Diagnostics;

namespace HelpBot.Bot.Tests.Accounts;

/// <summary>Runs a directory server's own tool (slapadd, samba-tool, …) and returns its exit code and everything it printed.</summary>
internal static class ExternalProcess
{
    public static (int Code, string Output) Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }
}
