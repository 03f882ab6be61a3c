using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Audit;
using HelpBot.Dialogs.Handoff;
using Microsoft.AspNetCore.SignalR;

namespace HelpBot.Bot.AgentConsole;

/// <summary>The actions an agent can send the user on their behalf.</summary>
public enum DeskInvite
{
    Unlock,
    PasswordReset,
}

/// <summary>
/// The console's side of every agent action, shared by the hub and the JSON API: checks the input, calls
/// <see cref="AgentDesk"/> (which changes the store, audits, notifies every desk and tells the user), and turns a
/// refusal into words for the agent ("Already taken by …").
/// </summary>
public sealed class DeskConsole(
    IEscalationStore store,
    AgentDesk desk,
    IAgentRelay relay,
    IAccountDirectory directory,
    IAgentAccounts agents,
    AgentPresence presence,
    IHubContext<DeskHub, IDeskClient> hub,
    IAuditLog audit,
    TimeProvider time,
    ILogger<DeskConsole> logger)
{
    public const int MaxTextLength = 2000;

    public async Task<QueueView> QueueAsync(string agentId, CancellationToken ct)
    {
        var open = await store.ListOpenAsync(ct).ConfigureAwait(false);
        var position = 0;
        var waiting = new List<QueueItemView>();
        foreach (var e in open.Where(e => e.Status != EscalationStatus.Taken))
        {
            waiting.Add(QueueItemView.From(e, e.Status == EscalationStatus.Waiting ? ++position : null));
        }
        var mine = open.Where(e => e.Status == EscalationStatus.Taken && e.AgentId == agentId).Select(e => QueueItemView.From(e, null)).ToList();
        var others = open.Where(e => e.Status == EscalationStatus.Taken && e.AgentId != agentId).Select(e => QueueItemView.From(e, null)).ToList();
        return new QueueView(time.GetUtcNow(), waiting, mine, others);
    }

    public async Task<EscalationView?> DetailAsync(string ticket, CancellationToken ct)
    {
        var escalation = await store.GetAsync(ticket, ct).ConfigureAwait(false);
        if (escalation is null)
        {
            return null;
        }
        AccountView? account = null;
        if (escalation.Username is { Length: > 0 } username)
        {
            try
            {
                if (await directory.FindAsync(username, ct).ConfigureAwait(false) is { } found)
                {
                    account = AccountView.From(found, time.GetUtcNow());
                }
            }
            catch (DirectoryUnavailableException e)
            {
                logger.LogWarning(e, "The directory did not answer for the account panel of {Ticket}", ticket);
            }
        }
        return EscalationView.From(escalation, account);
    }

    public IReadOnlyList<AgentView> Agents()
    {
        var online = presence.Online();
        var all = new Dictionary<string, AgentView>(StringComparer.Ordinal);
        foreach (var a in agents.List())
        {
            all[a.Username] = new AgentView(a.Username, a.DisplayName, online.ContainsKey(a.Username));
        }
        foreach (var (id, name) in online)
        {
            all[id] = new AgentView(id, name, true);
        }
        return all.Values.OrderByDescending(a => a.Online).ThenBy(a => a.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
    }

    public async Task<DeskResult> TakeAsync(string ticket, (string Id, string Name) agent, CancellationToken ct)
    {
        if (await desk.TakeAsync(ticket, agent.Id, agent.Name, ct).ConfigureAwait(false))
        {
            return DeskResult.Done();
        }
        var now = await store.GetAsync(ticket, ct).ConfigureAwait(false);
        return now switch
        {
            null => DeskResult.Refused(ConsoleTexts.UnknownTicket),
            { Status: EscalationStatus.Taken, AgentId: var holder } when holder == agent.Id => DeskResult.Done(),
            { Status: EscalationStatus.Taken } => DeskResult.Refused(ConsoleTexts.AlreadyTakenBy(now.AgentName ?? now.AgentId ?? "another agent")),
            _ => DeskResult.Refused(ConsoleTexts.NotOpen),
        };
    }

    public async Task<DeskResult> SendAsync(string ticket, (string Id, string Name) agent, string? text, CancellationToken ct)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return DeskResult.Refused(ConsoleTexts.EmptyMessage);
        }
        if (text.Length > MaxTextLength)
        {
            return DeskResult.Refused(ConsoleTexts.MessageTooLong);
        }
        if (await RefusalUnlessHeldAsync(ticket, agent.Id, ct).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }
        if (!await desk.SendAsync(ticket, agent.Id, text, ct).ConfigureAwait(false))
        {
            return DeskResult.Refused(ConsoleTexts.UserUnreachable);
        }
        // Every agent watching the ticket (the sender included) sees the line as it is stored: redacted.
        await hub.Clients.Group(DeskHub.GroupOf(ticket))
            .Line(ticket, LineView.Of(new TranscriptLine(TranscriptFrom.Agent, text, time.GetUtcNow()))).ConfigureAwait(false);
        return DeskResult.Done();
    }

    public async Task<DeskResult> TypingAsync(string ticket, (string Id, string Name) agent, CancellationToken ct) =>
        await desk.TypingAsync(ticket, agent.Id, ct).ConfigureAwait(false) ? DeskResult.Done() : DeskResult.Refused(ConsoleTexts.NotYours);

    public async Task<DeskResult> TransferAsync(string ticket, (string Id, string Name) agent, string? toAgentId, CancellationToken ct)
    {
        var to = Agents().FirstOrDefault(a => string.Equals(a.Id, toAgentId, StringComparison.Ordinal));
        if (to is null || to.Id == agent.Id)
        {
            return DeskResult.Refused(ConsoleTexts.UnknownAgent);
        }
        if (await RefusalUnlessHeldAsync(ticket, agent.Id, ct).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }
        return await desk.TransferAsync(ticket, agent.Id, to.Id, to.Name, ct).ConfigureAwait(false)
            ? DeskResult.Done($"Transferred to {to.Name}.")
            : DeskResult.Refused(ConsoleTexts.NotYours);
    }

    public async Task<DeskResult> ResolveAsync(string ticket, (string Id, string Name) agent, string? note, CancellationToken ct)
    {
        note = note?.Trim();
        if (note?.Length > MaxTextLength)
        {
            return DeskResult.Refused(ConsoleTexts.MessageTooLong);
        }
        var before = await store.GetAsync(ticket, ct).ConfigureAwait(false);
        if (before is null)
        {
            return DeskResult.Refused(ConsoleTexts.UnknownTicket);
        }
        if (!before.IsOpen)
        {
            return DeskResult.Refused(ConsoleTexts.NotOpen);
        }
        // A note can hold what the user said; it is redacted like the transcript.
        return await desk.ResolveAsync(ticket, agent.Id, string.IsNullOrEmpty(note) ? null : DeskRedaction.Redact(note), ct).ConfigureAwait(false)
            ? DeskResult.Done("Resolved.")
            : DeskResult.Refused(ConsoleTexts.NotYours);
    }

    /// <summary>
    /// Sends the user HelpBot's own invitation to verify with a SafeCode and unlock (or reset) themselves, and audits
    /// it. The agent never unlocks on a say-so: identity is proven by the SafeCode to the user's own phone or e-mail.
    /// </summary>
    public async Task<DeskResult> SendInviteAsync(string ticket, (string Id, string Name) agent, DeskInvite invite, CancellationToken ct)
    {
        if (await RefusalUnlessHeldAsync(ticket, agent.Id, ct).ConfigureAwait(false) is { } refused)
        {
            return refused;
        }
        var escalation = (await store.GetAsync(ticket, ct).ConfigureAwait(false))!;
        if (await IsDepartmentalAsync(escalation, ct).ConfigureAwait(false))
        {
            // R9: a shared account is never self-service; the invitation would tell the user to do what the bot refuses.
            return DeskResult.Refused(ConsoleTexts.DepartmentalNoInvite);
        }
        var text = invite == DeskInvite.Unlock ? ConsoleTexts.UnlockInvite : ConsoleTexts.ResetInvite;
        var sent = await relay.SendStatusAsync(ticket, text, ct).ConfigureAwait(false);
        await audit.WriteAsync(new AuditEntry
        {
            At = time.GetUtcNow(),
            Action = invite == DeskInvite.Unlock ? "agent.unlock_invited" : "agent.reset_invited",
            Outcome = sent ? "success" : "failure",
            Account = escalation.Username,
            Actor = agent.Id,
            Channel = escalation.ChannelId,
            ConversationId = escalation.ConversationId,
            Detail = $"{ticket} on the user's behalf",
        }, ct).ConfigureAwait(false);
        if (!sent)
        {
            return DeskResult.Refused(ConsoleTexts.UserUnreachable);
        }
        await hub.Clients.Group(DeskHub.GroupOf(ticket))
            .Line(ticket, LineView.Of(new TranscriptLine(TranscriptFrom.Bot, text, time.GetUtcNow()))).ConfigureAwait(false);
        return DeskResult.Done("Sent. The user verifies with a SafeCode themselves.");
    }

    /// <summary>Escalated as a departmental account, or naming one the directory knows as such.</summary>
    private async Task<bool> IsDepartmentalAsync(Escalation escalation, CancellationToken ct)
    {
        if (escalation.Reason == EscalationReason.DepartmentalAccount)
        {
            return true;
        }
        if (escalation.Username is not { Length: > 0 } username)
        {
            return false;
        }
        try
        {
            return await directory.FindAsync(username, ct).ConfigureAwait(false) is { IsDepartmental: true };
        }
        catch (DirectoryUnavailableException)
        {
            return false;
        }
    }

    private async Task<DeskResult?> RefusalUnlessHeldAsync(string ticket, string agentId, CancellationToken ct)
    {
        var escalation = await store.GetAsync(ticket, ct).ConfigureAwait(false);
        return escalation switch
        {
            null => DeskResult.Refused(ConsoleTexts.UnknownTicket),
            { Status: EscalationStatus.Taken } when escalation.AgentId == agentId => null,
            { Status: EscalationStatus.Taken } => DeskResult.Refused(ConsoleTexts.NotYours),
            _ => DeskResult.Refused(ConsoleTexts.NotOpen),
        };
    }
}
