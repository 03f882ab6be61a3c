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
    TimeProvider Time);
