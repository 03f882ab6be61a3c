using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Handoff;

namespace HelpBot.Bot.AgentConsole;

/// <summary>
/// What the console sends the browser, built field by field from the domain: an agent never receives a conversation
/// reference, a password or a code (docs/security.md, C4, H2). Transcript text is redacted again here, whatever the store holds.
/// </summary>
/// <remarks>
/// <c>Intent</c> and <c>Channel</c> keep the internal names (for scripts and the metrics); <c>IntentWords</c> and
/// <c>ChannelWords</c> are what the page shows ("Asked for a person", "Web chat").
/// </remarks>
public sealed record QueueItemView(string Ticket, string Status, string Reason, string Intent, string? Username, string? DisplayName,
    bool Verified, string Channel, DateTimeOffset CreatedAt, int? Position, string? AgentId, string? AgentName)
{
    public string IntentWords => ConsoleTexts.IntentInWords(Intent);

    public string ChannelWords => ConsoleTexts.ChannelInWords(Channel);

    public static QueueItemView From(Escalation e, int? position) =>
        new(e.Ticket, e.Status.ToString(), e.Reason.ToString(), e.Intent, e.Username, e.DisplayName, e.Verified, e.ChannelId,
            e.CreatedAt, position, e.AgentId, e.AgentName);
}

public sealed record QueueView(DateTimeOffset Now, IReadOnlyList<QueueItemView> Waiting, IReadOnlyList<QueueItemView> Mine, IReadOnlyList<QueueItemView> Others);

public sealed record LineView(string From, string Text, DateTimeOffset At)
{
    public static LineView Of(TranscriptLine line) => new(line.From.ToString(), DeskRedaction.Redact(line.Text), line.At);
}

public sealed record EscalationView(string Ticket, string Status, string Reason, string Intent, string? Username, string? DisplayName,
    bool Verified, string Channel, DateTimeOffset CreatedAt, DateTimeOffset? TakenAt, DateTimeOffset? ResolvedAt, string? AgentId, string? AgentName,
    string? CallbackNumber, string? ResolutionNote, int? Satisfaction, IReadOnlyList<LineView> Transcript, AccountView? Account)
{
    public string IntentWords => ConsoleTexts.IntentInWords(Intent);

    public string ChannelWords => ConsoleTexts.ChannelInWords(Channel);

    public static EscalationView From(Escalation e, AccountView? account) =>
        new(e.Ticket, e.Status.ToString(), e.Reason.ToString(), e.Intent, e.Username, e.DisplayName, e.Verified, e.ChannelId,
            e.CreatedAt, e.TakenAt, e.ResolvedAt, e.AgentId, e.AgentName, e.CallbackNumber, e.ResolutionNote, e.Satisfaction,
            e.Transcript.Select(LineView.Of).ToList(), account);
}

/// <summary>
/// The account panel. Lock state and password dates, the kinds of SafeCode destination on file (masked, so an agent can
/// say "the code went to your phone ending 0101" without reading out a number). Never a HUID, a birth date, a password
/// or a code.
/// </summary>
public sealed record AccountView(string Username, string DisplayName, string Type, string Affiliation, string School,
    bool IsLocked, bool IsDisabled, bool IsRegistered, DateTimeOffset? PasswordChangedAt, DateTimeOffset? PasswordExpiresAt,
    bool PasswordExpired, bool IsDepartmental, IReadOnlyList<string> SafeCodeDestinations)
{
    public static AccountView From(Account a, DateTimeOffset now)
    {
        var destinations = new List<string>();
        if (a.TextPhone is { Length: >= 4 } phone)
        {
            destinations.Add($"text phone ending {phone[^4..]}");
        }
        if (a.AlternateEmail is { } email)
        {
            destinations.Add($"alternate e-mail {MaskEmail(email)}");
        }
        return new(a.Username, a.DisplayName, a.Type.ToString(), a.Affiliation.ToString(), a.School, a.IsLocked, a.IsDisabled,
            a.IsRegistered, a.PasswordChangedAt, a.PasswordExpiresAt, a.PasswordExpired(now), a.IsDepartmental, destinations);
    }

    private static string MaskEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? "on file" : $"{email[0]}•••{email[at..]}";
    }
}

public sealed record AgentView(string Id, string Name, bool Online);

/// <summary>The answer to every hub action: whether it happened, and what to tell the agent.</summary>
public sealed record DeskResult(bool Ok, string? Message)
{
    public static DeskResult Done(string? message = null) => new(true, message);

    public static DeskResult Refused(string message) => new(false, message);
}
