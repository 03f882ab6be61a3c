using System.Globalization;
using HelpBot.Cards;
using HelpBot.Dialogs.Engine;
using HelpBot.Dialogs.Engine.Prompts;
using Microsoft.Bot.Builder;

namespace HelpBot.Dialogs.GuestKeys;

/// <summary>Whose guests: the verified sponsor, handed over by <see cref="SponsorGuestDialog"/> (never from a message).</summary>
public sealed record MyGuestsOptions(string Sponsor);

/// <summary>
/// "My guests": the sponsor's guests with each key's status (issued / used / expired / revoked) and access dates; then
/// revoke an unused key, extend a guest's access (at most a year from today) or end it (the account is disabled).
/// Started only by <see cref="SponsorGuestDialog"/> after SafeCode, with the verified sponsor in its options.
/// </summary>
public sealed class MyGuestsDialog : ComponentDialog
{
    private const string StepsId = "myguests.steps";
    private const string ActionPrompt = "myguests.action";
    private const string GuestPrompt = "myguests.guest";
    private const string DatePrompt = "myguests.date";
    private const string ConfirmEndPrompt = "myguests.confirm";
    private const string RevokeValue = "revoke";
    private const string ExtendValue = "extend";
    private const string EndValue = "end";
    private const string BackValue = "back";
    private const string ActionKey = "action";
    private const string GuestKey = "guest";
    private const string NameKey = "name";

    private readonly GuestKeyService _guestKeys;

    public MyGuestsDialog(GuestKeyService guestKeys)
        : base(nameof(MyGuestsDialog))
    {
        _guestKeys = guestKeys;
        AddDialog(new WaterfallDialog(StepsId, [ListStepAsync, PickGuestStepAsync, DetailStepAsync, ApplyStepAsync]));
        AddDialog(new ChoicePrompt(ActionPrompt));
        AddDialog(new ChoicePrompt(GuestPrompt));
        AddDialog(new TextPrompt(DatePrompt, LastDayValidatorAsync));
        AddDialog(new ConfirmPrompt(ConfirmEndPrompt));
        InitialDialogId = StepsId;
    }

    private async Task<DialogTurnResult> ListStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var sponsor = step.GetOptions<MyGuestsOptions>()!.Sponsor;
        var guests = await _guestKeys.ListAsync(sponsor, cancellationToken).ConfigureAwait(false);
        if (guests.Count == 0)
        {
            await step.Context.SendActivityAsync(GuestKeyTexts.NoGuests, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        var now = _guestKeys.Now;
        var rows = guests.Select((g, i) => new GuestListCard.Row(
            (i + 1).ToString(CultureInfo.InvariantCulture), g.GuestName, g.Organisation, GuestKeyTexts.StatusText(g, now), GuestKeyTexts.AccessText(g), g.GuestUsername)).ToList();
        await step.Context.SendActivityAsync(GuestListCard.Build(rows).ToMessage(), cancellationToken).ConfigureAwait(false);

        var choices = new List<Choice>();
        if (guests.Any(g => CanRevoke(g, now)))
        {
            choices.Add(Choice.Labelled(RevokeValue, GuestKeyTexts.RevokeChoice, ["revoke", "revoke a key", "cancel a key"]));
        }

        if (guests.Any(g => CanExtend(g, now)))
        {
            choices.Add(Choice.Labelled(ExtendValue, GuestKeyTexts.ExtendChoice, ["extend", "extend access"]));
        }

        if (guests.Any(g => CanEnd(g, now)))
        {
            choices.Add(Choice.Labelled(EndValue, GuestKeyTexts.EndChoice, ["end", "end access", "remove"]));
        }

        choices.Add(Choice.Labelled(BackValue, GuestKeyTexts.BackChoice, ["back", "done", "nothing", "no"]));
        return await step.PromptAsync(ActionPrompt, new HelpBotPromptOptions
        {
            Prompt = MessageFactory.Text(GuestKeyTexts.WhatNext),
            Choices = choices,
            Help = GuestKeyTexts.ManageHelp,
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> PickGuestStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var action = (step.Result as FoundChoice)?.Value;
        if (action is not (RevokeValue or ExtendValue or EndValue))
        {
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        step.Values.Set(ActionKey, action);
        var sponsor = step.GetOptions<MyGuestsOptions>()!.Sponsor;
        var now = _guestKeys.Now;
        var guests = await _guestKeys.ListAsync(sponsor, cancellationToken).ConfigureAwait(false);
        var choices = guests.Select((g, i) => (g, i))
            .Where(x => action switch { RevokeValue => CanRevoke(x.g, now), ExtendValue => CanExtend(x.g, now), _ => CanEnd(x.g, now) })
            .Select(x => Choice.Labelled(x.g.Id, $"{x.i + 1}. {x.g.GuestName}", [x.g.GuestName, x.g.LastName, (x.i + 1).ToString(CultureInfo.InvariantCulture)]))
            .ToList();
        return await step.PromptAsync(GuestPrompt, new HelpBotPromptOptions
        {
            Prompt = MessageFactory.Text(GuestKeyTexts.WhichGuest),
            Choices = choices,
            Help = GuestKeyTexts.ManageHelp,
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DialogTurnResult> DetailStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is not FoundChoice { Value: var id })
        {
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        var sponsor = step.GetOptions<MyGuestsOptions>()!.Sponsor;
        var guest = (await _guestKeys.ListAsync(sponsor, cancellationToken).ConfigureAwait(false)).FirstOrDefault(g => g.Id == id);
        if (guest is null)
        {
            return await step.EndDialogAsync(null, cancellationToken).ConfigureAwait(false);
        }
        step.Values.Set(GuestKey, guest.Id);
        step.Values.Set(NameKey, guest.GuestName);
        switch (step.Values.Get<string>(ActionKey))
        {
            case RevokeValue:
                var revoked = await _guestKeys.RevokeAsync(sponsor, guest.Id, AuditScope.Of(step.Context), cancellationToken).ConfigureAwait(false);
                await step.Context.SendActivityAsync(revoked ? GuestKeyTexts.Revoked(guest.GuestName) : GuestKeyTexts.Refused, cancellationToken: cancellationToken).ConfigureAwait(false);
                return await step.ReplaceDialogAsync(StepsId, step.GetOptions<MyGuestsOptions>(), cancellationToken).ConfigureAwait(false);
            case ExtendValue:
                return await step.PromptAsync(DatePrompt, new HelpBotPromptOptions
                {
                    Prompt = MessageFactory.Text(GuestKeyTexts.AskNewLastDay),
                    RetryPrompt = MessageFactory.Text(GuestKeyTexts.NewLastDayHelp),
                    Help = GuestKeyTexts.NewLastDayHelp,
                }, cancellationToken).ConfigureAwait(false);
            default:
                return await step.PromptAsync(ConfirmEndPrompt, new HelpBotPromptOptions
                {
                    Prompt = MessageFactory.Text(GuestKeyTexts.ConfirmEnd(guest.GuestName)),
                }, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<DialogTurnResult> ApplyStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var options = step.GetOptions<MyGuestsOptions>()!;
        var id = step.Values.Get<string>(GuestKey) ?? "";
        var name = step.Values.Get<string>(NameKey) ?? "";
        var scope = AuditScope.Of(step.Context);
        switch (step.Result)
        {
            case string typed when ParseDay(typed) is { } lastDay:
                var extended = await _guestKeys.ExtendAsync(options.Sponsor, id, lastDay, scope, cancellationToken).ConfigureAwait(false);
                await step.Context.SendActivityAsync(extended ? GuestKeyTexts.Extended(name, lastDay) : GuestKeyTexts.Refused, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case true:
                var ended = await _guestKeys.EndAsync(options.Sponsor, id, scope, cancellationToken).ConfigureAwait(false);
                await step.Context.SendActivityAsync(ended ? GuestKeyTexts.Ended(name) : GuestKeyTexts.Refused, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
            case PromptAttemptsExhausted:
                return await step.EndDialogAsync(step.Result, cancellationToken).ConfigureAwait(false);
            default:
                await step.Context.SendActivityAsync(GuestKeyTexts.NotEnded, cancellationToken: cancellationToken).ConfigureAwait(false);
                break;
        }
        return await step.ReplaceDialogAsync(StepsId, options, cancellationToken).ConfigureAwait(false);
    }

    private async Task<bool> LastDayValidatorAsync(PromptValidatorContext<string> prompt, CancellationToken cancellationToken)
    {
        if (!prompt.Recognized.Succeeded)
        {
            return false;
        }
        if (ParseDay(prompt.Recognized.Value) is not { } day)
        {
            await prompt.Context.SendActivityAsync(GuestKeyTexts.NewLastDayHelp, cancellationToken: cancellationToken).ConfigureAwait(false);
            return false;
        }
        if (GuestKeyTexts.LastDayProblem(day, _guestKeys.Today()) is { } problem)
        {
            await prompt.Context.SendActivityAsync(problem, cancellationToken: cancellationToken).ConfigureAwait(false);
            return false;
        }
        return true;
    }

    /// <summary>2027-06-30, 6/30/2027, June 30, 2027, 30 June 2027.</summary>
    internal static DateOnly? ParseDay(string? typed)
    {
        var text = (typed ?? "").Trim().TrimEnd('.');
        string[] formats = ["yyyy-MM-dd", "yyyy-M-d", "M/d/yyyy", "MMMM d, yyyy", "MMMM d yyyy", "MMM d, yyyy", "MMM d yyyy", "d MMMM yyyy", "d MMM yyyy"];
        return DateOnly.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var day) ? day : null;
    }

    private static bool CanRevoke(GuestInvitation g, DateTimeOffset now) => g.StatusAt(now) == GuestKeyStatus.Issued;

    private static bool CanExtend(GuestInvitation g, DateTimeOffset now) => g.EndedAt is null && g.StatusAt(now) is GuestKeyStatus.Issued or GuestKeyStatus.Used;

    private static bool CanEnd(GuestInvitation g, DateTimeOffset now) => g.EndedAt is null && g.StatusAt(now) is GuestKeyStatus.Issued or GuestKeyStatus.Used;
}
