using HelpBot.Bot.Hosting;
using HelpBot.Bot.Storage.Postgres;
using LiteDB;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HelpBot.Bot.Storage;

/// <summary>Chooses the IStorage behind bot state: the embedded LiteDB file by default (docs/architecture.md, decision 6).</summary>
public static class StorageSetup
{
    public static IServiceCollection AddHelpBotStorage(this IServiceCollection services)
    {
        // One database per process, opened at start-up (so a bad path or a file held by another process fails the
        // start, not the first message) and disposed with the host, which releases the file for the next host.
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (IsMemory(options))
            {
                // Throwaway mode: HelpBot's own stores still get a LiteDB database, only it never touches the disk.
                return new HelpBotDatabase(HelpBotDatabase.InMemory);
            }
            var env = sp.GetRequiredService<IHostEnvironment>();
            return new HelpBotDatabase(ResolvePath(env.ContentRootPath, options.Path), ConnectionTypeOf(options));
        });
        services.AddSingleton<IStorage>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (IsMemory(options))
            {
                return new MemoryStorage();
            }
            if (IsPostgres(options))
            {
                return new PostgresStorage(MigratedPostgres(sp));
            }
            return new LiteDbStorage(sp.GetRequiredService<HelpBotDatabase>());
        });
        // One pool of connections per process, disposed with the host; the schema is created or migrated when it is
        // first used (the stores are resolved at start, see OpenDatabaseOnStart).
        services.AddSingleton(sp => new MigratedDataSource(PostgresDataSource(sp.GetRequiredService<IOptions<StorageOptions>>().Value.Postgres)));
        services.AddHostedService<OpenDatabaseOnStart>();
        services.AddSingleton(KeyRing.Create);
        services.AddDataRetention();
        return services;
    }

    public static string ResolvePath(string contentRoot, string path) =>
        System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.GetFullPath(System.IO.Path.Combine(contentRoot, path));

    /// <summary>Whether HelpBot's shared records go to PostgreSQL (<c>Storage:Provider=Postgres</c>).</summary>
    public static bool UsesPostgres(IServiceProvider services) =>
        IsPostgres(services.GetRequiredService<IOptions<StorageOptions>>().Value);

    /// <summary>The PostgreSQL data source, its schema created or migrated on first use.</summary>
    public static NpgsqlDataSource MigratedPostgres(IServiceProvider services) =>
        services.GetRequiredService<MigratedDataSource>().DataSource;

    /// <summary>
    /// The pool for <paramref name="connectionString"/>. HelpBot keeps no session state on a connection (no SET, LISTEN,
    /// temporary table or session lock), so a connection going back to the pool is not reset (no DISCARD ALL, one round
    /// trip and a plan-cache flush each time); and statements used again and again are prepared on each connection, so
    /// PostgreSQL parses and plans them once. Either can be set otherwise in the connection string.
    /// </summary>
    internal static NpgsqlDataSource PostgresDataSource(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (!HasSetting(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            settings.NoResetOnClose = true;
        }
        if (!HasSetting(connectionString, "Max Auto Prepare", "MaxAutoPrepare"))
        {
            settings.MaxAutoPrepare = 64;
        }
        return NpgsqlDataSource.Create(settings.ConnectionString);
    }

    private static bool HasSetting(string connectionString, params string[] names) =>
        connectionString.Split(';').Select(part => part.Split('=')[0].Trim())
            .Any(key => names.Any(name => string.Equals(key, name, StringComparison.OrdinalIgnoreCase)));

    private sealed class MigratedDataSource(NpgsqlDataSource dataSource) : IDisposable
    {
        private readonly Lazy<NpgsqlDataSource> _migrated = new(() =>
        {
            PostgresSchema.MigrateAsync(dataSource).GetAwaiter().GetResult();
            return dataSource;
        });

        public NpgsqlDataSource DataSource => _migrated.Value;

        public void Dispose() => dataSource.Dispose();
    }

    internal static bool IsPostgres(StorageOptions options) =>
        string.Equals(options.Provider, "Postgres", StringComparison.OrdinalIgnoreCase);

    private static bool IsMemory(StorageOptions options) =>
        string.Equals(options.Provider, "Memory", StringComparison.OrdinalIgnoreCase);

    private static ConnectionType ConnectionTypeOf(StorageOptions options) =>
        string.Equals(options.Connection, "Shared", StringComparison.OrdinalIgnoreCase) ? ConnectionType.Shared : ConnectionType.Direct;

    private sealed class OpenDatabaseOnStart(HelpBotDatabase database, IStorage state, IOptions<StorageOptions> storage, IOptions<Scale.ScaleOptions> scale, ILogger<HelpBotDatabase> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            // What an operator of several instances checks first: which database and which Redis (never a password).
            if (IsPostgres(storage.Value))
            {
                var postgres = new NpgsqlConnectionStringBuilder(storage.Value.Postgres);
                logger.LogInformation("HelpBot data is in PostgreSQL at {Host}:{Port}, database {Database} as {Username} (schema version {SchemaVersion}, created or migrated at start); this instance's own files beside {DatabasePath}",
                    postgres.Host, postgres.Port, postgres.Database, postgres.Username, PostgresSchema.Version, database.Path);
            }
            else
            {
                logger.LogInformation("HelpBot data is in {DatabasePath}; conversation state in {StateStore}", database.Path, state.GetType().Name);
            }
            if (!string.IsNullOrWhiteSpace(scale.Value.Redis))
            {
                var redis = StackExchange.Redis.ConfigurationOptions.Parse(scale.Value.Redis);
                logger.LogInformation("Shared with the other instances through Redis at {RedisEndpoints}: rate limits, turn leases ({TurnLeaseSeconds} s), Web Chat streams and the agent console",
                    string.Join(", ", redis.EndPoints.Select(e => e.ToString())), scale.Value.TurnLeaseSeconds);
            }
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
