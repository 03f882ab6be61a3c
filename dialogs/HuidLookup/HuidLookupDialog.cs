using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Engine;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Bot.Connector;

namespace HelpBot.Dialogs.HuidLookup;

/// <summary>
/// "What's my Harvard ID?": which account → SafeCode → R8: in Teams (the channel proved who you are) the HUID is shown
/// in the chat; in anonymous Web Chat it is sent to the phone or e-mail that just received the code, never shown.
/// </summary>
public sealed class HuidLookupDialog : AccountFlowDialog
{
    public HuidLookupDialog(AccountFlowServices services)
        : base(nameof(HuidLookupDialog), services, SafeCodePurpose.HuidLookup) =>
        AddSteps(ReleaseStepAsync);

    protected override string Purpose => "find your Harvard ID";

    /// <summary>Where the number is, for anyone with their badge at hand; then the look-up.</summary>
    protected override async Task<DialogTurnResult> OnBeginDialogAsync(DialogContext innerDc, object? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(innerDc);
        await innerDc.Context.SendActivityAsync(HuidTexts.OnTheBadge, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (innerDc.Context.TurnState.Get<object>(ConversationStateKeys.HuidOfficeLine) is string officeLine)
        {
            await innerDc.Context.SendActivityAsync(officeLine, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        return await base.OnBeginDialogAsync(innerDc, options, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> ReleaseStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var channel = (step.Result as SafeCodeResult)?.Channel;
        if (await VerifiedAccountAsync(step, cancellationToken).ConfigureAwait(false) is not { } account)
        {
            return await EndNotVerifiedAsync(step, cancellationToken).ConfigureAwait(false);
        }
        if (account.Huid is not { } huid)
        {
            await step.Context.SendActivityAsync(HuidTexts.NoneOnFile, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var proven = await ProvenAccountAsync(step.Context, cancellationToken).ConfigureAwait(false) is { } teamsAccount
            && teamsAccount.Username == account.Username && step.Context.Activity.ChannelId == Channels.Msteams;
        if (proven)
        {
            await AuditAsync(step.Context, "huid.released", "success", account.Username, cancellationToken, "shown in Teams").ConfigureAwait(false);
            await step.Context.SendActivityAsync(HuidTexts.Shown(huid), cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }

        var (to, kind) = channel == MessageChannel.Text && account.TextPhone is { } phone
            ? (phone, MessageChannel.Text)
            : (account.AlternateEmail ?? account.TextPhone!, account.AlternateEmail is null ? MessageChannel.Text : MessageChannel.Email);
        await Services.Outbound.EnqueueAsync(new OutboundMessage(kind, to, HuidTexts.Subject, HuidTexts.MessageText(huid)), cancellationToken).ConfigureAwait(false);
        await AuditAsync(step.Context, "huid.released", "success", account.Username, cancellationToken, $"sent by {kind}").ConfigureAwait(false);
        await step.Context.SendActivityAsync(kind == MessageChannel.Text ? HuidTexts.SentByText : HuidTexts.SentByEmail, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>What the HUID flow says and sends.</summary>
public static class HuidTexts
{
    public const string Subject = "Your Harvard ID";

    public const string OnTheBadge = "Your Harvard ID is the first eight digits of the number on your Harvard ID badge. If it isn't at hand, I'll look it up for you.";

    public static string MessageText(string huid) =>
        $"HMS IT: your Harvard ID (HUID) is {huid}. It's also the first eight digits of your Harvard ID badge. If you didn't ask for this, call the HMS IT Service Desk at 617-432-2000.";

    public static string Shown(string huid) => $"Your Harvard ID (HUID) is {huid}. It's also the first eight digits of the number on your Harvard ID badge.";

    public const string SentByText = "To protect your personal information, I don't show your Harvard ID in this chat: I've texted it to the phone that received your SafeCode.";

    public const string SentByEmail = "To protect your personal information, I don't show your Harvard ID in this chat: I've emailed it to the address that received your SafeCode.";

    public const string NoneOnFile =
        "There's no Harvard ID on file for your account. Your school's HR office (staff and faculty) or Registrar (students) can help: ask me \"who do I contact about my Harvard ID?\", or call the HMS IT Service Desk at 617-432-2000.";
}
