using HelpBot.Cards;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Engine;
using HelpBot.Dialogs.SafeCode;

namespace HelpBot.Dialogs.PasswordReset;

/// <summary>
/// Forgotten or expired password, and change password: which account → SafeCode → a one-time link to the reset page
/// (R4), where the user sets the password under the policy (R5); the page unlocks the account too and posts "Your
/// password was changed at 14:02" back into this chat with the device checklist.
/// </summary>
public sealed class PasswordResetDialog : AccountFlowDialog
{
    public const string ForgotId = "ForgotPasswordDialog";
    public const string ChangeId = "ChangePasswordDialog";

    private readonly ResetReason _reason;

    public PasswordResetDialog(string id, ResetReason reason, AccountFlowServices services)
        : base(id, services, reason == ResetReason.Forgotten || reason == ResetReason.Expired ? SafeCodePurpose.ResetPassword : SafeCodePurpose.ChangePassword)
    {
        _reason = reason;
        AddSteps(IssueLinkStepAsync);
    }

    protected override string Purpose => _reason is ResetReason.Forgotten or ResetReason.Expired ? "reset your password" : "change your password";

    private async Task<DialogTurnResult> IssueLinkStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (await VerifiedAccountAsync(step, cancellationToken).ConfigureAwait(false) is not { } account)
        {
            return await EndNotVerifiedAsync(step, cancellationToken).ConfigureAwait(false);
        }
        var reason = _reason == ResetReason.Forgotten && account.PasswordExpired(Services.Time.GetUtcNow()) ? ResetReason.Expired : _reason;
        var link = await Services.ResetLinks.IssueAsync(account.Username, reason, step.Context.Activity.GetConversationReference(), cancellationToken).ConfigureAwait(false);
        await AuditAsync(step.Context, "password.link.issued", "success", account.Username, cancellationToken, reason.ToString()).ConfigureAwait(false);

        var minutes = Math.Max(1, (int)Math.Round((link.ExpiresAt - Services.Time.GetUtcNow()).TotalMinutes));
        await step.Context.SendActivityAsync(ResetLinkCard.Build(account.Username, link.Url, minutes).ToMessage(), cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }
}
