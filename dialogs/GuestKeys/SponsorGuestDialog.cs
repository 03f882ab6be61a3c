using System.Globalization;
using System.Text.RegularExpressions;
using HelpBot.Cards;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Engine;
using HelpBot.Dialogs.Engine.Prompts;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Bot.Builder;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.GuestKeys;

/// <summary>
/// Sponsoring a guest (the seed's "Guest Key"): which account → SafeCode (purpose guest key, S3) → only full-time staff
/// and on-quad faculty of HMS go on (others are told why and who can) → a menu: the Invited User Request Form, or
/// "my guests". On a valid form a guest key is issued, shown once, and sent to the contact that just received the
/// SafeCode. The sponsor is the verified account kept in this dialog's state; nothing a card submits can change it (R7).
/// </summary>
public sealed partial class SponsorGuestDialog : AccountFlowDialog
{
    private const string MenuDialog = "guestkey.menu";
    private const string FormDialog = "guestkey.form";
    private const string MenuPrompt = "guestkey.menu.choice";
    private const string FormPrompt = "guestkey.form.card";
    private const string RequestValue = "request";
    private const string ManageValue = "manage";
    private const string DoneValue = "done";

    private readonly GuestKeyService _guestKeys;

    public SponsorGuestDialog(AccountFlowServices services, GuestKeyService guestKeys)
        : base(nameof(SponsorGuestDialog), services, SafeCodePurpose.GuestKeySponsor)
    {
        _guestKeys = guestKeys;
        AddDialog(new ChoicePrompt(MenuPrompt));
        AddDialog(new CardFormPrompt(FormPrompt));
        AddDialog(new WaterfallDialog(MenuDialog, [AskMenuStepAsync, ActOnMenuStepAsync, MenuAgainStepAsync]));
        AddDialog(new WaterfallDialog(FormDialog, [ShowFormStepAsync, CheckFormStepAsync]));
        AddDialog(new MyGuestsDialog(guestKeys));
        AddSteps(EligibilityStepAsync);
    }

    protected override string Purpose => "sponsor a guest and manage your guests' keys";

    protected override string? AnsweredBeforeVerification(Account account) => GuestKeyService.WhyCannotSponsor(account);

    /// <summary>
    /// What sponsoring is, said first when asked in the person's own words ("I need to sponsor a guest key for a
    /// collaborator"): the Invited User Request Form, filled in here once a SafeCode has shown it's them.
    /// </summary>
    protected override async Task<DialogTurnResult> OnBeginDialogAsync(DialogContext innerDc, object? options, CancellationToken cancellationToken)
    {
        // A button's words ("I want to sponsor a guest") come from a card that lists the form; a request in the person's
        // own words gets the explanation.
        var said = (options as FlowStart)?.Utterance;
        if (!IsSharedTeamsConversation(innerDc.Context.Activity) && said is not null && !WantsMyGuests(said)
            && !said.Trim().Equals(MainTexts.SponsorWords, StringComparison.OrdinalIgnoreCase))
        {
            await innerDc.Context.SendActivityAsync(GuestKeyTexts.SponsorIntro, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        return await base.OnBeginDialogAsync(innerDc, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The verified sponsor and the channel their SafeCode went to; set only by <see cref="EligibilityStepAsync"/>.</summary>
    internal sealed record SponsorOptions(string Sponsor, string Channel, bool Again = false, string? Skip = null);

    internal sealed record FormOptions(string Sponsor, string Channel, Dictionary<string, string>? Values = null, Dictionary<string, string>? Errors = null);

    private async Task<DialogTurnResult> EligibilityStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var channel = (step.Result as SafeCodeResult)?.Channel ?? MessageChannel.Email;
        if (await VerifiedAccountAsync(step, cancellationToken).ConfigureAwait(false) is not { } account)
        {
            return await EndNotVerifiedAsync(step, cancellationToken).ConfigureAwait(false);
        }
        if (GuestKeyService.WhyCannotSponsor(account) is { } why)
        {
            await AuditAsync(step.Context, "guestkey.sponsor", "refused", account.Username, cancellationToken, $"affiliation={account.Affiliation} school={account.School}").ConfigureAwait(false);
            await step.Context.SendActivityAsync(why, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        var skip = WantsMyGuests(step.GetOptions<FlowStart>()?.Utterance) ? ManageValue : null;
        return await step.BeginDialogAsync(MenuDialog, new SponsorOptions(account.Username, channel == MessageChannel.Text ? "text" : "email", Skip: skip), cancellationToken).ConfigureAwait(false);
    }

    private static Task<DialogTurnResult> AskMenuStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var options = step.GetOptions<SponsorOptions>()!;
        if (options.Skip is { } skip)
        {
            return step.NextAsync(new FoundChoice { Value = skip }, cancellationToken);
        }
        List<Choice> choices =
        [
            Choice.Labelled(RequestValue, GuestKeyTexts.RequestKeyChoice, ["request", "new key", "sponsor", "new guest", "sponsor a guest"]),
            Choice.Labelled(ManageValue, GuestKeyTexts.MyGuestsChoice, ["my guests", "manage", "list", "see my guests", "revoke", "extend"]),
        ];
        if (options.Again)
        {
            choices.Add(Choice.Labelled(DoneValue, GuestKeyTexts.DoneChoice, ["done", "no", "nothing", "that's all", "no thanks"]));
        }
        return step.PromptAsync(MenuPrompt, new HelpBotPromptOptions
        {
            Prompt = MessageFactory.Text(options.Again ? GuestKeyTexts.MenuAgain : GuestKeyTexts.MenuQuestion),
            Choices = choices,
            Help = GuestKeyTexts.MenuHelp,
        }, cancellationToken);
    }

    private static async Task<DialogTurnResult> ActOnMenuStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var options = step.GetOptions<SponsorOptions>()!;
        switch ((step.Result as FoundChoice)?.Value)
        {
            case RequestValue:
                return await step.BeginDialogAsync(FormDialog, new FormOptions(options.Sponsor, options.Channel), cancellationToken).ConfigureAwait(false);
            case ManageValue:
                return await step.BeginDialogAsync(nameof(MyGuestsDialog), new MyGuestsOptions(options.Sponsor), cancellationToken).ConfigureAwait(false);
            default:
                await step.Context.SendActivityAsync(GuestKeyTexts.Goodbye, cancellationToken: cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task<DialogTurnResult> MenuAgainStepAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        step.ReplaceDialogAsync(MenuDialog, step.GetOptions<SponsorOptions>()! with { Again = true, Skip = null }, cancellationToken);

    private Task<DialogTurnResult> ShowFormStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var options = step.GetOptions<FormOptions>()!;
        var today = _guestKeys.Today();
        var errors = options.Errors ?? [];
        var card = InvitedUserRequestCard.Build(options.Values ?? [], errors, today, GuestKeyOptions.LatestLastDay(today));
        return step.PromptAsync(FormPrompt, new HelpBotPromptOptions
        {
            Prompt = (Microsoft.Bot.Schema.Activity)card.ToMessage(errors.Count > 0 ? GuestKeyTexts.FormHasErrors : null),
            RetryPrompt = MessageFactory.Text(GuestKeyTexts.FormRetry),
            Help = GuestKeyTexts.FormHelp,
            Validations = new Dictionary<string, string> { [CardFormPrompt.ActionKey] = InvitedUserRequestCard.Payload.ActionName },
        }, cancellationToken);
    }

    private async Task<DialogTurnResult> CheckFormStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not string submitted)
        {
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        var options = step.GetOptions<FormOptions>()!;
        var value = JObject.Parse(submitted);
        var values = ReadValues(value);
        if (NamesAnotherSponsor(value, options.Sponsor))
        {
            await AuditAsync(step.Context, "guestkey.issued", "refused", options.Sponsor, cancellationToken, "the form named another sponsor").ConfigureAwait(false);
            await step.Context.SendActivityAsync(GuestKeyTexts.ForgedSponsor, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.ReplaceDialogAsync(FormDialog, options with { Values = values, Errors = null }, cancellationToken).ConfigureAwait(false);
        }
        var form = new GuestInvitationForm
        {
            FirstName = values.GetValueOrDefault(nameof(GuestInvitationForm.FirstName), ""),
            LastName = values.GetValueOrDefault(nameof(GuestInvitationForm.LastName), ""),
            Email = values.GetValueOrDefault(nameof(GuestInvitationForm.Email), ""),
            Organisation = values.GetValueOrDefault(nameof(GuestInvitationForm.Organisation), ""),
            Role = values.GetValueOrDefault(nameof(GuestInvitationForm.Role), ""),
            Reason = values.GetValueOrDefault(nameof(GuestInvitationForm.Reason), ""),
            LastDay = values.GetValueOrDefault(nameof(GuestInvitationForm.LastDay), ""),
        };
        var errors = form.Validate(_guestKeys.Today());
        if (errors.Count > 0)
        {
            return await step.ReplaceDialogAsync(FormDialog, options with { Values = values, Errors = errors.ToDictionary() }, cancellationToken).ConfigureAwait(false);
        }

        var issued = await _guestKeys.IssueAsync(options.Sponsor, form, AuditScope.Of(step.Context), cancellationToken).ConfigureAwait(false);
        var invitation = issued.Invitation;
        var keyExpiresOn = DateOnly.FromDateTime(invitation.KeyExpiresAt.UtcDateTime);
        // Sent as a plain message, never as a prompt: prompts are kept in the conversation state, and the key must not be.
        var card = GuestKeyIssuedCard.Build(invitation.GuestName, issued.Key, Day(keyExpiresOn), Day(invitation.LastDay), GuestKeyTexts.SponsorDuty);
        await step.Context.SendActivityAsync(card.ToMessage(GuestKeyTexts.KeyIssued(invitation.GuestName)), cancellationToken).ConfigureAwait(false);

        var sponsor = await Services.Directory.FindAsync(options.Sponsor, cancellationToken).ConfigureAwait(false);
        var (kind, to) = options.Channel == "text" && sponsor?.TextPhone is { } phone
            ? (MessageChannel.Text, phone)
            : sponsor?.AlternateEmail is { } alternate ? (MessageChannel.Email, alternate) : (MessageChannel.Text, sponsor?.TextPhone);
        if (to is not null)
        {
            await Services.Outbound.EnqueueAsync(new OutboundMessage(kind, to, GuestKeyTexts.KeyMessageSubject, GuestKeyTexts.KeyMessage(invitation.GuestName, issued.Key, keyExpiresOn)), cancellationToken).ConfigureAwait(false);
            await step.Context.SendActivityAsync(GuestKeyTexts.KeySentTo(Mask.Destination(kind, to)), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The form's fields as typed, by <see cref="GuestInvitationForm"/> property name; anything else is ignored.</summary>
    private static Dictionary<string, string> ReadValues(JObject value)
    {
        string[] fields =
        [
            nameof(InvitedUserRequestCard.Payload.FirstName), nameof(InvitedUserRequestCard.Payload.LastName), nameof(InvitedUserRequestCard.Payload.Email),
            nameof(InvitedUserRequestCard.Payload.Organisation), nameof(InvitedUserRequestCard.Payload.Role), nameof(InvitedUserRequestCard.Payload.Reason),
            nameof(InvitedUserRequestCard.Payload.LastDay),
        ];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            if (value.TryGetValue(field, StringComparison.OrdinalIgnoreCase, out var token) && token is JValue { Type: JTokenType.String or JTokenType.Integer or JTokenType.Float } scalar)
            {
                var text = Convert.ToString(scalar.Value, CultureInfo.InvariantCulture) ?? "";
                values[field] = text.Length > 1000 ? text[..1000] : text;
            }
        }
        return values;
    }

    /// <summary>A submit that tries to name the sponsor (any "sponsor…" field) for someone other than the verified user.</summary>
    private static bool NamesAnotherSponsor(JObject value, string sponsor) =>
        value.Properties().Any(p => p.Name.StartsWith("sponsor", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(p.Value.ToString(), sponsor, StringComparison.OrdinalIgnoreCase));

    /// <summary>"my guests", "revoke a guest key", "extend my guest's access": straight to the list after verification.</summary>
    internal static bool WantsMyGuests(string? utterance) => utterance is not null && MyGuestsWords().IsMatch(utterance);

    [GeneratedRegex(@"\b(my guests?|my guest's|revoke|extend|end (?:a |my )?guest|list)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MyGuestsWords();

    private static string Day(DateOnly day) => day.ToString("MMMM d, yyyy", CultureInfo.InvariantCulture);
}
