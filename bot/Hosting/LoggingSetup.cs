using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;

namespace HelpBot.Bot.Hosting;

/// <summary>Structured logging through Serilog: readable text on a terminal, compact JSON when <c>Logging:Json</c> is true.</summary>
public static class LoggingSetup
{
    public static IHostApplicationBuilder AddHelpBotLogging(this IHostApplicationBuilder builder)
    {
        var json = builder.Configuration.GetValue("Logging:Json", false);
        // Serilog writes to the console; other providers (tests add their own) still receive every event.
        // preserveStaticLogger: each host logs through its own logger, not the process-wide Log.Logger, which the
        // last-built host would otherwise own (tests run several hosts at once and capture each one's logs).
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog((_, config) =>
        {
            config.MinimumLevel.Information()
                // Hosting logs full request URLs, which can carry Direct Line tokens and reset tokens.
                .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
                .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
                .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
                // The SDK logs every activity at Information ("ProcessActivityAsync").
                .MinimumLevel.Override("Microsoft.Bot", LogEventLevel.Warning)
                .Enrich.FromLogContext()
                .Enrich.With<DropRequestPathEnricher>()
                // An operator's "Serilog" section overrides the defaults above.
                .ReadFrom.Configuration(builder.Configuration);
            // The console sink writes under a process-wide lock, one write call per line; under load, request threads
            // queued on that lock (a profile of the load benchmark found them blocked there). A background writer takes
            // the lines instead; blockWhenFull: a burst slows requests down rather than losing log lines. The queue is
            // flushed when the host disposes its logger.
            config.WriteTo.Async(sink =>
            {
                if (json)
                {
                    sink.Console(new CompactJsonFormatter());
                }
                else
                {
                    sink.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture, outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}");
                }
            }, blockWhenFull: true);
        }, preserveStaticLogger: true, writeToProviders: true);
        return builder;
    }
}
