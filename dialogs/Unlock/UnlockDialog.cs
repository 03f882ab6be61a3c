using HelpBot.Cards;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Engine;
using HelpBot.Dialogs.Recognition;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace HelpBot.Dialogs.Unlock;

/// <summary>
/// Unlock a locked eCommons account (the seed's "Locked Personal Account"): which account → SafeCode → unlock in the
/// directory → tell every address on file (R3) → a card with every system and device to update, and why.
/// </summary>
public sealed class UnlockDialog : AccountFlowDialog
{
    public UnlockDialog(AccountFlowServices services)
        : base(nameof(UnlockDialog), services, SafeCodePurpose.Unlock) =>
        AddSteps(UnlockStepAsync);

    protected override string Purpose => "unlock your eCommons account";

    /// <summary>In Teams, someone who thinks they're locked out but isn't hears so at once, and about an expiry that's close.</summary>
    protected override string? AnsweredBeforeVerification(Account account)
    {
        if (account.IsLocked)
        {
            return null;
        }
        var now = Services.Time.GetUtcNow();
        return account.PasswordExpiresAt is { } expires && expires - now < TimeSpan.FromDays(14)
            ? $"{UnlockTexts.NotLockedProven} {HelpBot.Dialogs.PasswordReset.ExpiringTexts.ExpiresOn(expires, now)} Say \"change my password\" and I'll help you do it now."
            : $"{UnlockTexts.NotLockedProven} If you still can't log in, you may have forgotten your password: say \"reset my password\" and I'll help you set a new one.";
    }

    protected override string? NextAfterAnswer(Account account) =>
        account.IsLocked ? null
        : account.PasswordExpiresAt is { } expires && expires - Services.Time.GetUtcNow() < TimeSpan.FromDays(14) ? Intents.ChangePassword
        : Intents.ForgotPassword;

    private async Task<DialogTurnResult> UnlockStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (await VerifiedAccountAsync(step, cancellationToken).ConfigureAwait(false) is not { } account)
        {
            return await EndNotVerifiedAsync(step, cancellationToken).ConfigureAwait(false);
        }
        if (!account.IsLocked)
        {
            await AuditAsync(step.Context, "account.unlock", "not-locked", account.Username, cancellationToken).ConfigureAwait(false);
            // Verified, so the account's own news may be told: a password about to expire (or expired) is likely why
            // they thought they were locked out, and the next step is one tap away.
            if (NextAfterAnswer(account) == Intents.ChangePassword && account.PasswordExpiresAt is { } expires
                && MainTexts.IntentTitles.TryGetValue(Intents.ChangePassword, out var change))
            {
                var expiring = MessageFactory.Text($"{UnlockTexts.NothingToUnlock} {HelpBot.Dialogs.PasswordReset.ExpiringTexts.ExpiresOn(expires, Services.Time.GetUtcNow())} Say \"change my password\" and I'll help you do it now.");
                expiring.SuggestedActions = new SuggestedActions { Actions = [new CardAction(ActionTypes.ImBack, change, value: change)] };
                await step.Context.SendActivityAsync(expiring, cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(new SuggestsNext(Intents.ChangePassword), cancellationToken).ConfigureAwait(false);
            }
            await step.Context.SendActivityAsync(UnlockTexts.NotLocked, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        await Services.Directory.UnlockAsync(account.Username, cancellationToken).ConfigureAwait(false);
        var now = Services.Time.GetUtcNow();
        await AuditAsync(step.Context, "account.unlocked", "success", account.Username, cancellationToken).ConfigureAwait(false);
        await Services.Notifier.NotifyAsync(account, AccountEvent.Unlocked, now, cancellationToken).ConfigureAwait(false);

        var devices = Services.Knowledge.Get("device_lockouts");
        var unlocked = UnlockedCard.Build(account.Username, devices.Items ?? [], UnlockTexts.WhyUpdateDevices, devices.Links).ToMessage();
        if (MainTexts.IntentTitles.TryGetValue(Intents.ForgotPassword, out var reset))
        {
            // Locked by too many wrong tries, the password may well be forgotten: a new one is one tap away (the code just
            // checked still serves it for a few minutes).
            unlocked.SuggestedActions = new SuggestedActions { Actions = [new CardAction(ActionTypes.ImBack, reset, value: reset)] };
        }
        await step.Context.SendActivityAsync(unlocked, cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>What the unlock flow says.</summary>
public static class UnlockTexts
{
    public const string NotLockedProven = "Good news: your eCommons account isn't locked.";

    public const string NothingToUnlock = "Good news: your account isn't locked, so there was nothing to unlock.";

    public const string NotLocked =
        NothingToUnlock + " If you still can't log in, you may have forgotten your password: say \"reset my password\" and I'll help you set a new one.";

    public const string WhyUpdateDevices =
        "Accounts usually lock because a device or app keeps trying an old password. Update your password everywhere you use it, or one missed device can lock you out again:";
}
