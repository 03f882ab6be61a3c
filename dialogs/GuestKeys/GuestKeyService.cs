using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Audit;
using HelpBot.Dialogs.PasswordReset;
using HelpBot.Dialogs.RateLimits;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;

namespace HelpBot.Dialogs.GuestKeys;

/// <summary>Who is acting and where, for the audit log (C5).</summary>
public sealed record AuditScope(string? Actor, string? Channel, string? ConversationId)
{
    public static AuditScope Of(ITurnContext context) =>
        new(context?.Activity.From?.Id, context?.Activity.ChannelId, context?.Activity.Conversation?.Id);

    public static readonly AuditScope System = new("helpbot", null, null);
}

/// <summary>A key just issued: the only moment the key exists outside the guest's and sponsor's hands.</summary>
public sealed record IssuedGuestKey(GuestInvitation Invitation, string Key);

public enum GuestKeyRedeemOutcome
{
    Accepted,
    /// <summary>Wrong, used, expired or revoked key, or another last name: one answer for all (no oracle).</summary>
    Rejected,
    Throttled,
}

public sealed record GuestKeyRedemption(GuestKeyRedeemOutcome Outcome, GuestInvitation? Invitation = null);

/// <summary>
/// Guest keys (issue 5): who may sponsor, issuing (key from the CSPRNG, stored only as an HMAC), redeeming (single use,
/// one answer for every kind of wrong key, throttled), and the sponsor's revoke / extend / end. Every change is audited
/// without the key (C5).
/// </summary>
public sealed class GuestKeyService(
    IGuestKeyStore store,
    IRateLimits rateLimits,
    GuestKeyHashKey hashKey,
    IGuestAccounts guestAccounts,
    IAuditLog audit,
    IOptions<GuestKeyOptions> options,
    IOptions<PasswordResetOptions> resetOptions,
    TimeProvider time)
{
    private readonly GuestKeyOptions _options = options.Value;

    /// <summary>The schools whose full-time staff and on-quad faculty may sponsor (the seed: "of the Medical School").</summary>
    public const string SponsoringSchool = "HMS";

    /// <summary>Why this account may not sponsor a guest, in the user's words; null when it may.</summary>
    public static string? WhyCannotSponsor(Account account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.IsDisabled || !account.IsRegistered || account.Type != AccountType.Personal)
        {
            return GuestKeyTexts.NotEligibleAccount;
        }
        if (!string.Equals(account.School, SponsoringSchool, StringComparison.OrdinalIgnoreCase))
        {
            return GuestKeyTexts.NotEligibleSchool(account.School);
        }
        return account.Affiliation is Affiliation.FullTimeStaff or Affiliation.OnQuadFaculty
            ? null
            : GuestKeyTexts.NotEligibleAffiliation(account.Affiliation);
    }

    /// <summary>Today in the help desk's time zone (the day a "last day of access" is compared with).</summary>
    public DateOnly Today() =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), ChatPasswordChangeNotifications.ZoneOf(resetOptions.Value.TimeZone)).DateTime);

    public DateTimeOffset Now => time.GetUtcNow();

    public async Task<IssuedGuestKey> IssueAsync(string sponsor, GuestInvitationForm form, AuditScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sponsor);
        ArgumentNullException.ThrowIfNull(form);
        if (form.Validate(Today()).Count > 0 || form.ParsedRole is not { } role || form.ParsedLastDay is not { } lastDay)
        {
            throw new ArgumentException("The form has errors; show them to the sponsor before issuing.", nameof(form));
        }
        var key = GuestKeyFormat.NewKey();
        var now = time.GetUtcNow();
        var invitation = new GuestInvitation
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
            KeyHash = GuestKeyFormat.Hash(hashKey, GuestKeyFormat.Normalize(key)!),
            Sponsor = sponsor,
            FirstName = form.FirstName.Trim(),
            LastName = form.LastName.Trim(),
            Email = form.Email.Trim(),
            Organisation = form.Organisation.Trim(),
            Role = role,
            Reason = form.Reason.Trim(),
            LastDay = lastDay,
            IssuedAt = now,
            KeyExpiresAt = now.AddDays(_options.UnusedKeyLifetimeDays),
        };
        await store.InsertAsync(invitation, cancellationToken).ConfigureAwait(false);
        await AuditAsync("guestkey.issued", "success", sponsor, scope, Detail(invitation, $"role={role} lastDay={lastDay:yyyy-MM-dd}"), cancellationToken).ConfigureAwait(false);
        return new IssuedGuestKey(invitation, key);
    }

    /// <summary>
    /// Uses up a key typed by a guest, if it is an unused, unexpired, unrevoked key issued for this last name. Every
    /// failure looks the same to the guest and counts towards the limits (per conversation, per last name, per
    /// channel user id); the stored hash is compared in constant time.
    /// </summary>
    public async Task<GuestKeyRedemption> RedeemAsync(string lastName, string typedKey, AuditScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var now = time.GetUtcNow();
        var window = _options.FailureWindow;
        var name = NormalizeName(lastName);
        var limits = new List<RateLimit>
        {
            new("guestkey:failure:conversation:" + scope.ConversationId, _options.MaxFailuresPerConversation, window),
            new("guestkey:failure:lastname:" + GuestKeyFormat.Hash(hashKey, "name:" + name)[..24], _options.MaxFailuresPerLastName, window),
        };
        if (!string.IsNullOrEmpty(scope.Actor))
        {
            limits.Add(new("guestkey:failure:user:" + scope.Channel + ":" + scope.Actor, _options.MaxFailuresPerLastName, window));
        }
        if (await rateLimits.IsOverAnyAsync(limits, now, cancellationToken).ConfigureAwait(false))
        {
            await AuditAsync("guestkey.redeem", "throttled", null, scope, null, cancellationToken).ConfigureAwait(false);
            return new GuestKeyRedemption(GuestKeyRedeemOutcome.Throttled);
        }

        // The same work for a malformed key as for a well-formed one: hash something either way.
        var normalized = GuestKeyFormat.Normalize(typedKey);
        var hash = GuestKeyFormat.Hash(hashKey, normalized ?? "not-a-key");
        var found = normalized is null ? null : await store.FindByKeyHashAsync(hash, cancellationToken).ConfigureAwait(false);
        var matches = found is not null
            & CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(found?.KeyHash ?? new string('0', hash.Length)), Encoding.ASCII.GetBytes(hash))
            & CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(NormalizeName(found?.LastName ?? "")), Encoding.UTF8.GetBytes(name));
        GuestInvitation? consumed = null;
        if (matches && found is not null)
        {
            consumed = await store.UpdateAsync(found.Id, current =>
                current.StatusAt(now) == GuestKeyStatus.Issued ? current with { UsedAt = now } : null, cancellationToken).ConfigureAwait(false);
        }
        if (consumed is null)
        {
            await rateLimits.RecordAsync(limits, now, cancellationToken).ConfigureAwait(false);
            var why = normalized is null ? "malformed" : found is null ? "unknown" : !matches ? "other-last-name" : found.StatusAt(now).ToString().ToLowerInvariant();
            await AuditAsync("guestkey.redeem", "failure", found?.Sponsor, scope, $"reason={why}" + (found is null ? "" : $" invitation={found.Id}"), cancellationToken).ConfigureAwait(false);
            return new GuestKeyRedemption(GuestKeyRedeemOutcome.Rejected);
        }
        await AuditAsync("guestkey.used", "success", consumed.Sponsor, scope, Detail(consumed, null), cancellationToken).ConfigureAwait(false);
        return new GuestKeyRedemption(GuestKeyRedeemOutcome.Accepted, consumed);
    }

    /// <summary>The account could not be created after the key was used up: give the guest their key back.</summary>
    public Task ReleaseAsync(string invitationId, CancellationToken cancellationToken = default) =>
        store.UpdateAsync(invitationId, current => current.GuestUsername is null && current.UsedAt is not null ? current with { UsedAt = null } : null, cancellationToken);

    /// <summary>Creates the guest's account for a redeemed key and records it; returns the new username.</summary>
    public async Task<string> RegisterAsync(GuestInvitation invitation, AuditScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        string username;
        try
        {
            username = await guestAccounts.CreateGuestAccountAsync(
                new GuestAccountRequest(invitation.FirstName, invitation.LastName, invitation.Email, invitation.Organisation, invitation.Sponsor, invitation.LastDay),
                cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ReleaseAsync(invitation.Id, CancellationToken.None).ConfigureAwait(false);
            await AuditAsync("guest.registered", "failure", invitation.Sponsor, scope, $"invitation={invitation.Id}", CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        await store.UpdateAsync(invitation.Id, current => current with { GuestUsername = username }, cancellationToken).ConfigureAwait(false);
        await AuditAsync("guest.registered", "success", username, scope, $"sponsor={invitation.Sponsor} invitation={invitation.Id}", cancellationToken).ConfigureAwait(false);
        return username;
    }

    public Task<IReadOnlyList<GuestInvitation>> ListAsync(string sponsor, CancellationToken cancellationToken = default) =>
        store.ListBySponsorAsync(sponsor, cancellationToken);

    /// <summary>Revokes an unused key of this sponsor's. False when it is not theirs or no longer unused.</summary>
    public async Task<bool> RevokeAsync(string sponsor, string invitationId, AuditScope scope, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var revoked = await store.UpdateAsync(invitationId, current =>
            IsSponsor(current, sponsor) && current.StatusAt(now) == GuestKeyStatus.Issued ? current with { RevokedAt = now } : null, cancellationToken).ConfigureAwait(false);
        await AuditAsync("guestkey.revoked", revoked is null ? "refused" : "success", sponsor, scope, $"invitation={invitationId}", cancellationToken).ConfigureAwait(false);
        return revoked is not null;
    }

    /// <summary>Moves the last day of access (at most a year from today, after today). False when refused.</summary>
    public async Task<bool> ExtendAsync(string sponsor, string invitationId, DateOnly lastDay, AuditScope scope, CancellationToken cancellationToken = default)
    {
        var today = Today();
        var now = time.GetUtcNow();
        GuestInvitation? updated = null;
        if (GuestKeyTexts.LastDayProblem(lastDay, today) is null)
        {
            updated = await store.UpdateAsync(invitationId, current =>
                IsSponsor(current, sponsor) && current.EndedAt is null && current.StatusAt(now) is GuestKeyStatus.Issued or GuestKeyStatus.Used
                    ? current with { LastDay = lastDay } : null, cancellationToken).ConfigureAwait(false);
        }
        if (updated?.GuestUsername is { } username)
        {
            await guestAccounts.SetAccessEndAsync(username, lastDay, cancellationToken).ConfigureAwait(false);
        }
        await AuditAsync("guestkey.access.extended", updated is null ? "refused" : "success", sponsor, scope,
            string.Create(CultureInfo.InvariantCulture, $"invitation={invitationId} lastDay={lastDay:yyyy-MM-dd}"), cancellationToken).ConfigureAwait(false);
        return updated is not null;
    }

    /// <summary>Ends a guest's access now: the account is disabled and an unused key can no longer be used.</summary>
    public async Task<bool> EndAsync(string sponsor, string invitationId, AuditScope scope, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var ended = await store.UpdateAsync(invitationId, current =>
            IsSponsor(current, sponsor) && current.EndedAt is null && current.RevokedAt is null
                ? current with { EndedAt = now, RevokedAt = current.UsedAt is null ? now : null } : null, cancellationToken).ConfigureAwait(false);
        if (ended?.GuestUsername is { } username)
        {
            await guestAccounts.DisableAsync(username, cancellationToken).ConfigureAwait(false);
        }
        await AuditAsync("guestkey.access.ended", ended is null ? "refused" : "success", ended?.GuestUsername ?? sponsor, scope,
            $"sponsor={sponsor} invitation={invitationId}", cancellationToken).ConfigureAwait(false);
        return ended is not null;
    }

    /// <summary>The last day passed: the account is disabled (called by the notices pass).</summary>
    public async Task<bool> ExpireAccessAsync(GuestInvitation invitation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        var now = time.GetUtcNow();
        var today = Today();
        var ended = await store.UpdateAsync(invitation.Id, current =>
            current.HasActiveAccess && current.LastDay < today ? current with { EndedAt = now } : null, cancellationToken).ConfigureAwait(false);
        if (ended?.GuestUsername is not { } username)
        {
            return false;
        }
        await guestAccounts.DisableAsync(username, cancellationToken).ConfigureAwait(false);
        await AuditAsync("guestkey.access.expired", "success", username, AuditScope.System, $"sponsor={ended.Sponsor} invitation={ended.Id}", cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Case, accents, apostrophes and spacing don't matter in a last name ("O’Brien" is "o'brien").</summary>
    public static string NormalizeName(string? name)
    {
        var decomposed = (name ?? "").Trim().Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        var lastWasSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace)
                {
                    kept.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }
            lastWasSpace = false;
            kept.Append(c is '\u2019' or '\u2018' ? '\'' : char.ToLowerInvariant(c));
        }
        return kept.ToString().Normalize(NormalizationForm.FormC);
    }

    private static bool IsSponsor(GuestInvitation invitation, string sponsor) =>
        string.Equals(invitation.Sponsor, sponsor, StringComparison.OrdinalIgnoreCase);

    private static string Detail(GuestInvitation invitation, string? extra) =>
        $"invitation={invitation.Id}" + (extra is null ? "" : " " + extra);

    private Task AuditAsync(string action, string outcome, string? account, AuditScope scope, string? detail, CancellationToken cancellationToken) =>
        audit.WriteAsync(new AuditEntry
        {
            At = time.GetUtcNow(),
            Action = action,
            Outcome = outcome,
            Account = account,
            Actor = scope.Actor,
            Channel = scope.Channel,
            ConversationId = scope.ConversationId,
            Detail = detail,
        }, cancellationToken);
}
