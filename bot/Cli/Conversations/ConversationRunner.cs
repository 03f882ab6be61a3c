using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HelpBot.Bot.Adapters;
using HelpBot.Bot.Hosting;
using HelpBot.Dialogs;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Handoff;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Adapters;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace HelpBot.Bot.Cli.Conversations;

/// <summary>The outcome of one conversation: whether the person got everything the script asks for, and if not, the first thing they did not get.</summary>
public sealed record ConversationResult(ConversationScript Script, bool Succeeded, string? Failure, IReadOnlyList<string> RepliesAtFailure, int UserMessages)
{
    /// <summary>The whole conversation, a line per message ("user: …", "bot: …"), for reading one conversation closely.</summary>
    public IReadOnlyList<string> Transcript { get; init; } = [];
}

/// <summary>
/// Runs a <see cref="ConversationScript"/> against the real HelpBot host: a fresh store and demo directory in a
/// temporary folder, the web server on a loopback port (for the reset page), and the bot driven turn by turn as the
/// channel would (a Web Chat visitor, or a Teams user whose identity Teams proves). SafeCodes are read from the outbox
/// file, as the person reads them on their phone.
/// </summary>
public sealed partial class ConversationRunner : IAsyncDisposable
{
    // What HelpBot says when it did not understand (MainTexts, the prompts' retry texts): an expectation of
    // "no fallback" fails on any of them, and on the main menu shown again.
    private static readonly string[] FallbackWords =
    [
        Normalize(MainTexts.DidNotUnderstand), Normalize(MainTexts.OfferPerson), Normalize(MainTexts.UnknownButton),
        "didn't catch that", "still not sure what you mean", "having trouble understanding",
    ];

    private readonly ConversationScript _script;
    private readonly string _dataDirectory;
    private readonly WebApplication _app;
    private readonly List<Activity> _all = [];
    private readonly List<string> _transcript = [];
    private List<Activity> _window = [];
    private int _outboxSeen;
    private int _userMessages;
    private Uri? _resetLink;

    private ConversationRunner(ConversationScript script, string dataDirectory, WebApplication app)
    {
        _script = script;
        _dataDirectory = dataDirectory;
        _app = app;
    }

    public static async Task<ConversationResult> RunAsync(ConversationScript script, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        await using var runner = await StartAsync(script, cancellationToken).ConfigureAwait(false);
        return await runner.RunStepsAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ConversationRunner> StartAsync(ConversationScript script, CancellationToken cancellationToken)
    {
        var data = System.IO.Directory.CreateTempSubdirectory("helpbot-conversation-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Storage:Path"] = Path.Combine(data, "helpbot.db"),
            ["Messaging:OutboxPath"] = Path.Combine(data, "outbox.jsonl"),
            ["Handoff:ServiceHours"] = "24/7",
            ["Serilog:MinimumLevel:Default"] = "Error",
            ["Serilog:MinimumLevel:Override:Microsoft.Hosting.Lifetime"] = "Error",
            // Each conversation's fresh data folder makes a new sign-in cookie key, which ASP.NET Core warns about once.
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Error",
            // A message HelpBot sends on its own (the chat told that a password changed) goes through the channel's
            // connector, which this runner does not have: that failure is not the conversation's.
            ["Serilog:MinimumLevel:Override:HelpBot.Bot.Adapters.TurnErrorHandler"] = "Fatal",
        };
        var app = HelpBotHost.Build(["--contentRoot", AppContext.BaseDirectory, "--environment", "Development"], builder => builder.Configuration.AddInMemoryCollection(settings));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new ConversationRunner(script, data, app);
    }

    private async Task<ConversationResult> RunStepsAsync(CancellationToken cancellationToken)
    {
        var adapter = await NewUserAsync(cancellationToken).ConfigureAwait(false);
        var bot = _app.Services.GetRequiredService<IBot>();
        // The channel tells the bot that the person joined (Web Chat opening, Teams installing the app). Teams
        // describes the member fully (the SDK would otherwise ask Teams for the details).
        var joined = new ChannelAccount(adapter.Conversation.User.Id, adapter.Conversation.User.Name) { AadObjectId = adapter.Conversation.User.AadObjectId };
        joined.Properties["userRole"] = "user";
        await TurnAsync(adapter, bot, new Activity { Type = ActivityTypes.ConversationUpdate, MembersAdded = [joined] }, cancellationToken).ConfigureAwait(false);
        _window = [];
        foreach (var step in _script.Steps)
        {
            string? failure;
            try
            {
                failure = await StepAsync(step, adapter, bot, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failure = $"HelpBot failed: {ex.GetType().Name}: {ex.Message}";
            }
            if (failure is not null)
            {
                return new ConversationResult(_script, false, $"line {step.Line} ({step.Source}): {failure}", _window.Select(Describe).ToList(), _userMessages) { Transcript = _transcript };
            }
        }
        if (_script.Budget is { } budget && _userMessages > budget)
        {
            return new ConversationResult(_script, false, $"took {_userMessages} user messages; the budget is {budget}", [], _userMessages) { Transcript = _transcript };
        }
        return new ConversationResult(_script, true, null, [], _userMessages);
    }

    private async Task<TestAdapter> NewUserAsync(CancellationToken cancellationToken)
    {
        var name = _script.As ?? "visitor";
        var reference = TestAdapter.CreateConversation($"{_script.Id}-{Guid.NewGuid():N}", name, "helpbot");
        string? aadObjectId = null;
        if (_script.Channel == ConversationScript.Teams)
        {
            reference.ChannelId = Microsoft.Bot.Connector.Channels.Msteams;
            reference.Conversation.ConversationType = "personal";
            if (_script.As is { } username)
            {
                var account = await _app.Services.GetRequiredService<IAccountDirectory>().FindAsync(username, cancellationToken).ConfigureAwait(false);
                aadObjectId = account?.TeamsAadObjectId ?? throw new InvalidOperationException($"'as: {username}' is not a Teams user of the demo directory");
            }
        }
        else
        {
            reference.ChannelId = Microsoft.Bot.Connector.Channels.Directline;
            reference.Conversation.ConversationType = null;
        }
        reference.User = new ChannelAccount($"{name}-id", name) { AadObjectId = aadObjectId };
        return new TestAdapter(reference);
    }

    private async Task<string?> StepAsync(ScriptStep step, TestAdapter adapter, IBot bot, CancellationToken cancellationToken)
    {
        switch (step)
        {
            case UserSays says:
                var text = says.Text;
                if (text.Contains("{code}", StringComparison.Ordinal))
                {
                    var code = await NewestSafeCodeAsync(cancellationToken).ConfigureAwait(false);
                    if (code is null)
                    {
                        return "no SafeCode was sent to type";
                    }
                    text = text.Replace("{code}", code, StringComparison.Ordinal);
                }
                _userMessages++;
                _transcript.Add("user: " + text);
                await NewWindowAsync(adapter, bot, MessageActivity(text), cancellationToken).ConfigureAwait(false);
                return null;
            case Tap tap:
                var button = FindButton(tap.Label);
                if (button is null)
                {
                    return $"no button on screen says '{tap.Label}' (buttons: {string.Join(", ", VisibleButtons().Select(b => $"'{b.Title}'"))})";
                }
                if (button.Activity is null)
                {
                    return $"'{button.Title}' is a link, not an answer";
                }
                _userMessages++;
                _transcript.Add($"tap:  {button.Title}");
                await NewWindowAsync(adapter, bot, button.Activity, cancellationToken).ConfigureAwait(false);
                return null;
            case ResetOnPage reset:
                return await ResetAsync(reset.NewPassword, cancellationToken).ConfigureAwait(false);
            case Expect expect:
                return await CheckAsync(expect, cancellationToken).ConfigureAwait(false);
            default:
                return $"unknown step {step.GetType().Name}";
        }
    }

    private async Task NewWindowAsync(TestAdapter adapter, IBot bot, Activity activity, CancellationToken cancellationToken)
    {
        _outboxSeen = ReadOutbox().Count;
        _window = [];
        await TurnAsync(adapter, bot, activity, cancellationToken).ConfigureAwait(false);
    }

    private async Task TurnAsync(TestAdapter adapter, IBot bot, Activity activity, CancellationToken cancellationToken)
    {
        await adapter.ProcessActivityAsync(activity, bot.OnTurnAsync, cancellationToken).ConfigureAwait(false);
        // Turns the bot continued in the background (e.g. after a slow directory call) answer too.
        await _app.Services.GetRequiredService<BackgroundTurns>().IdleAsync().ConfigureAwait(false);
        while (adapter.ActiveQueue.Count > 0)
        {
            var reply = adapter.ActiveQueue.Dequeue();
            if (reply.Type == ActivityTypes.Message)
            {
                _window.Add(reply);
                _all.Add(reply);
                _transcript.Add("bot:  " + Describe(reply));
                _resetLink = ResetLinkIn(reply) ?? _resetLink;
            }
        }
    }

    private static Activity MessageActivity(string text) => new() { Type = ActivityTypes.Message, Text = text };

    private async Task<string?> CheckAsync(Expect expect, CancellationToken cancellationToken)
    {
        var said = _window.Select(TextOf).ToList();
        switch (expect.Kind)
        {
            case ExpectKind.Says:
                return expect.Texts.Any(t => said.Any(s => s.Contains(Normalize(t), StringComparison.Ordinal)))
                    ? null
                    : $"no reply says {string.Join(" or ", expect.Texts.Select(t => $"\"{t}\""))}";
            case ExpectKind.NotSays:
                return expect.Texts.FirstOrDefault(t => said.Any(s => s.Contains(Normalize(t), StringComparison.Ordinal))) is { } unwanted
                    ? $"a reply says \"{unwanted}\""
                    : null;
            case ExpectKind.Offers:
                var labels = _window.SelectMany(ButtonsOf).Select(b => Normalize(b.Title)).ToList();
                return expect.Texts.Any(t => labels.Any(l => l.Contains(Normalize(t), StringComparison.Ordinal)))
                    ? null
                    : $"no button says {string.Join(" or ", expect.Texts.Select(t => $"\"{t}\""))}";
            case ExpectKind.NoFallback:
                if (said.FirstOrDefault(s => FallbackWords.Any(f => s.Contains(f, StringComparison.Ordinal))) is { } fallback)
                {
                    return $"HelpBot did not understand: \"{Shorten(fallback)}\"";
                }
                return _window.Any(IsMainMenu) ? "HelpBot showed the main menu again" : null;
            case ExpectKind.CodeSent:
                return await WaitForCodeAsync(TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false) ? null : "no SafeCode was sent";
            case ExpectKind.NoCodeSent:
                return await WaitForCodeAsync(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false) ? "a SafeCode was sent" : null;
            case ExpectKind.AccountUnlocked or ExpectKind.AccountLocked:
                var account = await _app.Services.GetRequiredService<IAccountDirectory>().FindAsync(expect.Username!, cancellationToken).ConfigureAwait(false);
                if (account is null)
                {
                    return $"{expect.Username} is not in the demo directory";
                }
                return account.IsLocked == (expect.Kind == ExpectKind.AccountLocked) ? null : $"{expect.Username} is {(account.IsLocked ? "still locked" : "not locked")}";
            case ExpectKind.Password:
                return await _app.Services.GetRequiredService<IAccountDirectory>().CheckPasswordAsync(expect.Username!, expect.Texts[0], cancellationToken).ConfigureAwait(false)
                    ? null
                    : $"that password does not sign {expect.Username} in";
            case ExpectKind.ResetLink:
                return _window.Any(r => ResetLinkIn(r) is not null) ? null : "HelpBot gave no link to set a new password";
            case ExpectKind.NoResetLink:
                return _window.Any(r => ResetLinkIn(r) is not null) ? "HelpBot gave a link to set a new password" : null;
            case ExpectKind.Person or ExpectKind.NoPerson:
                var escalation = await _app.Services.GetRequiredService<HandoffService>().LiveEscalationAsync(_all.FirstOrDefault()?.Conversation.Id ?? "", cancellationToken).ConfigureAwait(false);
                return (escalation is not null) == (expect.Kind == ExpectKind.Person)
                    ? null
                    : escalation is null ? "no request for a person is open" : "a request for a person is open";
            default:
                return $"unknown expectation {expect.Kind}";
        }
    }

    private async Task<string?> ResetAsync(string newPassword, CancellationToken cancellationToken)
    {
        if (_resetLink is null)
        {
            return "HelpBot gave no link to open";
        }
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var browser = new HttpClient { BaseAddress = new Uri(address) };
        var path = new Uri(_resetLink.PathAndQuery, UriKind.Relative);
        using var page = await browser.GetAsync(path, cancellationToken).ConfigureAwait(false);
        if (!page.IsSuccessStatusCode)
        {
            return $"the reset page answered {(int)page.StatusCode}";
        }
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["password"] = newPassword, ["confirm"] = newPassword });
        using var set = await browser.PostAsync(path, form, cancellationToken).ConfigureAwait(false);
        return set.IsSuccessStatusCode ? null : $"the reset page refused the password ({(int)set.StatusCode})";
    }

    private async Task<string?> NewestSafeCodeAsync(CancellationToken cancellationToken)
    {
        await DeliveredAsync(cancellationToken).ConfigureAwait(false);
        // Delivery is a background queue: give a code the last message asked for a moment to arrive, as a phone would;
        // otherwise the newest code sent earlier in the conversation.
        if (!await WaitForCodeAsync(TimeSpan.FromSeconds(1.5), cancellationToken).ConfigureAwait(false))
        {
            await WaitForCodeAsync(TimeSpan.FromSeconds(1), cancellationToken, since: 0).ConfigureAwait(false);
        }
        return ReadOutbox().Select(m => SixDigits().Match((string?)m["text"] ?? "")).LastOrDefault(m => m.Success)?.Value;
    }

    /// <summary>Until every queued message is in the outbox (delivery is a background queue, slower on a busy machine).</summary>
    private async Task DeliveredAsync(CancellationToken cancellationToken)
    {
        var queue = _app.Services.GetRequiredService<HelpBot.Dialogs.Messaging.OutboundMessages>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var count = -1;
        while (DateTime.UtcNow < deadline)
        {
            var now = ReadOutbox().Count;
            if (queue.Pending == 0 && now == count)
            {
                return;
            }
            count = now;
            await Task.Delay(30, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> WaitForCodeAsync(TimeSpan timeout, CancellationToken cancellationToken, int? since = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (ReadOutbox().Skip(since ?? _outboxSeen).Any(m => SixDigits().IsMatch((string?)m["text"] ?? "")))
            {
                return true;
            }
            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }
            await Task.Delay(25, cancellationToken).ConfigureAwait(false);
        }
    }

    private List<JsonObject> ReadOutbox()
    {
        var path = Path.Combine(_dataDirectory, "outbox.jsonl");
        if (!System.IO.File.Exists(path))
        {
            return [];
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        return text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
    }

    private sealed record Button(string Title, Activity? Activity);

    /// <summary>The newest button with the label: this turn's first, then the cards still on screen (suggested actions vanish after the next message).</summary>
    private Button? FindButton(string label) =>
        VisibleButtons().FirstOrDefault(b => Normalize(b.Title).Contains(Normalize(label), StringComparison.Ordinal));

    private IEnumerable<Button> VisibleButtons() =>
        _window.AsEnumerable().Reverse().SelectMany(ButtonsOf)
            .Concat(_all.Except(_window).Reverse().SelectMany(a => ButtonsOf(a).Where(b => b.Activity is not { Text: not null, Value: null } || a.Attachments?.Count > 0)));

    private static IEnumerable<Button> ButtonsOf(Activity activity)
    {
        foreach (var action in activity.SuggestedActions?.Actions ?? [])
        {
            yield return CardActionButton(action);
        }
        foreach (var attachment in activity.Attachments ?? [])
        {
            var content = attachment.Content is JToken token ? token : attachment.Content is null ? null : JToken.FromObject(attachment.Content);
            if (content is null)
            {
                continue;
            }
            foreach (var button in content.SelectTokens("$..buttons[*]").OfType<JObject>())
            {
                yield return CardActionButton(button.ToObject<CardAction>()!);
            }
            foreach (var action in content.SelectTokens("$..actions[*]").OfType<JObject>())
            {
                var type = (string?)action["type"];
                var title = (string?)action["title"] ?? "";
                if (type == "Action.Submit" || type == "Action.Execute")
                {
                    var data = action["data"];
                    yield return data?["msteams"] is JObject { } teams && (string?)teams["type"] == "imBack"
                        ? new Button(title, MessageActivity((string?)teams["value"] ?? title))
                        : new Button(title, new Activity { Type = ActivityTypes.Message, Value = data ?? new JObject() });
                }
                else if (type == "Action.OpenUrl")
                {
                    yield return new Button(title, null);
                }
            }
        }
    }

    private static Button CardActionButton(CardAction action) => action.Type switch
    {
        ActionTypes.OpenUrl or ActionTypes.Signin or ActionTypes.Call => new Button(action.Title ?? "", null),
        ActionTypes.MessageBack => new Button(action.Title ?? "", new Activity { Type = ActivityTypes.Message, Text = action.Text ?? action.DisplayText, Value = action.Value }),
        ActionTypes.PostBack when action.Value is not string => new Button(action.Title ?? "", new Activity { Type = ActivityTypes.Message, Value = action.Value }),
        _ => new Button(action.Title ?? "", MessageActivity(action.Value as string ?? action.Title ?? "")),
    };

    private static bool IsMainMenu(Activity activity) =>
        activity.Attachments?.Any(a => a.Content is JToken card && card.SelectTokens("$..data.action").Any(t => (string?)t == HelpBot.Cards.WelcomeCard.Payload.ActionName)) == true;

    private static Uri? ResetLinkIn(Activity activity)
    {
        var match = ResetUrl().Match(Newtonsoft.Json.JsonConvert.SerializeObject(activity));
        return match.Success ? new Uri(match.Value) : null;
    }

    /// <summary>All a person reads in a reply: its text, and the words on its card and buttons.</summary>
    private static string TextOf(Activity activity)
    {
        var parts = new List<string> { activity.Text ?? "" };
        foreach (var attachment in activity.Attachments ?? [])
        {
            if (attachment.Content is JToken card)
            {
                parts.AddRange(card.SelectTokens("$..*").OfType<JValue>().Where(v => v.Type == JTokenType.String && v.Path.Split('.').Last() is "text" or "title" or "value" or "subtitle").Select(v => (string)v!));
            }
            else if (attachment.Content is not null)
            {
                parts.Add(Newtonsoft.Json.JsonConvert.SerializeObject(attachment.Content));
            }
        }
        parts.AddRange(activity.SuggestedActions?.Actions?.Select(a => a.Title ?? "") ?? []);
        return Normalize(string.Join(" \n ", parts));
    }

    private static string Describe(Activity activity)
    {
        var text = TextOf(activity);
        var buttons = ButtonsOf(activity).Select(b => $"[{b.Title}]").ToList();
        return Shorten(text, 240) + (buttons.Count > 0 ? " " + string.Join(" ", buttons) : "");
    }

    /// <summary>Case, spacing, typographic quotes and dashes, and Markdown emphasis do not matter.</summary>
    internal static string Normalize(string text) =>
        Spaces().Replace(text.ToLowerInvariant().Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u201c', '"').Replace('\u201d', '"')
            .Replace('\u2013', '-').Replace('\u2011', '-').Replace('\u2014', '-').Replace("**", "", StringComparison.Ordinal), " ").Trim();

    private static string Shorten(string text, int length = 160) => text.Length <= length ? text : text[..length] + "…";

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();

    [GeneratedRegex(@"https?://[^\s""'()<>\]]+/reset/[A-Za-z0-9_\-]+")]
    private static partial Regex ResetUrl();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        try
        {
            System.IO.Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
