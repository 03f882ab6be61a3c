using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Audit;
using HelpBot.Dialogs.PasswordReset;

namespace HelpBot.Bot.PasswordReset;

/// <summary>
/// <c>GET /reset/{token}</c> shows the form; <c>POST /reset/{token}</c> sets the password. Unknown, expired and used
/// links all get the same page and status. The token is only ever in the path: never logged (request logging writes
/// the route pattern), never audited, never in a redirect.
/// </summary>
/// <remarks>
/// Cross-site request forgery: the form posts back to its own URL, whose path token is a 256-bit, single-use secret
/// bound to one user, i.e. a synchronizer token. A forged cross-site post would need that token, and whoever holds it
/// can use the page directly. So no antiforgery cookie is added; as defence in depth a post that the browser marks as
/// cross-site (Sec-Fetch-Site) is refused. The username is taken from the link, never from the form.
/// </remarks>
internal static class ResetPageEndpoints
{
    /// <summary>Two password fields and a username; anything bigger is not this form.</summary>
    private const long MaxFormBytes = 16 * 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/reset/{token}", ShowAsync).WithName("PasswordResetPage").ExcludeFromDescription();
        app.MapPost("/reset/{token}", SubmitAsync).WithName("PasswordResetSubmit").DisableAntiforgery().ExcludeFromDescription();
        app.MapGet("/reset-page/{file}", Asset).WithName("PasswordResetAssets").ExcludeFromDescription();
    }

    private static async Task<IResult> ShowAsync(string token, HttpContext http, ResetLinkService links, IAccountDirectory directory, CancellationToken ct)
    {
        var ticket = await links.FindUsableAsync(token, ct).ConfigureAwait(false);
        return ticket is null
            ? ResetPageHtml.Expired(http)
            : ResetPageHtml.Form(http, ticket.Username, help: ResetPageTexts.HelpFor(await DirectoryPolicyAsync(directory, ticket.Username, ct).ConfigureAwait(false)));
    }

    /// <summary>
    /// The directory's own password rules for the account, for the form's help and a check before writing; null when it
    /// has none, or doesn't answer within <see cref="PolicyWait"/> (the page never waits long for a hint).
    /// </summary>
    private static async Task<DirectoryPasswordPolicy?> DirectoryPolicyAsync(IAccountDirectory directory, string username, CancellationToken ct)
    {
        using var quick = CancellationTokenSource.CreateLinkedTokenSource(ct);
        quick.CancelAfter(PolicyWait);
        try
        {
            return await directory.PasswordPolicyAsync(username, quick.Token).ConfigureAwait(false);
        }
        catch (DirectoryUnavailableException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private static readonly TimeSpan PolicyWait = TimeSpan.FromSeconds(2);

    private static async Task<IResult> SubmitAsync(string token, HttpContext http, ResetLinkService links, PasswordPolicy policy, ILoggerFactory loggers, CancellationToken ct)
    {
        if (string.Equals(http.Request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase))
        {
            return ResetPageHtml.Message(http, StatusCodes.Status403Forbidden, ResetPageTexts.CrossSiteTitle, ResetPageTexts.CrossSite);
        }
        if (!http.Request.HasFormContentType || http.Request.ContentLength is null or > MaxFormBytes)
        {
            return ResetPageHtml.Message(http, StatusCodes.Status400BadRequest, ResetPageTexts.BadRequestTitle, ResetPageTexts.BadRequest);
        }
        var ticket = await links.FindUsableAsync(token, ct).ConfigureAwait(false);
        if (ticket is null)
        {
            return ResetPageHtml.Expired(http);
        }

        var services = http.RequestServices;
        var directory = services.GetRequiredService<IAccountDirectory>();
        var audit = services.GetRequiredService<IAuditLog>();
        var log = loggers.CreateLogger("HelpBot.PasswordReset");
        var conversation = ResetLinkService.ConversationOf(ticket);
        AuditEntry Entry(string outcome, string? detail) => new()
        {
            At = services.GetRequiredService<TimeProvider>().GetUtcNow(),
            Action = "password.reset",
            Outcome = outcome,
            Account = ticket.Username,
            Actor = conversation.User?.Id,
            Channel = conversation.ChannelId,
            ConversationId = conversation.Conversation?.Id,
            Detail = detail,
        };

        Account? account;
        try
        {
            account = await directory.FindAsync(ticket.Username, ct).ConfigureAwait(false);
        }
        catch (DirectoryUnavailableException)
        {
            // The directory logged the details for operators; nothing was used up, the link still works.
            await audit.WriteAsync(Entry("failure", "directory unavailable"), ct).ConfigureAwait(false);
            return ResetPageHtml.Message(http, StatusCodes.Status503ServiceUnavailable, ResetPageTexts.UnavailableTitle, ResetPageTexts.Unavailable);
        }
        if (account is null || account.IsDepartmental || account.IsDisabled)
        {
            // Departmental accounts go to a person (R9); a link should never have been issued for one.
            await audit.WriteAsync(Entry("refused", account is null ? "account not found" : "not eligible for self-service"), ct).ConfigureAwait(false);
            return ResetPageHtml.Message(http, StatusCodes.Status403Forbidden, ResetPageTexts.NotEligibleTitle, ResetPageTexts.NotEligible);
        }

        // The username field of the form is for password managers only: the account is the link's.
        IFormCollection form;
        try
        {
            form = await http.Request.ReadFormAsync(ct).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            // The form reader refuses a NUL byte and other characters no keyboard types: give the form back with the
            // reason, change nothing, use nothing up.
            await audit.WriteAsync(Entry("rejected", $"policy: {PasswordRejection.ControlCharacters}"), ct).ConfigureAwait(false);
            return ResetPageHtml.Form(http, ticket.Username, passwordError: PasswordPolicy.ReasonFor(PasswordRejection.ControlCharacters), status: StatusCodes.Status400BadRequest);
        }
        var password = form["password"].ToString();
        var confirm = form["confirm"].ToString();
        var check = policy.Check(password, PasswordOwner.From(account));
        if (!check.Accepted)
        {
            await audit.WriteAsync(Entry("rejected", $"policy: {check.Rejection}"), ct).ConfigureAwait(false);
            return ResetPageHtml.Form(http, ticket.Username, passwordError: check.Reason, status: StatusCodes.Status422UnprocessableEntity);
        }
        var normalized = PasswordPolicy.Normalize(password);
        if (!string.Equals(normalized, PasswordPolicy.Normalize(confirm), StringComparison.Ordinal))
        {
            return ResetPageHtml.Form(http, ticket.Username, confirmError: ResetPageTexts.Mismatch, status: StatusCodes.Status422UnprocessableEntity);
        }

        // What can be checked of the directory's own rules is checked before anything is written or used up.
        var directoryPolicy = await DirectoryPolicyAsync(directory, ticket.Username, ct).ConfigureAwait(false);
        if (directoryPolicy is not null && directoryPolicy.RefusesForSure(normalized))
        {
            await audit.WriteAsync(Entry("rejected", "directory policy (checked before writing)"), ct).ConfigureAwait(false);
            return ResetPageHtml.Form(http, ticket.Username, passwordError: ResetPageTexts.Refused(directoryPolicy, ResetPageTexts.NotMetIntro),
                status: StatusCodes.Status422UnprocessableEntity, help: ResetPageTexts.HelpFor(directoryPolicy));
        }

        // Use the link up before changing anything, so two racing posts cannot both set a password.
        var consumed = await links.ConsumeAsync(token, ct).ConfigureAwait(false);
        if (consumed is null)
        {
            return ResetPageHtml.Expired(http);
        }
        try
        {
            await directory.SetPasswordAsync(consumed.Username, normalized, ct).ConfigureAwait(false);
        }
        catch (PasswordRefusedException e)
        {
            // The directory's own policy said no and nothing changed: the link is given back so the person can try again.
            await links.ReleaseAsync(token, ct).ConfigureAwait(false);
            log.LogInformation("The directory refused the new password of {Username} under its password policy ({Policy}); the link was given back",
                consumed.Username, e.Policy is { } p ? $"minimum length {p.MinLength}, complexity {(p.Complexity ? "on" : "off")}, history {p.HistoryLength}" : "policy not readable");
            await audit.WriteAsync(Entry("rejected", "directory policy"), ct).ConfigureAwait(false);
            return ResetPageHtml.Form(http, ticket.Username, passwordError: ResetPageTexts.Refused(e.Policy), status: StatusCodes.Status422UnprocessableEntity, help: ResetPageTexts.HelpFor(e.Policy));
        }
        catch (DirectoryUnavailableException)
        {
            // The directory logged the details for operators. Setting the same password again is harmless even if
            // this write did apply, so the link is given back and the person can try again shortly.
            await links.ReleaseAsync(token, ct).ConfigureAwait(false);
            log.LogWarning("The directory did not answer while setting the password of {Username}; the link was given back", consumed.Username);
            await audit.WriteAsync(Entry("failure", "directory unavailable"), ct).ConfigureAwait(false);
            return ResetPageHtml.Message(http, StatusCodes.Status503ServiceUnavailable, ResetPageTexts.UnavailableTitle, ResetPageTexts.Unavailable);
        }

        var changedAt = services.GetRequiredService<TimeProvider>().GetUtcNow();
        await audit.WriteAsync(Entry("success", $"reason: {consumed.Reason}") with { At = changedAt }, ct).ConfigureAwait(false);
        log.LogInformation("Password of {Username} was reset through a reset link", consumed.Username);
        try
        {
            await services.GetRequiredService<IPasswordChangeNotifications>()
                .PasswordChangedAsync(consumed.Username, conversation, changedAt, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The password is changed; a chat that cannot be reached must not turn that into an error page.
            log.LogWarning(e, "Could not post the password change into conversation {ConversationId}", conversation.Conversation?.Id);
        }
        return ResetPageHtml.Success(http);
    }

    private static IResult Asset(string file, HttpContext http) => ResetPageHtml.Asset(http, file);
}
