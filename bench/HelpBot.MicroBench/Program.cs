using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace HelpBot.MicroBench;

/// <summary>
/// <c>dotnet run -c Release --project bench/HelpBot.MicroBench -- [recognizer|turn|cards|storage|all]</c>, or any
/// BenchmarkDotNet arguments (<c>--filter *Recognizer*</c>, <c>--job short</c>). The benchmarks run in this process (no
/// generated project to build: this machine is small and shared), with BenchmarkDotNet's short job unless told otherwise.
/// </summary>
public static class MicroBenchProgram
{
    public static void Main(string[] args)
    {
        var config = DefaultConfig.Instance
            // ShortRun's 3 warm-up iterations left ML.NET's code at its first JIT tier on this machine (10x slower): 10 of each.
            .AddJob(Job.ShortRun.WithWarmupCount(10).WithIterationCount(10).WithToolchain(InProcessEmitToolchain.Instance).AsDefault())
            .WithOptions(ConfigOptions.JoinSummary);
        string[] filter = args switch
        {
            ["recognizer", .. var rest] => ["--filter", "*RecognizerBenchmarks*", .. rest],
            ["turn", .. var rest] => ["--filter", "*WaterfallTurnBenchmarks*", .. rest],
            ["cards", .. var rest] => ["--filter", "*CardBenchmarks*", .. rest],
            ["storage", .. var rest] => ["--filter", "*StorageBenchmarks*", .. rest],
            [] => ["--filter", "*"],
            ["all", .. var rest] => ["--filter", "*", .. rest],
            _ => args,
        };
        BenchmarkSwitcher.FromAssembly(typeof(MicroBenchProgram).Assembly).Run(filter, config);
    }
}
