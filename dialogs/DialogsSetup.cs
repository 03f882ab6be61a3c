using HelpBot.Dialogs.Accounts;
using HelpBot.Dialogs.Recognition;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HelpBot.Dialogs;

/// <summary>The conversation's core: the recognizer, what the account flows share, and MainDialog. Each flow comes with its feature.</summary>
public static class DialogsSetup
{
    public static IServiceCollection AddHelpBotDialogs(this IServiceCollection services)
    {
        // The recognizer: one thread-safe instance (it is also Bot Framework's IRecognizer, for code that wants that
        // shape). Recognizer:Threshold is bound and validated by the host.
        services.AddOptions<RecognizerOptions>();
        services.AddSingleton(sp => new EmbeddedIntentRecognizer(sp.GetRequiredService<IOptions<RecognizerOptions>>()));
        services.AddHostedService<RecognizerWarmup>();

        // What every account flow uses (the directory, SafeCode, audit …); the flows themselves are registered by their
        // features (AddUnlock, AddPasswordReset …), each a FlowRoute that MainDialog starts by intent. Dialogs are
        // stateless singletons: their per-conversation data lives in the dialog stack.
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AccountFlowOptions>();
        services.AddSingleton<AccountFlowServices>();
        services.AddSingleton<MainDialog>();
        return services;
    }
}
