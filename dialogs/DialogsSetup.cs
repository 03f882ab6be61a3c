using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.GuestKeys;
using HelpBot.Dialogs.HuidLookup;
using HelpBot.Dialogs.Knowledge;
using HelpBot.Dialogs.PasswordReset;
using HelpBot.Dialogs.Registration;
using HelpBot.Dialogs.SafeCode;
using HelpBot.Dialogs.Unlock;
using Microsoft.Extensions.DependencyInjection.Extensions;
using HelpBot.Dialogs.Recognition;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelpBot.Dialogs;

/// <summary>Registers the dialogs and the domain services they call.</summary>
public static class DialogsSetup
{
    public static IServiceCollection AddHelpBotDialogs(this IServiceCollection services)
    {
        // The recognizer: one thread-safe instance, reachable as Bot Framework's IRecognizer and as itself (for
        // TopCandidates and Threshold). Recognizer:Threshold is bound and validated by the host.
        services.AddOptions<RecognizerOptions>();
        services.AddSingleton(sp => new EmbeddedIntentRecognizer(sp.GetRequiredService<IOptions<RecognizerOptions>>()));
        services.AddSingleton<IRecognizer>(sp => sp.GetRequiredService<EmbeddedIntentRecognizer>());
        services.AddHostedService<RecognizerWarmup>();

        // The conversation: knowledge answers, the flows MainDialog starts by intent, and MainDialog itself.
        // Dialogs are stateless singletons (their per-conversation data lives in the dialog stack).
        services.AddSingleton(_ => KnowledgeBase.LoadEmbedded());
        services.AddSingleton(sp => new FlowRoute(Intents.ContactOffice, new ContactOfficeDialog(sp.GetRequiredService<KnowledgeBase>())));

        // The account flows (unlock, reset, change, expiring, HUID): all verify with a SafeCode first.
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AccountFlowServices>();
        services.AddSingleton(sp => new PasswordResetDialog(PasswordResetDialog.ChangeId, ResetReason.Change, sp.GetRequiredService<AccountFlowServices>()));
        services.AddSingleton(sp => new FlowRoute(Intents.UnlockAccount, new UnlockDialog(sp.GetRequiredService<AccountFlowServices>())));
        services.AddSingleton(sp => new FlowRoute(Intents.ForgotPassword, new PasswordResetDialog(PasswordResetDialog.ForgotId, ResetReason.Forgotten, sp.GetRequiredService<AccountFlowServices>())));
        services.AddSingleton(sp => new FlowRoute(Intents.ChangePassword, sp.GetRequiredService<PasswordResetDialog>()));
        services.AddSingleton(sp => new FlowRoute(Intents.PasswordExpiring, new PasswordExpiringDialog(sp.GetRequiredService<AccountFlowServices>(), sp.GetRequiredService<PasswordResetDialog>())));
        services.AddSingleton(sp => new FlowRoute(Intents.HuidLookup, new HuidLookupDialog(sp.GetRequiredService<AccountFlowServices>())));
        // eCommons registration and profile updates (the directory side and their stores are registered by the host).
        services.AddSingleton(sp => new FlowRoute(Intents.ECommonsRegister, new ECommonsRegistrationDialog(sp.GetRequiredService<AccountFlowServices>(),
            sp.GetRequiredService<IAccountRegistration>(), sp.GetRequiredService<IRegistrationRequests>(), sp.GetRequiredService<ISafeCodeStore>(), sp.GetRequiredService<SafeCodeHashKey>())));
        services.AddSingleton(sp => new FlowRoute(Intents.UpdateProfile, new UpdateProfileDialog(sp.GetRequiredService<AccountFlowServices>(), sp.GetRequiredService<IPendingProfileChanges>())));
        // Guest keys: sponsoring (with "my guests") and registering with a key (dialogs/GuestKeys).
        services.AddGuestKeyDialogs();
        services.AddSingleton<MainDialog>();
        return services;
    }
}
