using HelpBot.Bot.Storage;
using HelpBot.Dialogs.Audit;

namespace HelpBot.Bot.Audit;

public static class AuditSetup
{
    public static IServiceCollection AddAudit(this IServiceCollection services) =>
        services.AddSingleton<IAuditLog, LiteDbAuditLog>()
            .AddRetained<IAuditLog>();
}
