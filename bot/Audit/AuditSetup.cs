using HelpBot.Bot.Storage;
using HelpBot.Dialogs.Audit;

namespace HelpBot.Bot.Audit;

public static class AuditSetup
{
    /// <summary>The audit log: in the LiteDB file, or with <c>Storage:Provider=Postgres</c> in PostgreSQL, one log for every instance.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services) =>
        services.AddSingleton<IAuditLog>(sp => StorageSetup.UsesPostgres(sp)
                ? new HelpBot.Bot.Storage.Postgres.PostgresAuditLog(StorageSetup.MigratedPostgres(sp))
                : ActivatorUtilities.CreateInstance<LiteDbAuditLog>(sp))
            .AddRetained<IAuditLog>();
}
