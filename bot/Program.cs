using HelpBot.Bot.Cli;
using HelpBot.Bot.Hosting;

// `dotnet run --project bot -- intents …` is a command line for the recognizer; it never starts the web host.
if (args is ["intents", ..])
{
    return IntentsCommand.Run(args[1..], Console.Out, Console.Error);
}

// `dotnet run --project bot -- teams package …` writes the Teams app package (manifest/build/helpbot.zip).
if (args is ["teams", ..])
{
    return TeamsPackageCommand.Run(args[1..], Console.Out, Console.Error);
}

// `dotnet run --project bot -- conversations run tests/conversations` runs the conversation test set against the real host.
if (args is ["conversations", ..])
{
    return await ConversationsCommand.RunAsync(args[1..], Console.Out, Console.Error);
}

// `dotnet run --project bot -- agents add NAME` manages the agent console's local accounts (password from stdin).
if (args is ["agents", ..])
{
    return AgentsCommand.Run(args[1..], Console.In, Console.Out, Console.Error, interactive: !Console.IsInputRedirected);
}

// The intent model is the slowest thing to load: start it beside building the host, so the first message finds it ready.
HelpBot.Dialogs.Recognition.EmbeddedModel.StartLoading();
var app = HelpBotHost.Build(args);
await app.RunAsync();
return 0;

/// <summary>The entry point; public so tests can use <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
