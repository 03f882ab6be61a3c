using HelpBot.Dialogs.Accounts;
using HelpBot.Cards;
using HelpBot.Dialogs.Engine;
using HelpBot.Dialogs.Engine.Prompts;
using Microsoft.Bot.Builder;

namespace HelpBot.Dialogs.Knowledge;

/// <summary>
/// "Who do I contact about my Harvard ID?": the answer depends on the school and the role, so it asks for whichever
/// the user hasn't already said ("I'm an HSPH student" skips both questions), then shows that office's card.
/// </summary>
public sealed class ContactOfficeDialog : FlowDialog
{
    public const string Schools = "school";
    public const string Roles = "role";

    private readonly KnowledgeBase _knowledge;
    private readonly IAccountDirectory? _directory;

    /// <param name="directory">Where a Teams user's school and role are known (Teams proves who they are); null: always ask.</param>
    public ContactOfficeDialog(KnowledgeBase knowledge, IAccountDirectory? directory = null)
        : base(nameof(ContactOfficeDialog))
    {
        _knowledge = knowledge;
        _directory = directory;
        AddDialog(new WaterfallDialog(nameof(WaterfallDialog), [SchoolStepAsync, RoleStepAsync, AnswerStepAsync]));
        AddDialog(new ChoicePrompt(nameof(ChoicePrompt)));
        InitialDialogId = nameof(WaterfallDialog);
    }

    protected override string Purpose => "find the right office for Harvard ID questions";

    private async Task<DialogTurnResult> SchoolStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var said = step.GetOptions<FlowStart>()?.Utterance;
        var known = await TeamsUsersRecordAsync(_directory, step.Context, cancellationToken).ConfigureAwait(false);
        step.Values.Set(Roles, ContactOfficeTexts.RoleIn(said) ?? known?.Role);
        if ((ContactOfficeTexts.SchoolIn(said) ?? known?.School) is { } school)
        {
            return await step.NextAsync(new FoundChoice { Value = school }, cancellationToken).ConfigureAwait(false);
        }
        return await step.PromptAsync(nameof(ChoicePrompt), new HelpBotPromptOptions
        {
            Prompt = MessageFactory.Text(ContactOfficeTexts.AskSchool),
            Choices = ContactOfficeTexts.SchoolChoices,
            Help = ContactOfficeTexts.SchoolHelp,
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>In Teams, the school and role of the signed-in person's own record (nothing is asked that Teams already proves).</summary>
    /// <summary>In Teams, where HelpBot knows who this is: the school and role of their own directory record (null elsewhere).</summary>
    internal static async Task<(string School, string Role)?> TeamsUsersRecordAsync(IAccountDirectory? directory, ITurnContext context, CancellationToken cancellationToken)
    {
        if (directory is null || context.Activity.ChannelId != Microsoft.Bot.Connector.Channels.Msteams || context.Activity.From?.AadObjectId is not { Length: > 0 } objectId)
        {
            return null;
        }
        try
        {
            var account = await directory.FindByTeamsIdentityAsync(objectId, null, cancellationToken).ConfigureAwait(false);
            if (account is null)
            {
                return null;
            }
            var school = ContactOfficeTexts.SchoolIn(account.School) ?? ContactOfficeTexts.Other;
            return (school, account.Affiliation == Affiliation.Student ? ContactOfficeTexts.Student : ContactOfficeTexts.Staff);
        }
        catch (DirectoryUnavailableException)
        {
            return null; // ask instead
        }
    }

    private static Task<DialogTurnResult> RoleStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is PromptAttemptsExhausted)
        {
            return step.EndDialogAsync(step.Result, cancellationToken);
        }
        var school = ((FoundChoice)step.Result!).Value;
        step.Values.Set(Schools, school);
        // "I'm a med student at HMS" answers both questions.
        if (step.Values.Get<string>(Roles) is null && step.Context.Activity.Value is null && ContactOfficeTexts.RoleIn(step.Context.Activity.Text) is { } typedRole)
        {
            step.Values.Set(Roles, typedRole);
        }
        if (school == ContactOfficeTexts.Other || step.Values.Get<string>(Roles) is { } known)
        {
            return step.NextAsync(null, cancellationToken);
        }
        return step.PromptAsync(nameof(ChoicePrompt), new HelpBotPromptOptions
        {
            Prompt = MessageFactory.Text(ContactOfficeTexts.AskRole),
            Choices = ContactOfficeTexts.RoleChoices,
        }, cancellationToken);
    }

    private async Task<DialogTurnResult> AnswerStepAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        if (step.Result is PromptAttemptsExhausted)
        {
            return await step.EndDialogAsync(step.Result, cancellationToken).ConfigureAwait(false);
        }
        var role = (step.Result as FoundChoice)?.Value ?? step.Values.Get<string>(Roles);
        var answerId = ContactOfficeTexts.AnswerFor(step.Values.Get<string>(Schools)!, role);
        await step.Context.SendActivityAsync(KnowledgeCard.Build(_knowledge.Get(answerId)).ToMessage(), cancellationToken).ConfigureAwait(false);
        // Which office it was, so "do they have a phone number?" can be answered next.
        return await step.EndDialogAsync(new OfficeNamed(answerId), cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The result of <see cref="ContactOfficeDialog"/>: the knowledge answer of the office it named.</summary>
public sealed record OfficeNamed(string AnswerId);

/// <summary>The words of <see cref="ContactOfficeDialog"/> and how it reads schools and roles.</summary>
public static class ContactOfficeTexts
{
    public const string Hms = "hms";
    public const string Hsdm = "hsdm";
    public const string Hsph = "hsph";
    public const string Other = "other";
    public const string Staff = "staff";
    public const string Student = "student";

    public const string AskSchool = "Which school are you part of?";
    public const string SchoolHelp = "Harvard ID questions go to your own school's HR office (staff and faculty) or Registrar (students), so I need your school first. If you're not sure, choose \"Other or not sure\".";
    public const string AskRole = "Are you staff or faculty, or a student?";

    public static readonly IList<Choice> SchoolChoices =
    [
        Choice.Labelled(Hms, "HMS (Medical School)", ["medical school", "med school", "harvard medical school"]),
        Choice.Labelled(Hsdm, "HSDM (Dental School)", ["dental", "dental school"]),
        Choice.Labelled(Hsph, "HSPH (Public Health)", ["public health", "sph", "chan"]),
        Choice.Labelled(Other, "Other or not sure", ["not sure", "other", "don't know", "dont know"]),
    ];

    public static readonly IList<Choice> RoleChoices =
    [
        Choice.Labelled(Staff, "Staff or faculty", ["staff", "faculty", "employee", "professor"]),
        Choice.Labelled(Student, "Student", ["student", "students"]),
    ];

    /// <summary>The school named in a message, if one is.</summary>
    public static string? SchoolIn(string? text)
    {
        // Brackets and other marks count as spaces ("(hms staff)"); an address's dots and @ do not ("jdoe@hms.harvard.edu").
        var t = $" {System.Text.RegularExpressions.Regex.Replace((text ?? string.Empty).ToLowerInvariant(), @"[^\w@.\-]", " ", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromMilliseconds(100))} ";
        if (t.Contains("hsph", StringComparison.Ordinal) || t.Contains("public health", StringComparison.Ordinal) || t.Contains(" sph ", StringComparison.Ordinal))
        {
            return Hsph;
        }

        if (t.Contains("hsdm", StringComparison.Ordinal) || t.Contains("dental", StringComparison.Ordinal))
        {
            return Hsdm;
        }

        if (t.Contains(" hms", StringComparison.Ordinal) || t.Contains("medical school", StringComparison.Ordinal) || t.Contains("med school", StringComparison.Ordinal))
        {
            return Hms;
        }

        return null;
    }

    /// <summary>The role named in a message, if one is.</summary>
    public static string? RoleIn(string? text)
    {
        var t = (text ?? string.Empty).ToLowerInvariant();
        if (t.Contains("student", StringComparison.Ordinal))
        {
            return Student;
        }

        string[] staffWords = ["staff", "faculty", "employee", "professor", "work at", "work for", "researcher", "postdoc"];
        return staffWords.Any(w => t.Contains(w, StringComparison.Ordinal)) ? Staff : null;
    }

    /// <summary>The knowledge answer for a school and role. HMS Human Resources serves HMS and HSDM staff and faculty.</summary>
    public static string AnswerFor(string school, string? role) => (school, role) switch
    {
        (Hms or Hsdm, Staff) => "contact_office/hms-staff",
        (Hms, Student) => "contact_office/hms-student",
        (Hsdm, Student) => "contact_office/hsdm-student",
        (Hsph, Staff) => "contact_office/hsph-staff",
        (Hsph, Student) => "contact_office/hsph-student",
        _ => "talk_to_agent",
    };
}
