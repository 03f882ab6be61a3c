using System.Globalization;
using System.Text.RegularExpressions;

namespace HelpBot.Bot.Cli.Conversations;

/// <summary>
/// One scripted conversation of the conversation test set (tests/conversations/README.md): who is talking, on which
/// channel, what they type and tap, and what they must get.
/// </summary>
public sealed record ConversationScript(string Id, string File, int Line, string Channel, string? As, int? Budget, IReadOnlyList<ScriptStep> Steps)
{
    public const string WebChat = "webchat";
    public const string Teams = "teams";

    /// <summary>The user messages (typed or tapped) the script sends.</summary>
    public int UserMessages => Steps.Count(s => s is UserSays or Tap);
}

/// <summary>A line of a script, with where it is for messages.</summary>
public abstract record ScriptStep(int Line, string Source);

/// <summary><c>user: TEXT</c>; <c>{code}</c> stands for the newest SafeCode sent.</summary>
public sealed record UserSays(int Line, string Source, string Text) : ScriptStep(Line, Source);

/// <summary><c>tap: LABEL</c>.</summary>
public sealed record Tap(int Line, string Source, string Label) : ScriptStep(Line, Source);

/// <summary><c>reset: NEW-PASSWORD</c>: the newest reset link, opened and used.</summary>
public sealed record ResetOnPage(int Line, string Source, string NewPassword) : ScriptStep(Line, Source);

/// <summary><c>expect: …</c>.</summary>
public sealed record Expect(int Line, string Source, ExpectKind Kind, IReadOnlyList<string> Texts, string? Username = null) : ScriptStep(Line, Source);

public enum ExpectKind
{
    Says,
    NotSays,
    Offers,
    NoFallback,
    CodeSent,
    NoCodeSent,
    AccountUnlocked,
    AccountLocked,
    Password,
    ResetLink,
    NoResetLink,
    Person,
    NoPerson,
}

/// <summary>Reads the conversation files; a line it cannot read is a <see cref="FormatException"/> naming the file and line.</summary>
public static partial class ConversationScriptReader
{
    public static IReadOnlyList<ConversationScript> ReadPath(string path)
    {
        var files = System.IO.Directory.Exists(path)
            ? System.IO.Directory.GetFiles(path, "*.txt").Order(StringComparer.Ordinal).ToArray()
            : [path];
        return files.SelectMany(f => Read(System.IO.File.ReadAllLines(f), Path.GetFileName(f))).ToList();
    }

    public static IReadOnlyList<ConversationScript> Read(IReadOnlyList<string> lines, string file)
    {
        var scripts = new List<ConversationScript>();
        Builder? current = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var number = i + 1;
            var line = lines[i].Trim();
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    scripts.Add(current.Build());
                }
                current = new Builder(line[3..].Trim(), file, number);
                continue;
            }
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (current is null)
            {
                throw Error(file, number, "a conversation starts with a line '## id' before anything else");
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                throw Error(file, number, $"'{line}' is not 'keyword: value'");
            }
            var keyword = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            switch (keyword)
            {
                case "channel" when value is ConversationScript.WebChat or ConversationScript.Teams:
                    current.Channel = value;
                    break;
                case "channel":
                    throw Error(file, number, $"channel is '{value}'; use webchat or teams");
                case "as":
                    current.As = value;
                    break;
                case "budget" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var budget) && budget > 0:
                    current.Budget = budget;
                    break;
                case "budget":
                    throw Error(file, number, $"budget is '{value}'; use a whole number of user messages");
                case "user" when value.Length > 0:
                    current.Steps.Add(new UserSays(number, line, value));
                    break;
                case "tap" when value.Length > 0:
                    current.Steps.Add(new Tap(number, line, Unquote(value)));
                    break;
                case "reset" when value.Length > 0:
                    current.Steps.Add(new ResetOnPage(number, line, Unquote(value)));
                    break;
                case "expect":
                    current.Steps.Add(ParseExpect(value, number, line) ?? throw Error(file, number, $"'expect: {value}' is not one of the expectations in tests/conversations/README.md"));
                    break;
                default:
                    throw Error(file, number, $"'{keyword}:' is not a keyword (channel, as, budget, user, tap, reset, expect), or its value is empty");
            }
        }
        if (current is not null)
        {
            scripts.Add(current.Build());
        }
        var duplicate = scripts.GroupBy(s => s.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? scripts : throw Error(file, duplicate.Last().Line, $"the id '{duplicate.Key}' is used twice");
    }

    private static Expect? ParseExpect(string value, int line, string source)
    {
        var lower = value.ToLowerInvariant();
        var quoted = Quoted().Matches(value).Select(m => m.Groups[1].Value).ToList();
        if (lower.StartsWith("says ", StringComparison.Ordinal) && quoted.Count > 0)
        {
            return new Expect(line, source, ExpectKind.Says, quoted);
        }
        if (lower.StartsWith("not says ", StringComparison.Ordinal) && quoted.Count > 0)
        {
            return new Expect(line, source, ExpectKind.NotSays, quoted);
        }
        if (lower.StartsWith("offers ", StringComparison.Ordinal) && quoted.Count > 0)
        {
            return new Expect(line, source, ExpectKind.Offers, quoted);
        }
        if (lower.StartsWith("password ", StringComparison.Ordinal) && quoted.Count == 1)
        {
            var username = value["password ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            return new Expect(line, source, ExpectKind.Password, quoted, username);
        }
        var words = lower.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words switch
        {
            ["no", "fallback"] => new Expect(line, source, ExpectKind.NoFallback, []),
            ["code", "sent"] => new Expect(line, source, ExpectKind.CodeSent, []),
            ["no", "code", "sent"] => new Expect(line, source, ExpectKind.NoCodeSent, []),
            ["reset", "link"] => new Expect(line, source, ExpectKind.ResetLink, []),
            ["no", "reset", "link"] => new Expect(line, source, ExpectKind.NoResetLink, []),
            ["person"] => new Expect(line, source, ExpectKind.Person, []),
            ["no", "person"] => new Expect(line, source, ExpectKind.NoPerson, []),
            ["account", var user, "unlocked"] => new Expect(line, source, ExpectKind.AccountUnlocked, [], user),
            ["account", var user, "locked"] => new Expect(line, source, ExpectKind.AccountLocked, [], user),
            _ => null,
        };
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    private static FormatException Error(string file, int line, string message) => new($"{file}:{line}: {message}");

    [GeneratedRegex("\"([^\"]*)\"")]
    private static partial Regex Quoted();

    private sealed class Builder(string id, string file, int line)
    {
        public string Channel { get; set; } = ConversationScript.WebChat;

        public string? As { get; set; }

        public int? Budget { get; set; }

        public List<ScriptStep> Steps { get; } = [];

        public ConversationScript Build()
        {
            if (As is not null && Channel != ConversationScript.Teams)
            {
                throw Error(file, line, $"'{id}' says 'as: {As}', which only a Teams user can be (add 'channel: teams')");
            }
            return Steps.Any(s => s is UserSays or Tap)
                ? new ConversationScript(id, file, line, Channel, As, Budget, Steps)
                : throw Error(file, line, $"'{id}' has no user: or tap: line");
        }
    }
}
