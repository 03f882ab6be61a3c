namespace HelpBot.Bot.Telemetry;

/// <summary>Configuration section <c>Telemetry</c>: where traces and metrics go (docs/operations.md, Metrics and traces).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>An OTLP collector (e.g. <c>http://127.0.0.1:4317</c>) for traces and metrics; empty: none (the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> works too).</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Serve the metrics for Prometheus at <c>/metrics</c>.</summary>
    public bool Prometheus { get; set; } = true;

    /// <summary>Answer <c>/metrics</c> from any address; by default only from this machine (a scraper beside HelpBot, or behind the proxy).</summary>
    public bool MetricsFromAnyAddress { get; set; }
}
