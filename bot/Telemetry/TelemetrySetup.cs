using System.Diagnostics.Metrics;
using System.Net;
using HelpBot.Bot.Handoff;
using HelpBot.Bot.Storage;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.Telemetry;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace HelpBot.Bot.Telemetry;

/// <summary>
/// Observability: OpenTelemetry traces and metrics (ASP.NET Core, HttpClient, the runtime, and HelpBot's own from
/// dialogs/Telemetry), exported by OTLP when configured and scraped by Prometheus at <c>/metrics</c>; liveness and
/// readiness health checks. Logs carry the trace id of the request or turn they belong to (Serilog reads it from the
/// current activity).
/// </summary>
public static class TelemetrySetup
{
    public const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddHelpBotTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section);
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = string.IsNullOrWhiteSpace(options.OtlpEndpoint) ? null : new Uri(options.OtlpEndpoint);
        // OTLP when configured here or by the standard variable (which the exporter then reads itself).
        var exportOtlp = otlp is not null || !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
        void ToCollector(OpenTelemetry.Exporter.OtlpExporterOptions o)
        {
            if (otlp is not null)
            {
                o.Endpoint = otlp;
            }
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("helpbot", serviceInstanceId: Environment.MachineName))
            .WithTracing(t =>
            {
                t.AddSource(HelpBotMetrics.Name)
                    // The scrape and the health checks are not worth a trace each.
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsHousekeeping(http.Request.Path))
                    .AddHttpClientInstrumentation();
                if (exportOtlp)
                {
                    t.AddOtlpExporter(ToCollector);
                }
            })
            .WithMetrics(m =>
            {
                m.AddMeter(HelpBotMetrics.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                if (options.Prometheus)
                {
                    m.AddPrometheusExporter();
                }
                if (exportOtlp)
                {
                    m.AddOtlpExporter(ToCollector);
                }
            });
        // The queue for a person, read when metrics are collected (a host's own meter, gone with the host).
        builder.Services.AddHostedService<QueueGauge>();

        builder.Services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: [ReadyTag])
            .AddCheck<DirectoryHealthCheck>("directory", tags: [ReadyTag]);
        return builder;
    }

    /// <summary><c>/health/live</c> (the process answers), <c>/health/ready</c> and <c>/healthz</c> (the store and the directory answer), <c>/metrics</c>.</summary>
    public static WebApplication MapHelpBotTelemetry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) });
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (options.Prometheus)
        {
            app.UseWhen(http => http.Request.Path.StartsWithSegments("/metrics") && !options.MetricsFromAnyAddress && !IsLocal(http.Connection.RemoteIpAddress),
                branch => branch.Run(http => { http.Response.StatusCode = StatusCodes.Status404NotFound; return Task.CompletedTask; }));
            app.MapPrometheusScrapingEndpoint("/metrics");
        }
        return app;
    }

    private static bool IsHousekeeping(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health") || path.StartsWithSegments("/healthz");

    // The test server has no remote address: it is this machine.
    private static bool IsLocal(IPAddress? address) => address is null || IPAddress.IsLoopback(address);

    private sealed class QueueGauge(IMeterFactory meters, IEscalationStore escalations) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            Func<int>? countWaiting = escalations switch
            {
                LiteDbEscalationStore store => store.CountWaiting,
                HelpBot.Bot.Storage.Postgres.PostgresEscalationStore store => store.CountWaiting,
                _ => null,
            };
            if (countWaiting is not null)
            {
                meters.Create(HelpBotMetrics.Name).CreateObservableGauge("helpbot.handoff.waiting", countWaiting, "{person}", "People waiting for a person from the desk.");
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>The database answers a read.</summary>
    private sealed class StoreHealthCheck(HelpBotDatabase database) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                _ = database.Database.GetCollectionNames().Take(1).ToList();
                return Task.FromResult(HealthCheckResult.Healthy());
            }
#pragma warning disable CA1031 // any failure to read is "unhealthy", and the exception goes to the health log
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("The database did not answer a read.", ex));
            }
        }
    }

    /// <summary>The account directory answers a lookup (of a name no account has), within its own time budget.</summary>
    private sealed class DirectoryHealthCheck(IAccountDirectory directory) : IHealthCheck
    {
        private const string Probe = "helpbot-health-probe";

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await directory.FindAsync(Probe, cancellationToken).ConfigureAwait(false);
                return HealthCheckResult.Healthy();
            }
            catch (DirectoryUnavailableException ex)
            {
                return HealthCheckResult.Unhealthy("The account directory did not answer.", ex);
            }
        }
    }
}
