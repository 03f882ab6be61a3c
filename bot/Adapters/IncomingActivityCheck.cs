using System.Text.Json;

namespace HelpBot.Bot.Adapters;

/// <summary>
/// What <c>/api/messages</c> checks before the Bot Framework adapter sees a request (issue 15, findings 7 and 8): the
/// body is at most <see cref="MaxBytes"/> (413), is a JSON object, and names a <c>serviceUrl</c> that is an absolute
/// http(s) address (400). The SDK would otherwise answer 500 for a missing one in local developer mode, and reply to
/// whatever scheme it was given.
/// </summary>
internal static class IncomingActivityCheck
{
    /// <summary>Bot Framework activities are far smaller (the Connector refuses more than 256 KB).</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Null when the request may go on (its body rewound for the adapter); otherwise the answer to give.</summary>
    public static async Task<IResult?> RefuseAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return TooLarge();
        }
        request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: MaxBytes);
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, new JsonDocumentOptions { MaxDepth = 64 }, cancellationToken).ConfigureAwait(false);
            if (body.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Bad("The body must be an activity (a JSON object).");
            }
            if (!body.RootElement.TryGetProperty("serviceUrl", out var serviceUrl)
                || serviceUrl.ValueKind != JsonValueKind.String
                || !Uri.TryCreate(serviceUrl.GetString(), UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                return Bad("The activity needs a serviceUrl: the absolute http(s) address of the channel's connector.");
            }
        }
        catch (JsonException)
        {
            return Bad("The body is not valid JSON.");
        }
        catch (IOException) when (request.Body.CanSeek && request.Body.Length > MaxBytes)
        {
            return TooLarge();
        }
        request.Body.Position = 0;
        return null;
    }

    private static IResult Bad(string message) =>
        Results.Json(new { error = new { code = "BadArgument", message } }, statusCode: StatusCodes.Status400BadRequest);

    private static IResult TooLarge() =>
        Results.Json(new { error = new { code = "BadArgument", message = $"The body is larger than {MaxBytes / 1024} KB." } }, statusCode: StatusCodes.Status413PayloadTooLarge);
}
