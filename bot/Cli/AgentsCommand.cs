using HelpBot.Bot.AgentConsole;
using HelpBot.Bot.Hosting;
using HelpBot.Bot.Storage;
using HelpBot.Bot.Storage.Postgres;
using LiteDB;
using Npgsql;

namespace HelpBot.Bot.Cli;

/// <summary>
/// <c>dotnet run --project bot -- agents …</c>: manage the console's local agent accounts (AgentConsole:Authentication
/// = Local) where the bot keeps them, found through the same configuration (appsettings, environment,
/// <c>--Storage:Path</c>): the LiteDB file (stop the bot first: it holds the file while it runs, Storage:Connection =
/// Direct), or with <c>Storage:Provider=Postgres</c> the PostgreSQL database (the instances may keep running).
/// The password is read from standard input, never from the command line (shell history, process lists).
/// </summary>
public static class AgentsCommand
{
    private const string Usage = """
        usage: agents add USERNAME [--name "Display Name"]   add an agent, or set a new password (also clears a lockout);
                                                            the password is read from standard input (twice when typed)
               agents list                                  the agents and whether each is the demo agent
               agents remove USERNAME
        Configuration options such as --Storage:Path data/helpbot.db may follow.
        """;

    public static int Run(IReadOnlyList<string> args, TextReader input, TextWriter output, TextWriter error, bool interactive)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var (command, configArgs) = Split(args);
        try
        {
            return command switch
            {
                ["add", var username] => Add(configArgs, username, username, input, output, error, interactive),
                ["add", var username, "--name", var name] => Add(configArgs, username, name, input, output, error, interactive),
                ["list"] => WithAgents(configArgs, agents =>
                {
                    foreach (var agent in agents.List())
                    {
                        output.WriteLine($"{agent.Username}\t{agent.DisplayName}{(agent.IsDemo ? "\t(demo agent)" : "")}");
                    }
                    return 0;
                }),
                ["remove", var username] => WithAgents(configArgs, agents =>
                {
                    if (agents.Remove(username))
                    {
                        output.WriteLine($"Removed agent {AgentAccounts.Normalize(username)}.");
                        return 0;
                    }
                    error.WriteLine($"agents: there is no agent {username}.");
                    return 1;
                }),
                _ => UsageError(error),
            };
        }
        catch (Exception ex) when (ex is IOException or LiteException or ArgumentException or UnauthorizedAccessException)
        {
            error.WriteLine($"agents: {ex.Message}");
            return 1;
        }
    }

    private static int Add(string[] configArgs, string username, string name, TextReader input, TextWriter output, TextWriter error, bool interactive)
    {
        if (!AgentAccounts.IsValidUsername(username))
        {
            error.WriteLine("agents: use letters, digits, '.', '-' or '_' (at most 64) for the username.");
            return 1;
        }
        string? password;
        if (interactive)
        {
            password = ReadHidden($"Password for {username} (at least {AgentAccounts.MinimumPasswordLength} characters): ", output);
            if (ReadHidden("Type it again: ", output) != password)
            {
                error.WriteLine("agents: the two passwords differ; nothing was changed.");
                return 1;
            }
        }
        else
        {
            password = input.ReadLine();
        }
        if (string.IsNullOrEmpty(password) || password.Length < AgentAccounts.MinimumPasswordLength)
        {
            error.WriteLine($"agents: the password needs at least {AgentAccounts.MinimumPasswordLength} characters; nothing was changed.");
            return 1;
        }
        return WithAgents(configArgs, agents =>
        {
            var existed = agents.Find(username) is not null;
            var agent = agents.AddOrUpdate(username, name, password);
            output.WriteLine(existed ? $"Set a new password for agent {agent.Username}." : $"Added agent {agent.Username} ({agent.DisplayName}).");
            return 0;
        });
    }

    private static int WithAgents(string[] configArgs, Func<IAgentAccounts, int> action)
    {
        // The host's own configuration, so the file is the one the bot opens.
        var builder = WebApplication.CreateBuilder(configArgs);
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        if (StorageSetup.IsPostgres(storage))
        {
            using var dataSource = NpgsqlDataSource.Create(storage.Postgres);
            PostgresSchema.MigrateAsync(dataSource).GetAwaiter().GetResult();
            return action(new PostgresAgentAccounts(dataSource, TimeProvider.System));
        }
        var path = StorageSetup.ResolvePath(builder.Environment.ContentRootPath, storage.Path);
        using var database = new HelpBotDatabase(path);
        return action(new LiteDbAgentAccounts(database, TimeProvider.System));
    }

    private static string ReadHidden(string prompt, TextWriter output)
    {
        output.Write(prompt);
        var text = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                output.WriteLine();
                return text.ToString();
            }
            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
                continue;
            }
            text.Append(key.KeyChar);
        }
    }

    /// <summary>The command words, then configuration switches (<c>--Key value</c>) for the host's configuration.</summary>
    private static (string[] Command, string[] Config) Split(IReadOnlyList<string> args)
    {
        var command = new List<string>();
        var config = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--name" && i + 1 < args.Count)
            {
                command.Add(args[i]);
                command.Add(args[++i]);
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                config.Add(args[i]);
                if (!args[i].Contains('=', StringComparison.Ordinal) && i + 1 < args.Count)
                {
                    config.Add(args[++i]);
                }
            }
            else
            {
                command.Add(args[i]);
            }
        }
        return (command.ToArray(), config.ToArray());
    }

    private static int UsageError(TextWriter error)
    {
        error.WriteLine(Usage);
        return 2;
    }
}
