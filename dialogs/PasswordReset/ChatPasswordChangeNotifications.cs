using HelpBot.Cards;
using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Knowledge;
using HelpBot.Dialogs.Messaging;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace HelpBot.Dialogs.PasswordReset;

/// <summary>
/// Posts the change into the conversation the link was issued in: the time, how to report it if it was not the user,
/// and the device checklist (knowledge answer <c>device_lockouts</c>), because one device with the old password saved
/// locks the new one out again. Never the password (R3).
/// </summary>
public sealed class ChatPasswordChangeNotifications(IProactiveMessenger messenger, KnowledgeBase knowledge, IOptions<PasswordResetOptions> options)
    : IPasswordChangeNotifications
{
    public const string DeviceChecklistId = "device_lockouts";

    public async Task PasswordChangedAsync(string username, ConversationReference conversation, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await messenger.SendAsync(conversation, MessageFactory.Text(ChangedText(at, ZoneOf(options.Value.TimeZone))), cancellationToken).ConfigureAwait(false);

        var checklist = KnowledgeCard.Build(knowledge.Get(DeviceChecklistId)).ToMessage();
        await messenger.SendAsync(conversation, checklist, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>"Your password was changed at 2:02 PM Eastern time." The zone is named, as in the texts and e-mails.</summary>
    public static string ChangedText(DateTimeOffset at, TimeZoneInfo zone) =>
        $"Your password was changed at {LocalTime.Clock(at, zone)}. " +
        "If you didn't do this, call the HMS IT Service Desk at 617-432-2000 right away.";

    /// <summary>The configured zone; the host validates it at start-up, so UTC here is only a last resort.</summary>
    public static TimeZoneInfo ZoneOf(string? id) => LocalTime.Zone(id);
}
