using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Hosting;

/// <summary>Section <c>Hosting</c>: what stands in front of HelpBot.</summary>
public sealed class HostingOptions
{
    public const string Section = "Hosting";

    /// <summary>
    /// The reverse proxies and load balancers in front of HelpBot: addresses (10.0.0.5) or networks (10.0.0.0/24). Only
    /// a request that reaches HelpBot from one of them has its X-Forwarded-For and X-Forwarded-Proto believed, so the
    /// client address the rate limits count is the real client's. Empty (default): no forwarded header is believed.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];
}

/// <summary>
/// Issue 15, finding 5: behind a proxy every request comes from the proxy's address, so the per-address limits (Web Chat
/// tokens, console sign-ins) would be shared by everyone. The forwarded headers are applied from trusted proxies only:
/// anyone else could write any address in them.
/// </summary>
public static class TrustedProxies
{
    public static IHostApplicationBuilder AddTrustedProxies(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HostingOptions>().BindConfiguration(HostingOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<HostingOptions>, HostingOptionsValidator>();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<HostingOptions>>((forwarded, hosting) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // A chain of trusted proxies (a CDN, then a load balancer) is walked back to the first address not trusted.
            forwarded.ForwardLimit = null;
            // Only what the operator lists (the framework's default trusts loopback).
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var entry in hosting.Value.TrustedProxies)
            {
                if (TryParse(entry, out var network))
                {
                    forwarded.KnownIPNetworks.Add(network);
                }
            }
        });
        return builder;
    }

    /// <summary>First in the pipeline, so every limit and log after it sees the client's address.</summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        // Only with proxies listed: with no known proxy the middleware would believe the headers from anyone. (Read from
        // configuration here; a wrong entry is reported by the options validation when the host starts.)
        if (app.Configuration.GetSection(HostingOptions.Section).Get<HostingOptions>()?.TrustedProxies is { Length: > 0 })
        {
            app.UseForwardedHeaders();
        }
        return app;
    }

    internal static bool TryParse(string? entry, out System.Net.IPNetwork network)
    {
        var text = entry?.Trim() ?? "";
        if (IPAddress.TryParse(text, out var address) && !text.Contains('/', StringComparison.Ordinal))
        {
            network = new System.Net.IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128);
            return true;
        }
        return System.Net.IPNetwork.TryParse(text, out network);
    }
}

internal sealed class HostingOptionsValidator : IValidateOptions<HostingOptions>
{
    public ValidateOptionsResult Validate(string? name, HostingOptions o)
    {
        var errors = o.TrustedProxies
            .Where(entry => !TrustedProxies.TryParse(entry, out _))
            .Select(entry => $"Hosting:TrustedProxies has {OptionsSetup.Quote(entry)}; each entry is the address of a proxy in front of HelpBot (e.g. 10.0.0.5) or a network of them with its prefix length (e.g. 10.0.0.0/24, with the host bits zero).")
            .ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
