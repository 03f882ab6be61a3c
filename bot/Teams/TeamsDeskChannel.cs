using System.Globalization;
using System.Security.Claims;
using HelpBot.Cards;
using HelpBot.Dialogs;
using HelpBot.Dialogs.Handoff;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.Teams;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;

namespace HelpBot.Bot.Teams;

/// <summary>
/// The service desk's Teams channel (issue 6 item 4). Each escalation is posted there as an <see cref="EscalationCard"/>
/// and updated in place as it moves (waiting → taken by … → resolved); what the user writes is posted in the card's
/// thread. An agent takes a ticket with the card's button (an Action.Execute, answered at once, C6; the take itself, an
/// atomic <see cref="IEscalationStore.TryTakeAsync"/> through <see cref="AgentDesk"/>, runs right after) and answers in
/// the thread; those replies are relayed to the user. Agents are known by their Teams identity (Entra object id).
/// Anyone in the desk channel is a desk agent: membership of the team is the access control.
/// </summary>
public sealed partial class TeamsDeskChannel(
    IOptions<TeamsDeskOptions> options,
    BotFrameworkAuthentication authentication,
    IConfiguration configuration,
    IEscalationStore store,
    IServiceProvider services,
    IDeskCards cards,
    ITurnContinuations continuations,
    ILogger<TeamsDeskChannel> logger) : IDeskNotifications, IDeskChannelTurns, IDisposable
{
    private const string DeskActionField = "deskAction";
    private const string TakeAction = "take";
    private const int TranscriptLines = 10;

    // One card change at a time, so "created" and "taken" arriving together never post two cards for one ticket.
    private readonly SemaphoreSlim _posting = new(1, 1);

    private TeamsDeskOptions Options => options.Value;

    /// <summary>Whether the desk channel is configured; when off, nothing is posted and no turn is taken.</summary>
    public bool IsOn => Options.IsConfigured;

    private string AppId => configuration["MicrosoftAppId"] ?? "";

    // Resolved when first needed: AgentDesk tells every desk, this one included.
    private AgentDesk Desk => services.GetRequiredService<AgentDesk>();

    public async Task EscalationChangedAsync(Escalation escalation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        if (!IsOn)
        {
            return;
        }
        var card = (Activity)EscalationCard.Build(ViewOf(escalation)).ToMessage();
        await _posting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var connector = await ConnectorAsync(cancellationToken).ConfigureAwait(false);
            if (cards.Get(escalation.Ticket) is { } posted)
            {
                card.Id = posted.ActivityId;
                card.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: posted.ThreadConversationId);
                await connector.Conversations.UpdateActivityAsync(posted.ThreadConversationId, posted.ActivityId, card, cancellationToken).ConfigureAwait(false);
                return;
            }
            var created = await connector.Conversations.CreateConversationAsync(new ConversationParameters
            {
                IsGroup = true,
                Bot = new ChannelAccount(AppId),
                ChannelData = new TeamsChannelData { Channel = new ChannelInfo(Options.ChannelId), Team = new TeamInfo(Options.TeamId) },
                Activity = card,
            }, cancellationToken).ConfigureAwait(false);
            cards.Save(new DeskCard(escalation.Ticket, created.ActivityId, created.Id));
        }
        finally
        {
            _posting.Release();
        }
    }

    public async Task UserMessageAsync(Escalation escalation, TranscriptLine line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(escalation);
        ArgumentNullException.ThrowIfNull(line);
        if (!IsOn || cards.Get(escalation.Ticket) is not { } posted)
        {
            return;
        }
        var message = MessageFactory.Text($"{escalation.DisplayName ?? DeskChannelTexts.UserFallbackName}: {line.Text}");
        message.From = new ChannelAccount(AppId);
        message.Conversation = new ConversationAccount(isGroup: true, conversationType: "channel", id: posted.ThreadConversationId);
        using var connector = await ConnectorAsync(cancellationToken).ConfigureAwait(false);
        await connector.Conversations.SendToConversationAsync(posted.ThreadConversationId, message, cancellationToken).ConfigureAwait(false);
    }

    // Teams shows its own typing indicator for people; the desk thread needs no "user is typing".
    public Task UserTypingAsync(Escalation escalation, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task<AdaptiveCardInvokeResponse?> OnCardActionAsync(ITurnContext<IInvokeActivity> turnContext, AdaptiveCardInvokeValue invokeValue, BotCallbackHandler continueWith, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        if (!IsOn || invokeValue?.Action?.Verb != EscalationCard.TakeVerb || !InDeskChannel(turnContext.Activity))
        {
            return null;
        }
        var ticket = (invokeValue.Action.Data as JObject)?[JsonName(nameof(EscalationCard.TakePayload.Ticket))]?.ToString();
        if (string.IsNullOrEmpty(ticket) || await store.GetAsync(ticket, cancellationToken).ConfigureAwait(false) is not { } escalation)
        {
            return new AdaptiveCardInvokeResponse { StatusCode = 200, Type = "application/vnd.microsoft.activity.message", Value = DeskChannelTexts.UnknownTicket };
        }
        var agent = await AgentAsync(turnContext, cancellationToken).ConfigureAwait(false);
        // The take (store, audit, the user told, every desk told) runs right after this answer, as a turn of its own.
        var invoke = turnContext.Activity;
        continuations.ContinueAfter(turnContext, new Activity(ActivityTypes.Message)
        {
            Id = invoke.Id,
            ChannelId = invoke.ChannelId,
            ServiceUrl = invoke.ServiceUrl,
            From = invoke.From,
            Recipient = invoke.Recipient,
            Conversation = invoke.Conversation,
            ChannelData = invoke.ChannelData,
            Value = new JObject { [DeskActionField] = TakeAction, ["ticket"] = ticket },
        }, continueWith);
        var view = ViewOf(escalation) with
        {
            CanBeTaken = false,
            Notice = escalation.Status == EscalationStatus.Taken
                ? DeskChannelTexts.AlreadyTaken(agent.Name, ticket, escalation.AgentName)
                : DeskChannelTexts.Taking(agent.Name),
        };
        return new AdaptiveCardInvokeResponse { StatusCode = 200, Type = AdaptiveCard.ContentType, Value = JObject.Parse(EscalationCard.Build(view).ToJsonString()) };
    }

    public async Task<bool> OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        var activity = turnContext.Activity;
        if (!IsOn || activity.Type != ActivityTypes.Message || !InDeskChannel(activity))
        {
            return false;
        }
        var posted = cards.FindByThread(activity.Conversation?.Id ?? "");
        if (posted is null)
        {
            if (activity.Value is null)
            {
                await turnContext.SendActivityAsync(DeskChannelTexts.NotATicketThread, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            return true;
        }
        var agent = await AgentAsync(turnContext, cancellationToken).ConfigureAwait(false);
        if (activity.Value is JObject value && (string?)value[DeskActionField] == TakeAction)
        {
            if (!await Desk.TakeAsync(posted.Ticket, agent.Id, agent.Name, cancellationToken).ConfigureAwait(false))
            {
                var holder = (await store.GetAsync(posted.Ticket, cancellationToken).ConfigureAwait(false))?.AgentName;
                await turnContext.SendActivityAsync(DeskChannelTexts.AlreadyTaken(agent.Name, posted.Ticket, holder), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            return true;
        }
        activity.RemoveRecipientMention();
        var text = activity.Text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (!await Desk.SendAsync(posted.Ticket, agent.Id, text, cancellationToken).ConfigureAwait(false))
        {
            var escalation = await store.GetAsync(posted.Ticket, cancellationToken).ConfigureAwait(false);
            var why = escalation switch
            {
                null => DeskChannelTexts.UnknownTicket,
                { IsOpen: false } => DeskChannelTexts.Closed(posted.Ticket),
                { Status: EscalationStatus.Taken } e when e.AgentId != agent.Id => DeskChannelTexts.NotYours(posted.Ticket, e.AgentName),
                { Status: EscalationStatus.Taken } => DeskChannelTexts.NotRelayed(posted.Ticket),
                _ => DeskChannelTexts.TakeFirst(posted.Ticket),
            };
            await turnContext.SendActivityAsync(why, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        return true;
    }

    private bool InDeskChannel(IActivity activity) =>
        activity.ChannelId == Channels.Msteams
        && string.Equals(activity.TeamsGetChannelId() ?? ChannelOfConversation(activity.Conversation?.Id), Options.ChannelId, StringComparison.OrdinalIgnoreCase);

    private static string? ChannelOfConversation(string? conversationId) =>
        conversationId?.Split(';', 2)[0];

    /// <summary>The agent, by Teams identity: the Entra object id when Teams gives it (or its roster), else the Teams user id.</summary>
    private async Task<(string Id, string Name)> AgentAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var from = turnContext.Activity.From;
        var user = await TeamsIdentity.ResolveAsync(turnContext, cancellationToken, logger).ConfigureAwait(false);
        var id = user?.AadObjectId is { } aad ? $"teams:{aad.ToLowerInvariant()}" : $"teams-user:{from?.Id}";
        var name = !string.IsNullOrWhiteSpace(from?.Name) ? from.Name : user?.UserPrincipalName ?? HandoffTexts.AgentFallbackName;
        return (id, name);
    }

    private static EscalationCard.View ViewOf(Escalation e) => new()
    {
        Ticket = e.Ticket,
        State = DeskChannelTexts.State(e),
        CanBeTaken = e.Status is EscalationStatus.Waiting or EscalationStatus.CallbackRequested or EscalationStatus.OutOfHours,
        Reason = AgentConsole.ConsoleTexts.ReasonInWords(e.Reason),
        Account = e.Username is { } u ? $"{u}{(e.DisplayName is { } n ? $" ({n})" : "")}" : "not known",
        Verified = e.Verified ? "yes, by SafeCode" : "no",
        Channel = e.ChannelId == Channels.Msteams ? "Teams" : "Web Chat",
        Since = e.CreatedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        CallbackNumber = e.CallbackNumber,
        Transcript = e.Transcript.TakeLast(TranscriptLines).Select(l => (l.From switch
        {
            TranscriptFrom.User => e.DisplayName ?? DeskChannelTexts.UserFallbackName,
            TranscriptFrom.Agent => e.AgentName ?? HandoffTexts.AgentFallbackName,
            _ => "HelpBot",
        }, l.Text)).ToList(),
    };

    /// <summary>
    /// A Connector client for the desk's service URL, as the bot itself (an empty app id: local developer mode). The
    /// desk channel is written to directly, not through a proactive turn: a change made during a turn in a card's thread
    /// (a take) must not wait for that same thread's turn to end (one turn at a time per conversation).
    /// </summary>
    private Task<IConnectorClient> ConnectorAsync(CancellationToken cancellationToken)
    {
        var identity = new ClaimsIdentity(
        [
            new Claim(AuthenticationConstants.AudienceClaim, AppId),
            new Claim(AuthenticationConstants.AppIdClaim, AppId),
        ]);
        return authentication.CreateConnectorFactory(identity).CreateAsync(Options.ServiceUrl, null, cancellationToken);
    }

    private static string JsonName(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    public void Dispose() => _posting.Dispose();
}
