using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Recognition;
using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Dialogs.PasswordReset;

/// <summary>The password flows: forgotten or expired, change, and "expiring soon". The host adds the reset page and links.</summary>
public static class PasswordResetDialogsSetup
{
    public static IServiceCollection AddPasswordResetDialogs(this IServiceCollection services)
    {
        // The change flow is also the last step of "expiring soon", so it is one instance reachable by both.
        services.AddSingleton(sp => new PasswordResetDialog(PasswordResetDialog.ChangeId, ResetReason.Change, sp.GetRequiredService<AccountFlowServices>()));
        services.AddSingleton(sp => new FlowRoute(Intents.ForgotPassword, new PasswordResetDialog(PasswordResetDialog.ForgotId, ResetReason.Forgotten, sp.GetRequiredService<AccountFlowServices>())));
        services.AddSingleton(sp => new FlowRoute(Intents.ChangePassword, sp.GetRequiredService<PasswordResetDialog>()));
        services.AddSingleton(sp => new FlowRoute(Intents.PasswordExpiring, new PasswordExpiringDialog(sp.GetRequiredService<AccountFlowServices>(), sp.GetRequiredService<PasswordResetDialog>())));
        return services;
    }
}
