using Serilog.Core;
using Serilog.Events;

namespace HelpBot.Bot.Hosting;

/// <summary>
/// ASP.NET Core puts the raw <c>RequestPath</c> into the logging scope of every event written during a request, and
/// paths can hold secrets (<c>/reset/{token}</c>). Serilog would write it with every event (JSON logs show all
/// properties), so it is dropped; the request log line carries the route pattern and <c>RequestId</c> still correlates.
/// </summary>
internal sealed class DropRequestPathEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory) =>
        logEvent.RemovePropertyIfPresent("RequestPath");
}
