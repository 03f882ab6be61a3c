using System.Net;
using HelpBot.Dialogs.PasswordReset;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Hosting;

/// <summary>
/// This server's own address for URLs HelpBot hands out (the Web Chat stream, the Direct Line domain): the request's
/// when it names HelpBot (the host of <c>PasswordReset:PublicBaseUrl</c>, or a loopback name), otherwise
/// <c>PasswordReset:PublicBaseUrl</c> itself. An arbitrary <c>Host</c> header is never reflected (issue 15, finding 8).
/// </summary>
internal static class PublicAddress
{
    /// <summary><c>http(s)://host[:port][/base]</c>, without a trailing slash.</summary>
    public static string Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var configured = new Uri(request.HttpContext.RequestServices.GetRequiredService<IOptions<PasswordResetOptions>>().Value.PublicBaseUrl);
        var host = request.Host.Host;
        if (string.Equals(host, configured.Host, StringComparison.OrdinalIgnoreCase) || IsLoopback(host))
        {
            return $"{request.Scheme}://{request.Host}{request.PathBase}";
        }
        return configured.GetLeftPart(UriPartial.Authority) + configured.AbsolutePath.TrimEnd('/');
    }

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
