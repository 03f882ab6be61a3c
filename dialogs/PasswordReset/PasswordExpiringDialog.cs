using System.Globalization;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Engine;
using HelpBot.Dialogs.Engine.Prompts;
using HelpBot.Dialogs.Teams;
using Microsoft.Bot.Builder;

namespace HelpBot.Dialogs.PasswordReset;

/// <summary>
/// "My password is expiring soon": explains (with the date, when Teams proved who the user is) and offers to change
/// it now, which continues as the change-password flow.
/// </summary>
public sealed class PasswordExpiringDialog : FlowDialog
{
    private const string ConfirmId = "expiring.confirm";
    private readonly AccountFlowServices _services;

    public PasswordExpiringDialog(AccountFlowServices services, PasswordResetDialog change)
        : base(nameof(PasswordExpiringDialog))
    {
        _services = services;
        AddDialog(new WaterfallDialog("expiring.steps", [ExplainStepAsync, ChangeStepAsync, DoneStepAsync]));
        AddDialog(new ConfirmPrompt(ConfirmId));
        AddDialog(change);
        InitialDialogId = "expiring.steps";
    }

    protected override string Purpose => "change a password that's about to expire";

    private async Task<DialogTurnResult> ExplainStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var explanation = ExpiringTexts.General;
        if (await TeamsIdentity.ResolveAsync(step.Context, cancellationToken, needUserPrincipalName: !_services.Directory.MatchesTeamsObjectId).ConfigureAwait(false) is { } user
            && await _services.Directory.FindByTeamsIdentityAsync(user.AadObjectId, user.UserPrincipalName, cancellationToken).ConfigureAwait(false) is { PasswordExpiresAt: { } expires })
        {
            explanation = ExpiringTexts.ExpiresOn(expires, _services.Time.GetUtcNow());
        }
        await step.Context.SendActivityAsync(explanation, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (Conversation.ConversationCues.WantsToChangeItNow(step.GetOptions<FlowStart>()?.Utterance))
        {
            // "It expires soon and I want to change it now": already answered; the change starts.
            return await step.NextAsync(true, cancellationToken).ConfigureAwait(false);
        }
        return await step.PromptAsync(ConfirmId, new HelpBotPromptOptions { Prompt = MessageFactory.Text(ExpiringTexts.ChangeNow), Help = ExpiringTexts.Help }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<DialogTurnResult> ChangeStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is true)
        {
            // "Yes, do it here, whatever contact you have is fine": the yes can say where the code goes.
            return await step.BeginDialogAsync(PasswordResetDialog.ChangeId, FlowStart.Of(step.Context.Activity.Text), cancellationToken).ConfigureAwait(false);
        }
        await step.Context.SendActivityAsync(ExpiringTexts.Later, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(step.Result, cancellationToken).ConfigureAwait(false);
    }

    private static Task<DialogTurnResult> DoneStepAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        step.EndDialogAsync(step.Result, cancellationToken);
}

/// <summary>What the expiring-password flow says.</summary>
public static class ExpiringTexts
{
    public const string General =
        "eCommons passwords expire from time to time. When yours is close, log in at http://ecommons.med.harvard.edu with your current password: eCommons offers to reset it (if it doesn't, click Preferences, then Security, then Change password). You can also change it any time, and I can help you do that right here.";

    public static string ExpiresOn(DateTimeOffset expires, DateTimeOffset now)
    {
        var days = (int)Math.Ceiling((expires - now).TotalDays);
        var when = expires.ToString("dddd, MMMM d", CultureInfo.InvariantCulture);
        return days <= 0
            ? "Your eCommons password has expired. Let's set a new one."
            : $"Your eCommons password expires on {when} ({days} day{(days == 1 ? "" : "s")} from now). Changing it before then avoids being locked out.";
    }

    public const string ChangeNow = "Would you like to change it now?";

    public const string Help = "Say yes and I'll verify you with a SafeCode and give you a secure link to choose a new password. Say no to leave it for now.";

    public const string Later =
        "OK. When you're ready, just say \"change my password\". After you change it, remember to update it on your phone, laptop, WiFi, VPN and email apps too.";
}
