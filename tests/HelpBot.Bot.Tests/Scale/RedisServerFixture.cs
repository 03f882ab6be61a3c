using HelpBot.LocalServers;

namespace HelpBot.Bot.Tests.Scale;

/// <summary>One Redis for a test class.</summary>
public sealed class RedisServerFixture : IDisposable
{
    internal RedisServer Server { get; } = RedisServer.Start();

    public void Dispose() => Server.Dispose();
}
