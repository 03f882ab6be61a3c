using Microsoft.Bot.Builder;

namespace HelpBot.Dialogs.Turn;

/// <summary>
/// One stage of every turn, registered in DI. Stages run in <see cref="Order"/> (lowest first), each around the ones
/// after it, as Bot Framework middleware does: a stage that handles the turn itself does not call <c>next</c>, and what
/// a stage does after <c>next</c> returns runs after the later stages. The last step is the activity handler (dialogs).
/// </summary>
public interface ITurnStage
{
    /// <summary>Where the stage runs; see <see cref="TurnStageOrder"/> for the whole pipeline.</summary>
    int Order { get; }

    Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken);
}

/// <summary>The turn, outermost first. Gaps leave room for a new stage between two.</summary>
public static class TurnStageOrder
{
    /// <summary>Every turn is a span, counted and timed (dialogs/Telemetry).</summary>
    public const int Metrics = 50;

    /// <summary>A Teams personal chat (a message or the app's install) is remembered for proactive reminders.</summary>
    public const int RememberTeamsChat = 100;

    /// <summary>The service desk's own Teams channel: agents' replies in escalation threads are relayed, nothing else runs.</summary>
    public const int DeskChannel = 200;

    /// <summary>A message over <see cref="MessageLengthStage.MaxCharacters"/> gets a kind reply and nothing after it runs.</summary>
    public const int MessageLength = 250;

    /// <summary>The conversation state is saved after everything below has run (not when the desk channel took the turn).</summary>
    public const int SaveState = 300;

    /// <summary>While a person from the desk has the conversation the turn is relayed to them, not answered by the bot.</summary>
    public const int Handoff = 400;
}

/// <summary>Runs the registered stages in order around the activity handler.</summary>
public sealed class TurnPipeline
{
    private readonly ITurnStage[] _stages;

    public TurnPipeline(IEnumerable<ITurnStage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        _stages = [.. stages.OrderBy(s => s.Order)];
    }

    /// <summary>The stages' names in the order they run (for the start-up log and tests).</summary>
    public IReadOnlyList<string> Names => [.. _stages.Select(s => s.GetType().Name)];

    public Task RunAsync(ITurnContext turnContext, BotCallbackHandler handler, CancellationToken cancellationToken) =>
        RunFromAsync(0, turnContext, handler, cancellationToken);

    private Task RunFromAsync(int index, ITurnContext turnContext, BotCallbackHandler handler, CancellationToken cancellationToken) =>
        index == _stages.Length
            ? handler(turnContext, cancellationToken)
            : _stages[index].OnTurnAsync(turnContext, ct => RunFromAsync(index + 1, turnContext, handler, ct), cancellationToken);
}
