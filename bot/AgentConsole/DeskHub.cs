using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace HelpBot.Bot.AgentConsole;

/// <summary>What the hub pushes to the agents' browsers.</summary>
public interface IDeskClient
{
    /// <summary>Something in the queue changed: the console reloads <c>/agent/api/queue</c>.</summary>
    Task QueueChanged();

    /// <summary>A ticket changed state (taken, transferred, resolved …).</summary>
    Task TicketChanged(string ticket);

    /// <summary>A new transcript line (redacted) for agents watching the ticket.</summary>
    Task Line(string ticket, LineView line);

    /// <summary>The user of the ticket is typing.</summary>
    Task Typing(string ticket);
}

/// <summary>
/// The console's live connection at <c>/agent/hub</c>. Every method requires a signed-in agent: the attribute covers
/// each of them, and the endpoint itself requires the same policy. The acting agent is always the signed-in one,
/// never a parameter.
/// </summary>
[Authorize(Policy = AgentConsoleSetup.AgentPolicy)]
public sealed class DeskHub(DeskConsole desk, AgentPresence presence) : Hub<IDeskClient>
{
    public override async Task OnConnectedAsync()
    {
        // The cookie is SameSite=Strict, and a browser page of another site is refused as well.
        if (AgentPresence.IsCrossSite(Context.GetHttpContext()))
        {
            Context.Abort();
            return;
        }
        var (id, name) = Agent;
        presence.Connected(Context.ConnectionId, id, name);
        await base.OnConnectedAsync().ConfigureAwait(false);
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        presence.Disconnected(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>Receive the ticket's new lines and typing.</summary>
    public Task Watch(string ticket) => Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(ticket), Context.ConnectionAborted);

    public Task Unwatch(string ticket) => Groups.RemoveFromGroupAsync(Context.ConnectionId, GroupOf(ticket), Context.ConnectionAborted);

    public Task<DeskResult> Take(string ticket) => desk.TakeAsync(ticket, Agent, Context.ConnectionAborted);

    public Task<DeskResult> Send(string ticket, string text) => desk.SendAsync(ticket, Agent, text, Context.ConnectionAborted);

    public Task<DeskResult> Typing(string ticket) => desk.TypingAsync(ticket, Agent, Context.ConnectionAborted);

    public Task<DeskResult> Transfer(string ticket, string toAgentId) => desk.TransferAsync(ticket, Agent, toAgentId, Context.ConnectionAborted);

    public Task<DeskResult> Resolve(string ticket, string? note) => desk.ResolveAsync(ticket, Agent, note, Context.ConnectionAborted);

    public Task<DeskResult> SendUnlockInvite(string ticket) => desk.SendInviteAsync(ticket, Agent, DeskInvite.Unlock, Context.ConnectionAborted);

    public Task<DeskResult> SendResetInvite(string ticket) => desk.SendInviteAsync(ticket, Agent, DeskInvite.PasswordReset, Context.ConnectionAborted);

    private (string Id, string Name) Agent => AgentConsoleSetup.AgentOf(Context.User!);

    public static string GroupOf(string ticket) => "ticket:" + ticket;
}

/// <summary>Which agents have the console open now (the transfer list shows them first).</summary>
public sealed class AgentPresence
{
    private readonly ConcurrentDictionary<string, (string Id, string Name)> _connections = new(StringComparer.Ordinal);

    public void Connected(string connectionId, string agentId, string agentName) => _connections[connectionId] = (agentId, agentName);

    public void Disconnected(string connectionId) => _connections.TryRemove(connectionId, out _);

    public IReadOnlyDictionary<string, string> Online() =>
        _connections.Values.GroupBy(a => a.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Name, StringComparer.Ordinal);

    /// <summary>
    /// Whether the browser says the request comes from another site (Fetch metadata, sent on every fetch, form post
    /// and WebSocket handshake by current browsers). Unlike comparing Origin with Host, it holds behind a reverse proxy.
    /// </summary>
    public static bool IsCrossSite(HttpContext? http)
    {
        var site = http?.Request.Headers["Sec-Fetch-Site"].ToString();
        return http is null || string.Equals(site, "cross-site", StringComparison.OrdinalIgnoreCase) || string.Equals(site, "same-site", StringComparison.OrdinalIgnoreCase);
    }
}
