using System.Globalization;
using Microsoft.Extensions.Options;

namespace HelpBot.Dialogs.Handoff;

/// <summary>The <c>Handoff</c> section: when people staff the desk, how often waiting users hear, how much history agents get.</summary>
public sealed class HandoffOptions
{
    public const string Section = "Handoff";

    /// <summary>e.g. <c>Mon-Fri 08:00-18:00</c>; several windows separated by ';'; <c>24/7</c> for always.</summary>
    public string ServiceHours { get; set; } = "Mon-Fri 08:00-18:00";

    /// <summary>The time zone of <see cref="ServiceHours"/> (IANA id).</summary>
    public string TimeZone { get; set; } = "America/New_York";

    /// <summary>How often a waiting user is told they are still in the queue (they also hear when they move up).</summary>
    public TimeSpan UpdateInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many recent messages (the user's and the bot's) the agent gets with the escalation.</summary>
    public int TranscriptMessages { get; set; } = 20;

    /// <summary>New escalations one chat user may open in <see cref="NewEscalationWindow"/> (issue 15, finding 7).</summary>
    public int MaxNewPerUser { get; set; } = 5;

    /// <summary>New escalations from one client address (Web Chat) in <see cref="NewEscalationWindow"/>: several people may share one.</summary>
    public int MaxNewPerAddress { get; set; } = 30;

    /// <summary>The window of <see cref="MaxNewPerUser"/> and <see cref="MaxNewPerAddress"/>.</summary>
    public TimeSpan NewEscalationWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The parsed <see cref="ServiceHours"/> (validated at start-up).</summary>
    public ServiceHours Hours => Handoff.ServiceHours.Parse(ServiceHours, TimeZone);
}

/// <summary>Validated at start-up (docs/architecture.md, decision 8): the message names the key and what would be right.</summary>
public sealed class HandoffOptionsValidator : IValidateOptions<HandoffOptions>
{
    public ValidateOptionsResult Validate(string? name, HandoffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!Handoff.ServiceHours.TryParse(options.ServiceHours, options.TimeZone, out _, out var error))
        {
            errors.Add($"Handoff:ServiceHours '{options.ServiceHours}' with Handoff:TimeZone '{options.TimeZone}': {error}");
        }
        if (options.UpdateInterval < TimeSpan.FromSeconds(10) || options.UpdateInterval > TimeSpan.FromHours(1))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Handoff:UpdateInterval is {options.UpdateInterval}; use a duration from 00:00:10 to 01:00:00, e.g. 00:02:00."));
        }
        if (options.TranscriptMessages is < 1 or > 200)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Handoff:TranscriptMessages is {options.TranscriptMessages}; use 1 to 200, e.g. 20."));
        }
        if (options.MaxNewPerUser is < 1 or > 50 || options.MaxNewPerAddress is < 1 or > 10_000)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Handoff:MaxNewPerUser ({options.MaxNewPerUser}) must be 1 to 50 and Handoff:MaxNewPerAddress ({options.MaxNewPerAddress}) 1 to 10000 (defaults 5 and 30)."));
        }
        if (options.NewEscalationWindow < TimeSpan.FromHours(1) || options.NewEscalationWindow > TimeSpan.FromDays(7))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Handoff:NewEscalationWindow is {options.NewEscalationWindow}; use a duration from 01:00:00 to 7.00:00:00 (default 1.00:00:00)."));
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
