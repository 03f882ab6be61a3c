using HelpBot.Dialogs.Recognition;
using HelpBot.Dialogs.SafeCode;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HelpBot.Dialogs.Knowledge;

/// <summary>The answers from the knowledge file (whom to contact, how things work) and the "contact an office" flow.</summary>
public static class KnowledgeSetup
{
    public static IServiceCollection AddKnowledge(this IServiceCollection services)
    {
        services.AddSingleton(sp => KnowledgeBase.LoadEmbedded(sp.GetService<IOptions<SafeCodeOptions>>()?.Value.Lifetime));
        services.AddSingleton(sp => new FlowRoute(Intents.ContactOffice, new ContactOfficeDialog(sp.GetRequiredService<KnowledgeBase>(), sp.GetService<HelpBot.Dialogs.Accounts.IAccountDirectory>())));
        return services;
    }
}
