using HelpBot.Dialogs.Audit;
using HelpBot.Dialogs.Knowledge;
using HelpBot.Dialogs.Messaging;
using HelpBot.Dialogs.PasswordReset;
using HelpBot.Dialogs.SafeCode;

namespace HelpBot.Dialogs.Accounts;

/// <summary>What the account flows call, in one bundle so each flow's constructor stays short.</summary>
public sealed record AccountFlowServices(
    IAccountDirectory Directory,
    ISafeCodeService SafeCodes,
    IAccountNotifier Notifier,
    IAuditLog Audit,
    IResetLinks ResetLinks,
    IOutboundMessages Outbound,
    KnowledgeBase Knowledge,
    TimeProvider Time,
    Microsoft.Extensions.Options.IOptions<AccountFlowOptions> Options);

/// <summary>How the account flows behave while the directory is slow (bound from <c>Directory</c> by the host).</summary>
public sealed class AccountFlowOptions
{
    /// <summary>
    /// When a turn of an account flow has waited this long (on a slow directory), the person sees the typing indicator
    /// and "still working" instead of silence. 0 turns it off.
    /// </summary>
    public int StillWorkingAfterSeconds { get; set; } = 4;
}
