using HelpBot.Bot.Hosting;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Storage;

/// <summary>Chooses the IStorage behind bot state: the embedded LiteDB file by default (ARCHITECTURE.md decision 6).</summary>
public static class StorageSetup
{
    public static IServiceCollection AddHelpBotStorage(this IServiceCollection services)
    {
        services.AddSingleton<IStorage>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (string.Equals(options.Provider, "Memory", StringComparison.OrdinalIgnoreCase))
            {
                return new MemoryStorage();
            }
            var env = sp.GetRequiredService<IHostEnvironment>();
            return new LiteDbStorage(ResolvePath(env.ContentRootPath, options.Path));
        });
        return services;
    }

    public static string ResolvePath(string contentRoot, string path) =>
        System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.GetFullPath(System.IO.Path.Combine(contentRoot, path));
}
