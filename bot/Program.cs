using HelpBot.Bot.Hosting;

var app = HelpBotHost.Build(args);
await app.RunAsync();

/// <summary>The entry point; public so tests can use <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
