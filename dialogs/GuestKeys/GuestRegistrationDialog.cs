using HelpBot.Cards;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Engine;
using HelpBot.Dialogs.Engine.Prompts;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.PasswordReset;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Bot.Builder;

namespace HelpBot.Dialogs.GuestKeys;

/// <summary>
/// A guest registers with the key their sponsor gave them (the seed's STEP 1 last name + STEP 2 guest key): the key is
/// used up and the eCommons account created with a username; the guest adds a text phone or e-mail and proves it with
/// a SafeCode; then a one-time link sets the password on the reset page (R4, R5). Wrong, used, expired and revoked keys
/// all get the same words, and attempts are throttled (see <see cref="GuestKeyService.RedeemAsync"/>).
/// </summary>
public sealed class GuestRegistrationDialog : FlowDialog
{
    private const string StepsId = "guestregistration.steps";
    private const string LastNamePrompt = "guestregistration.lastname";
    private const string KeyPrompt = "guestregistration.key";
    private const string ContactPrompt = "guestregistration.contact";
    private const string LastNameKey = "lastName";
    private const string UsernameKey = "username";

    private readonly AccountFlowServices _services;
    private readonly GuestKeyService _guestKeys;
    private readonly GuestSponsorNotices _notices;
    private readonly IGuestAccounts _guestAccounts;

    public GuestRegistrationDialog(AccountFlowServices services, GuestKeyService guestKeys, GuestSponsorNotices notices, IGuestAccounts guestAccounts)
        : base(nameof(GuestRegistrationDialog))
    {
        _services = services;
        _guestKeys = guestKeys;
        _notices = notices;
        _guestAccounts = guestAccounts;
        AddDialog(new WaterfallDialog(StepsId, [AskLastNameStepAsync, AskKeyStepAsync, RedeemStepAsync, ContactStepAsync, LinkStepAsync]));
        AddDialog(new TextPrompt(LastNamePrompt, LastNameValidatorAsync));
        AddDialog(new TextPrompt(KeyPrompt, KeyValidatorAsync));
        AddDialog(new TextPrompt(ContactPrompt, ContactValidatorAsync));
        AddDialog(new SafeCodeDialog(services.SafeCodes));
        InitialDialogId = StepsId;
    }

    protected override string Purpose => "register for an eCommons guest account with the guest key your sponsor gave you";

    private static async Task<DialogTurnResult> AskLastNameStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (AccountFlowDialog.IsSharedTeamsConversation(step.Context.Activity))
        {
            await step.Context.SendActivityAsync(AccountTexts.PrivateChatOnly, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        return await step.PromptAsync(LastNamePrompt, new HelpBotPromptOptions
        {
            Prompt = MessageFactory.Text(GuestKeyTexts.AskLastName),
            RetryPrompt = MessageFactory.Text(GuestKeyTexts.LastNameRetry),
            Help = GuestKeyTexts.LastNameHelp,
        }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<DialogTurnResult> AskKeyStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not string lastName)
        {
            return await step.EndDialogAsync(step.Result, cancellationToken).ConfigureAwait(false);
        }
        step.Values.Set(LastNameKey, lastName);
        return await step.PromptAsync(KeyPrompt, new HelpBotPromptOptions
        {
            Prompt = MessageFactory.Text(GuestKeyTexts.AskKey),
            RetryPrompt = MessageFactory.Text(GuestKeyTexts.KeyRetry),
            Help = GuestKeyTexts.KeyHelp,
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> RedeemStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not string typedKey)
        {
            return await step.EndDialogAsync(step.Result, cancellationToken).ConfigureAwait(false);
        }
        var scope = AuditScope.Of(step.Context);
        var redemption = await _guestKeys.RedeemAsync(step.Values.Get<string>(LastNameKey) ?? "", typedKey, scope, cancellationToken).ConfigureAwait(false);
        switch (redemption)
        {
            case { Outcome: GuestKeyRedeemOutcome.Throttled }:
                await step.Context.SendActivityAsync(GuestKeyTexts.Throttled, cancellationToken: cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
            case { Outcome: GuestKeyRedeemOutcome.Accepted, Invitation: { } invitation }:
                string username;
                try
                {
                    username = await _guestKeys.RegisterAsync(invitation, scope, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is DirectoryUnavailableException or NotSupportedException)
                {
                    await step.Context.SendActivityAsync(GuestKeyTexts.CouldNotCreate, cancellationToken: cancellationToken).ConfigureAwait(false);
                    return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
                }
                step.Values.Set(UsernameKey, username);
                // The sponsor hears now; the background pass would catch it otherwise (each notice is sent once).
                await _notices.AttendAsync(invitation.Id, cancellationToken).ConfigureAwait(false);
                await step.Context.SendActivityAsync(GuestKeyTexts.AccountCreated(username), cancellationToken: cancellationToken).ConfigureAwait(false);
                return await step.PromptAsync(ContactPrompt, new HelpBotPromptOptions
                {
                    Prompt = MessageFactory.Text(GuestKeyTexts.AskContact),
                    RetryPrompt = MessageFactory.Text(GuestKeyTexts.ContactRetry),
                    Help = GuestKeyTexts.ContactHelp,
                }, cancellationToken).ConfigureAwait(false);
            default:
                await step.Context.SendActivityAsync(GuestKeyTexts.KeyNotAccepted, cancellationToken: cancellationToken).ConfigureAwait(false);
                return await step.ReplaceDialogAsync(StepsId, null, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<DialogTurnResult> ContactStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var username = step.Values.Get<string>(UsernameKey);
        if (username is null || step.Result is not string typed || ParseContact(typed) is not { } contact)
        {
            await step.Context.SendActivityAsync(GuestKeyTexts.NotVerifiedYet, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        await _guestAccounts.SetSafeCodeContactAsync(username, contact.Channel, contact.Destination, cancellationToken).ConfigureAwait(false);
        // The guest just typed this destination, so showing it masked tells them nothing new.
        var proven = contact.Channel == MessageChannel.Text
            ? new ProvenAccount(username, Mask.Phone(contact.Destination), null)
            : new ProvenAccount(username, null, Mask.Email(contact.Destination));
        return await step.BeginDialogAsync(nameof(SafeCodeDialog),
            new SafeCodeDialogOptions(username, SafeCodePurpose.GuestRegistration, proven) { Channel = contact.Channel == MessageChannel.Text ? "text" : "email" },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> LinkStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var username = step.Values.Get<string>(UsernameKey);
        if (step.Result is not SafeCodeResult { Outcome: SafeCodeOutcome.Verified, Username: { } verified } || !string.Equals(verified, username, StringComparison.OrdinalIgnoreCase))
        {
            if (step.Result is SafeCodeResult { Outcome: SafeCodeOutcome.GaveUp } or PromptAttemptsExhausted)
            {
                await step.Context.SendActivityAsync(SafeCodeDialogTexts.GaveUp, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            await step.Context.SendActivityAsync(GuestKeyTexts.NotVerifiedYet, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        var link = await _services.ResetLinks.IssueAsync(verified, ResetReason.NewAccount, step.Context.Activity.GetConversationReference(), cancellationToken).ConfigureAwait(false);
        await _services.Audit.WriteAsync(new Audit.AuditEntry
        {
            At = _services.Time.GetUtcNow(),
            Action = "password.link.issued",
            Outcome = "success",
            Account = verified,
            Actor = step.Context.Activity.From?.Id,
            Channel = step.Context.Activity.ChannelId,
            ConversationId = step.Context.Activity.Conversation?.Id,
            Detail = nameof(ResetReason.NewAccount),
        }, cancellationToken).ConfigureAwait(false);
        var minutes = Math.Max(1, (int)Math.Round((link.ExpiresAt - _services.Time.GetUtcNow()).TotalMinutes));
        await step.Context.SendActivityAsync(GuestKeyTexts.SetPasswordNext, cancellationToken: cancellationToken).ConfigureAwait(false);
        await step.Context.SendActivityAsync(ResetLinkCard.Build(verified, link.Url, minutes).ToMessage(), cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A mobile number (E.164, or ten US digits) or an e-mail address; null when it is neither.</summary>
    internal static (MessageChannel Channel, string Destination)? ParseContact(string? typed)
    {
        var text = (typed ?? "").Trim();
        if (text.Contains('@', StringComparison.Ordinal))
        {
            return PersonalDetails.IsEmailAddress(text) ? (MessageChannel.Email, text) : null;
        }
        var plus = text.StartsWith('+');
        if (text.Any(c => !(char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')' or '.')))
        {
            return null;
        }
        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        if (plus && digits.Length is >= 8 and <= 15 && digits[0] != '0')
        {
            return (MessageChannel.Text, "+" + digits);
        }
        if (!plus && digits.Length == 10)
        {
            return (MessageChannel.Text, "+1" + digits);
        }
        if (!plus && digits.Length == 11 && digits[0] == '1')
        {
            return (MessageChannel.Text, "+" + digits);
        }
        return null;
    }

    private static Task<bool> LastNameValidatorAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken)
    {
        return Task.FromResult(prompt.Recognized.Succeeded && PersonalDetails.IsPersonName(prompt.Recognized.Value, GuestInvitationForm.MaxNameLength));
    }

    private static Task<bool> KeyValidatorAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Task.FromResult(prompt.Recognized.Succeeded && prompt.Recognized.Value!.Length <= 64);

    private static Task<bool> ContactValidatorAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken) =>
        Task.FromResult(prompt.Recognized.Succeeded && ParseContact(prompt.Recognized.Value) is not null);
}
