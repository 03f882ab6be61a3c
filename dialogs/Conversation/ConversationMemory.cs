using System.Text.Json.Nodes;
using HelpBot.Dialogs.Engine;

namespace HelpBot.Dialogs.Conversation;

/// <summary>
/// What this conversation remembers across flows, kept in the root dialog's state (MainDialog's, so it is saved and
/// redacted with the conversation): who verified with a SafeCode, when, and by which channel. Within
/// <see cref="VerifiedFor"/> a second task for the same account ("reset my password too") needs no second code.
/// </summary>
public static class ConversationMemory
{
    /// <summary>How long one SafeCode verification serves further tasks in the same conversation.</summary>
    public static readonly TimeSpan VerifiedFor = TimeSpan.FromMinutes(10);

    private const string Key = "memory";
    private const string UsernameKey = "verifiedUsername";
    private const string AtKey = "verifiedAt";
    private const string ChannelKey = "verifiedChannel";
    private const string NamedKey = "namedUsername";
    private const string NamedAtKey = "namedAt";

    /// <summary>A verification still fresh in this conversation.</summary>
    public sealed record Verification(string Username, DateTimeOffset At, string? Channel);

    public static void RememberVerified(DialogContext dc, string username, DateTimeOffset at, string? channel)
    {
        var memory = Of(dc);
        if (memory is null)
        {
            return;
        }
        memory[UsernameKey] = username;
        memory[AtKey] = at.ToUnixTimeSeconds();
        memory[ChannelKey] = channel;
    }

    /// <summary>The verification made in this conversation less than <see cref="VerifiedFor"/> ago, if any.</summary>
    public static Verification? RecentlyVerified(DialogContext dc, DateTimeOffset now)
    {
        if (Of(dc) is not { } memory || StateJson.GetString(memory[UsernameKey]) is not { } username || memory[AtKey] is not JsonValue at
            || !at.TryGetValue<long>(out var seconds))
        {
            return null;
        }
        var when = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return now - when < VerifiedFor && now >= when ? new Verification(username, when, StateJson.GetString(memory[ChannelKey])) : null;
    }

    /// <summary>
    /// "username jsmith password … why won't it let me in", answered without a flow: the username the person named, so
    /// "ok just text me a code to unlock it" next needn't ask for it again. It is what they typed, used as if typed again
    /// (identified the same way, R1), and only once.
    /// </summary>
    public static void RememberNamed(DialogContext dc, string username, DateTimeOffset at)
    {
        if (Of(dc) is { } memory)
        {
            memory[NamedKey] = username;
            memory[NamedAtKey] = at.ToUnixTimeSeconds();
        }
    }

    /// <summary>The username named in this conversation less than <see cref="VerifiedFor"/> ago, if any; forgotten once taken.</summary>
    public static string? TakeNamed(DialogContext dc, DateTimeOffset now)
    {
        if (Of(dc) is not { } memory || StateJson.GetString(memory[NamedKey]) is not { } username || memory[NamedAtKey] is not JsonValue at
            || !at.TryGetValue<long>(out var seconds))
        {
            return null;
        }
        Forget(memory);
        var when = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return now - when < VerifiedFor && now >= when ? username : null;
    }

    /// <summary>Forgets a named username (a flow identified the account another way).</summary>
    public static void ForgetNamed(DialogContext dc)
    {
        if (Of(dc) is { } memory)
        {
            Forget(memory);
        }
    }

    private static void Forget(JsonObject memory)
    {
        memory.Remove(NamedKey);
        memory.Remove(NamedAtKey);
    }

    private static JsonObject? Of(DialogContext dc)
    {
        var root = dc;
        while (root.Parent is { } parent)
        {
            root = parent;
        }
        if (root.ActiveDialog is not { } main)
        {
            return null;
        }
        return main.State[Key] as JsonObject ?? (JsonObject)(main.State[Key] = new JsonObject());
    }
}
