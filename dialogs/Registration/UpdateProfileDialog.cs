using System.Globalization;
using System.Text.RegularExpressions;
using HelpBot.Cards;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Engine;
using HelpBot.Dialogs.Engine.Prompts;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.Recognition;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Bot.Builder;

namespace HelpBot.Dialogs.Registration;

/// <summary>
/// "I need to change my email address": the self-service way (eCommons → Preferences → My Address, or Whitepages), then
/// the offer to pass the change to HR here: which account → SafeCode → what to change → the new e-mail or US postal
/// address → confirm → recorded as pending (durable, audited). Directories show it only after HR updates PeopleSoft;
/// asking again after a SafeCode shows what is still waiting. Nothing is read or recorded before the SafeCode (R2, R7).
/// </summary>
public sealed partial class UpdateProfileDialog : AccountFlowDialog
{
    private const string OfferPrompt = "profile.offer";
    private const string WhatPrompt = "profile.what";
    private const string EmailPrompt = "profile.email";
    private const string StreetPrompt = "profile.street";
    private const string CityPrompt = "profile.city";
    private const string StatePrompt = "profile.state";
    private const string ZipPrompt = "profile.zip";
    private const string ConfirmChangePrompt = "profile.confirm";
    private const string AddressId = "profile.address";
    private const string UsernameKey = "username";
    private const string KindKey = "kind";
    private const string ValueKey = "value";
    private const string CurrentEmailKey = "current";
    private const string EmailValue = "email";
    private const string AddressValue = "address";
    private const string NothingValue = "nothing";

    private readonly IPendingProfileChanges _pending;

    public UpdateProfileDialog(AccountFlowServices services, IPendingProfileChanges pending)
        : base(nameof(UpdateProfileDialog), services, SafeCodePurpose.ProfileUpdate)
    {
        _pending = pending;
        AddDialog(new ConfirmPrompt(OfferPrompt));
        AddDialog(new ChoicePrompt(WhatPrompt, WhatValidatorAsync));
        AddDialog(new TextPrompt(EmailPrompt, EmailValidatorAsync));
        AddDialog(new TextPrompt(StreetPrompt, (p, _) => Task.FromResult(p.Recognized.Succeeded && p.Recognized.Value!.Length is >= 3 and <= 100 && p.Recognized.Value.Any(char.IsLetter))));
        AddDialog(new TextPrompt(CityPrompt, (p, _) => Task.FromResult(p.Recognized.Succeeded && IsPlaceName(p.Recognized.Value!))));
        AddDialog(new TextPrompt(StatePrompt, (p, _) => Task.FromResult(p.Recognized.Succeeded && UsStates.Code(p.Recognized.Value!) is not null)));
        AddDialog(new TextPrompt(ZipPrompt, (p, _) => Task.FromResult(p.Recognized.Succeeded && Zip().IsMatch(p.Recognized.Value!))));
        AddDialog(new ConfirmPrompt(ConfirmChangePrompt));
        AddDialog(new WaterfallDialog(AddressId, [AskStreetStepAsync, AskCityStepAsync, AskStateStepAsync, AskZipStepAsync, AddressDoneStepAsync]));
        AddDialog(new WaterfallDialog(Id + ".steps",
            [OfferStepAsync, OfferAnsweredStepAsync, VerifyStepAsync, WhatStepAsync, NewValueStepAsync, ConfirmStepAsync, RecordStepAsync]));
        InitialDialogId = Id + ".steps";
    }

    protected override string Purpose => "update your email address or postal address";

    private async Task<DialogTurnResult> OfferStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (Services.Knowledge.Find(Intents.UpdateProfile) is { } selfService)
        {
            await step.Context.SendActivityAsync(KnowledgeCard.Build(selfService).ToMessage(), cancellationToken).ConfigureAwait(false);
        }
        return await step.PromptAsync(OfferPrompt, new HelpBotPromptOptions { Prompt = MessageFactory.Text(ProfileTexts.Offer), MaxAttempts = 1 }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> OfferAnsweredStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not true)
        {
            await step.Context.SendActivityAsync(ProfileTexts.OfferDeclined, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        // "Yes please, I'm tnguyen": the username said with the yes is not asked for again.
        var answer = step.Context.Activity.Value is null ? step.Context.Activity.Text : null;
        return await IdentifyStepAsync(step, answer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The first step after verification: what is already waiting, and what to change now.</summary>
    private async Task<DialogTurnResult> WhatStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (await VerifiedAccountAsync(step, cancellationToken).ConfigureAwait(false) is not { } account)
        {
            return await EndNotVerifiedAsync(step, cancellationToken).ConfigureAwait(false);
        }
        step.Values.Set(UsernameKey, account.Username);
        step.Values.Set(CurrentEmailKey, account.Email);
        var timeZone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        foreach (var change in await _pending.ForAccountAsync(account.Username, cancellationToken).ConfigureAwait(false))
        {
            var when = TimeZoneInfo.ConvertTime(change.RequestedAt, timeZone).ToString("MMMM d", CultureInfo.GetCultureInfo("en-US"));
            await step.Context.SendActivityAsync(ProfileTexts.AlreadyPending(What(change.Kind), change.NewValue, when), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        return await step.PromptAsync(WhatPrompt, new HelpBotPromptOptions
        {
            Prompt = MessageFactory.Text(ProfileTexts.AskWhat),
            Choices =
            [
                Choice.Labelled(EmailValue, ProfileTexts.EmailChoice, ["email", "e-mail", "email address", "my email"]),
                Choice.Labelled(AddressValue, ProfileTexts.AddressChoice, ["address", "postal address", "home address", "mailing address", "my address"]),
                Choice.Labelled(NothingValue, ProfileTexts.NothingChoice, ["nothing", "no", "none", "never mind"]),
            ],
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> NewValueStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        switch (step.Result)
        {
            case FoundChoice { Value: EmailValue }:
                step.Values.Set(KindKey, ProfileChangeKind.Email.ToString());
                var current = step.Values.Get<string>(CurrentEmailKey);
                // "My email - new one is tom@example.org": the new address said with the choice is taken, then confirmed.
                if (step.Context.Activity.Value is null && PersonalDetails.EmailAddressIn(step.Context.Activity.Text) is { } given
                    && !string.Equals(given, current, StringComparison.OrdinalIgnoreCase))
                {
                    return await step.NextAsync(given, cancellationToken).ConfigureAwait(false);
                }
                return await step.PromptAsync(EmailPrompt, new HelpBotPromptOptions
                {
                    Prompt = MessageFactory.Text(ProfileTexts.AskEmail(current)),
                    RetryPrompt = MessageFactory.Text(ProfileTexts.EmailRetry),
                    Help = ProfileTexts.EmailHelp,
                    Validations = current is null ? null : new Dictionary<string, string> { [CurrentEmailKey] = current },
                }, cancellationToken).ConfigureAwait(false);
            case FoundChoice { Value: AddressValue }:
                step.Values.Set(KindKey, ProfileChangeKind.PostalAddress.ToString());
                return await step.BeginDialogAsync(AddressId, null, cancellationToken).ConfigureAwait(false);
            case FoundChoice:
                await step.Context.SendActivityAsync(ProfileTexts.Nothing, cancellationToken: cancellationToken).ConfigureAwait(false);
                return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
            default:
                return await step.EndDialogAsync(step.Result, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<DialogTurnResult> ConfirmStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not string value)
        {
            return await step.EndDialogAsync(step.Result, cancellationToken).ConfigureAwait(false);
        }
        value = value.Trim();
        step.Values.Set(ValueKey, value);
        return await step.PromptAsync(ConfirmChangePrompt, new HelpBotPromptOptions
        {
            Prompt = MessageFactory.Text(ProfileTexts.Confirm(What(KindOf(step)), value)),
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> RecordStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not true)
        {
            await step.Context.SendActivityAsync(ProfileTexts.NotRecorded, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(step.Result is PromptAttemptsExhausted ? step.Result : null, cancellationToken).ConfigureAwait(false);
        }
        // The username is the one the SafeCode verified (kept by this flow), never something the user typed (R7).
        var username = step.Values.Get<string>(UsernameKey)!;
        var value = step.Values.Get<string>(ValueKey)!;
        var kind = KindOf(step);
        var activity = step.Context.Activity;
        await _pending.RecordAsync(new PendingProfileChange
        {
            Username = username,
            Kind = kind,
            NewValue = value,
            RequestedAt = Services.Time.GetUtcNow(),
            Channel = activity.ChannelId,
            ConversationId = activity.Conversation?.Id,
        }, cancellationToken).ConfigureAwait(false);
        // The new e-mail is masked and the address left out: the audit log is not a copy of personal data.
        var detail = kind == ProfileChangeKind.Email ? $"email to {Mask.Email(value)}; pending HR (PeopleSoft)" : "postal address; pending HR (PeopleSoft)";
        await AuditAsync(step.Context, "profile.change.requested", "success", username, cancellationToken, detail).ConfigureAwait(false);
        await step.Context.SendActivityAsync(ProfileTexts.Recorded(What(kind)), cancellationToken: cancellationToken).ConfigureAwait(false);
        return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
    }

    // ---- the address, one part at a time ----

    private static Task<DialogTurnResult> AskStreetStepAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        step.PromptAsync(StreetPrompt, AddressPart(ProfileTexts.AskStreet, ProfileTexts.StreetRetry), cancellationToken);

    private static Task<DialogTurnResult> AskCityStepAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        Continue(step, "street", () => step.PromptAsync(CityPrompt, AddressPart(ProfileTexts.AskCity, ProfileTexts.CityRetry), cancellationToken), cancellationToken);

    private static Task<DialogTurnResult> AskStateStepAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        Continue(step, "city", () => step.PromptAsync(StatePrompt, AddressPart(ProfileTexts.AskState, ProfileTexts.StateRetry), cancellationToken), cancellationToken);

    private static Task<DialogTurnResult> AskZipStepAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        Continue(step, "state", () => step.PromptAsync(ZipPrompt, AddressPart(ProfileTexts.AskZip, ProfileTexts.ZipRetry), cancellationToken), cancellationToken);

    private static Task<DialogTurnResult> AddressDoneStepAsync(WaterfallStepContext step, CancellationToken cancellationToken) =>
        Continue(step, "zip", () =>
        {
            var v = step.Values;
            var line = $"{Tidy(v.Get<string>("street")!)}, {Tidy(v.Get<string>("city")!)}, {UsStates.Code(v.Get<string>("state")!)} {v.Get<string>("zip")!.Trim()}";
            return step.EndDialogAsync(line, cancellationToken);
        }, cancellationToken);

    /// <summary>Keeps the answer and goes on; a prompt that gave up ends the address with its result.</summary>
    private static Task<DialogTurnResult> Continue(WaterfallStepContext step, string key, Func<Task<DialogTurnResult>> next, CancellationToken cancellationToken)
    {
        if (step.Result is not string answer)
        {
            return step.EndDialogAsync(step.Result, cancellationToken);
        }
        step.Values.Set(key, answer.Trim());
        return next();
    }

    private static HelpBotPromptOptions AddressPart(string ask, string retry) => new()
    {
        Prompt = MessageFactory.Text(ask),
        RetryPrompt = MessageFactory.Text(retry),
        Help = ProfileTexts.AddressHelp,
    };

    // ---- helpers and validators ----

    private static ProfileChangeKind KindOf(WaterfallStepContext step) =>
        Enum.TryParse<ProfileChangeKind>(step.Values.Get<string>(KindKey), out var kind) ? kind : ProfileChangeKind.Email;

    private static string What(ProfileChangeKind kind) => kind == ProfileChangeKind.Email ? ProfileTexts.Email : ProfileTexts.Address;

    private static string Tidy(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static bool IsPlaceName(string value)
    {
        var text = value.Trim();
        return text.Length is >= 2 and <= 50 && text.Any(char.IsLetter) && text.All(c => char.IsLetter(c) || c is ' ' or '-' or '\'' or '.');
    }

    /// <summary>"Change it to tom@example.org": an answer that names no choice but gives an e-mail address is the e-mail.</summary>
    private static Task<bool> WhatValidatorAsync(PromptValidatorContext<FoundChoice> prompt, CancellationToken cancellationToken)
    {
        if (!prompt.Recognized.Succeeded && prompt.Context.Activity.Value is null && PersonalDetails.EmailAddressIn(prompt.Context.Activity.Text) is not null)
        {
            prompt.Recognized.Succeeded = true;
            prompt.Recognized.Value = new FoundChoice { Value = EmailValue, Index = 0, Score = 1 };
        }
        return Task.FromResult(prompt.Recognized.Succeeded);
    }

    private static async Task<bool> EmailValidatorAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken)
    {
        if (!prompt.Recognized.Succeeded || !PersonalDetails.IsEmailAddress(prompt.Recognized.Value))
        {
            return false;
        }
        if (prompt.Options.Validation(CurrentEmailKey) is { } current
            && string.Equals(current, prompt.Recognized.Value!.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            await prompt.Context.SendActivityAsync(ProfileTexts.EmailSame, cancellationToken: cancellationToken).ConfigureAwait(false);
            return false;
        }
        return true;
    }

    [GeneratedRegex(@"^\s*\d{5}(-\d{4})?\s*$")]
    private static partial Regex Zip();
}

/// <summary>US states and territories by postal code and name.</summary>
internal static class UsStates
{
    private static readonly Dictionary<string, string> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Alabama"] = "AL", ["Alaska"] = "AK", ["Arizona"] = "AZ", ["Arkansas"] = "AR", ["California"] = "CA", ["Colorado"] = "CO",
        ["Connecticut"] = "CT", ["Delaware"] = "DE", ["District of Columbia"] = "DC", ["Florida"] = "FL", ["Georgia"] = "GA",
        ["Hawaii"] = "HI", ["Idaho"] = "ID", ["Illinois"] = "IL", ["Indiana"] = "IN", ["Iowa"] = "IA", ["Kansas"] = "KS",
        ["Kentucky"] = "KY", ["Louisiana"] = "LA", ["Maine"] = "ME", ["Maryland"] = "MD", ["Massachusetts"] = "MA",
        ["Michigan"] = "MI", ["Minnesota"] = "MN", ["Mississippi"] = "MS", ["Missouri"] = "MO", ["Montana"] = "MT",
        ["Nebraska"] = "NE", ["Nevada"] = "NV", ["New Hampshire"] = "NH", ["New Jersey"] = "NJ", ["New Mexico"] = "NM",
        ["New York"] = "NY", ["North Carolina"] = "NC", ["North Dakota"] = "ND", ["Ohio"] = "OH", ["Oklahoma"] = "OK",
        ["Oregon"] = "OR", ["Pennsylvania"] = "PA", ["Rhode Island"] = "RI", ["South Carolina"] = "SC", ["South Dakota"] = "SD",
        ["Tennessee"] = "TN", ["Texas"] = "TX", ["Utah"] = "UT", ["Vermont"] = "VT", ["Virginia"] = "VA", ["Washington"] = "WA",
        ["West Virginia"] = "WV", ["Wisconsin"] = "WI", ["Wyoming"] = "WY", ["Puerto Rico"] = "PR", ["Guam"] = "GU",
        ["U.S. Virgin Islands"] = "VI", ["American Samoa"] = "AS", ["Northern Mariana Islands"] = "MP",
    };

    private static readonly HashSet<string> Codes = new(ByName.Values, StringComparer.OrdinalIgnoreCase);

    /// <summary>"ma", "MA", "Massachusetts" → "MA"; null for anything else.</summary>
    public static string? Code(string value)
    {
        var text = value.Trim().TrimEnd('.');
        if (Codes.Contains(text))
        {
            return text.ToUpperInvariant();
        }
        return ByName.GetValueOrDefault(text);
    }
}
