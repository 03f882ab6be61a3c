using System.Text.Json;
using HelpBot.Dialogs.Messaging;

namespace HelpBot.Bot.Messaging;

/// <summary>
/// The embedded default sender: each message becomes one JSON line <c>{"at","channel","to","text"}</c> in the outbox file,
/// where a demo or a test reads it. The log says a message was queued and to whom (masked), never what it says.
/// </summary>
public sealed class OutboxFileSender : IMessageSender
{
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxFileSender> _logger;
    private readonly Lock _gate = new();

    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public OutboxFileSender(string path, TimeProvider time, ILogger<OutboxFileSender> logger)
    {
        _path = Path.GetFullPath(path);
        _time = time;
        _logger = logger;
        var folder = Path.GetDirectoryName(_path)!;
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(folder);
        }
        else
        {
            // The outbox holds SafeCodes and guest keys: readable by HelpBot's account only, like the database.
            System.IO.Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string FilePath => _path;

    public Task SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var line = JsonSerializer.Serialize(new OutboxLine(_time.GetUtcNow(), message.Channel == MessageChannel.Text ? "text" : "email", message.To, message.Text)) + "\n";
        // One writer at a time, so concurrent messages never interleave within a line.
        lock (_gate)
        {
            using var file = new FileStream(_path, OperatingSystem.IsWindows()
                ? new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite }
                : new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite, UnixCreateMode = PrivateFile });
            file.Write(System.Text.Encoding.UTF8.GetBytes(line));
        }
        _logger.LogInformation("Outbox: queued a {Channel} message to {Destination}",
            message.Channel == MessageChannel.Text ? "text" : "email", Mask.Destination(message.Channel, message.To));
        return Task.CompletedTask;
    }

    private sealed record OutboxLine(
        [property: System.Text.Json.Serialization.JsonPropertyName("at")] DateTimeOffset At,
        [property: System.Text.Json.Serialization.JsonPropertyName("channel")] string Channel,
        [property: System.Text.Json.Serialization.JsonPropertyName("to")] string To,
        [property: System.Text.Json.Serialization.JsonPropertyName("text")] string Text);
}
