using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Audit;
using HelpBot.Dialogs.Messaging;
using Microsoft.Extensions.Options;

namespace HelpBot.Dialogs.GuestKeys;

/// <summary>
/// What sponsors are told about their guests, each notice once: "your guest registered" and "your guest's access ends
/// in n days" (<see cref="GuestKeyOptions.EndingNoticeDays"/> before the last day; an extension re-arms it). A notice
/// is marked in the store before it is queued, so a restart or a second pass never repeats it. Accesses whose last
/// day has passed are ended here too (the account is disabled). The host runs <see cref="RunOnceAsync"/> on a timer;
/// the registration flow calls <see cref="AttendAsync"/> at once so the sponsor hears without waiting for the timer.
/// </summary>
public sealed class GuestSponsorNotices(
    IGuestKeyStore store,
    GuestKeyService guestKeys,
    IAccountDirectory directory,
    IOutboundMessages outbound,
    IAuditLog audit,
    IOptions<GuestKeyOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _pass = new(1, 1);

    /// <summary>One pass over every guest that may need a notice; returns how many notices were queued.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        await _pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var sent = 0;
            foreach (var invitation in await store.ListNeedingAttentionAsync(cancellationToken).ConfigureAwait(false))
            {
                sent += await AttendAsync(invitation.Id, cancellationToken).ConfigureAwait(false);
            }
            return sent;
        }
        finally
        {
            _pass.Release();
        }
    }

    /// <summary>Sends what is due for one guest and ends an access whose last day has passed; returns the notices queued.</summary>
    public async Task<int> AttendAsync(string invitationId, CancellationToken cancellationToken = default)
    {
        var sent = 0;
        if (await store.UpdateAsync(invitationId, current =>
                current.GuestUsername is not null && !current.RegistrationNoticeSent ? current with { RegistrationNoticeSent = true } : null,
                cancellationToken).ConfigureAwait(false) is { } registered)
        {
            sent += await NotifyAsync(registered, "registered", GuestKeyTexts.RegisteredNoticeSubject, GuestKeyTexts.RegisteredNotice(registered), cancellationToken).ConfigureAwait(false);
        }

        var today = guestKeys.Today();
        if (await store.GetAsync(invitationId, cancellationToken).ConfigureAwait(false) is not { HasActiveAccess: true } active)
        {
            return sent;
        }
        if (active.LastDay < today)
        {
            await guestKeys.ExpireAccessAsync(active, cancellationToken).ConfigureAwait(false);
            return sent;
        }
        var noticeDays = options.Value.EndingNoticeDays;
        if (active.LastDay.DayNumber - today.DayNumber <= noticeDays
            && await store.UpdateAsync(invitationId, current =>
                current.HasActiveAccess && current.EndingNoticeSentFor != current.LastDay && current.LastDay.DayNumber - today.DayNumber <= noticeDays
                    ? current with { EndingNoticeSentFor = current.LastDay } : null,
                cancellationToken).ConfigureAwait(false) is { } ending)
        {
            var days = ending.LastDay.DayNumber - today.DayNumber;
            sent += await NotifyAsync(ending, "ending", GuestKeyTexts.EndingNoticeSubject, GuestKeyTexts.EndingNotice(ending, days), cancellationToken).ConfigureAwait(false);
        }
        return sent;
    }

    /// <summary>To the sponsor's school e-mail (or, failing that, the alternate e-mail or text phone on file).</summary>
    private async Task<int> NotifyAsync(GuestInvitation invitation, string kind, string subject, string text, CancellationToken cancellationToken)
    {
        var sponsor = await directory.FindAsync(invitation.Sponsor, cancellationToken).ConfigureAwait(false);
        var (channel, to) = sponsor switch
        {
            { Email: { Length: > 0 } email } => (MessageChannel.Email, email),
            { AlternateEmail: { Length: > 0 } alternate } => (MessageChannel.Email, alternate),
            { TextPhone: { Length: > 0 } phone } => (MessageChannel.Text, phone),
            _ => (MessageChannel.Email, (string?)null),
        };
        if (to is not null)
        {
            await outbound.EnqueueAsync(new OutboundMessage(channel, to, subject, text), cancellationToken).ConfigureAwait(false);
        }
        await audit.WriteAsync(new AuditEntry
        {
            At = guestKeys.Now,
            Action = "guestkey.notice",
            Outcome = to is null ? "no-address" : "success",
            Account = invitation.Sponsor,
            Actor = AuditScope.System.Actor,
            Detail = $"kind={kind} invitation={invitation.Id}" + (to is null ? "" : " to=" + Mask.Destination(channel, to)),
        }, cancellationToken).ConfigureAwait(false);
        return to is null ? 0 : 1;
    }

    public void Dispose() => _pass.Dispose();
}
