using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Reminders;

/// <summary>The <c>Reminders</c> section: proactive password-expiry reminders in Teams.</summary>
public sealed class RemindersOptions
{
    public const string Section = "Reminders";

    public static readonly IReadOnlyList<int> DefaultThresholdsDays = [14, 7, 1];

    /// <summary>How often every stored Teams user is checked. Default one hour.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Days before expiry at which a reminder is sent, e.g. [14, 7, 1] (the default when not set). Not defaulted in
    /// the property itself: configuration binding appends to an existing array instead of replacing it.
    /// </summary>
    public int[]? ThresholdsDays { get; set; }

    /// <summary>The thresholds in use, smallest first.</summary>
    public IReadOnlyList<int> Thresholds =>
        (ThresholdsDays is { Length: > 0 } configured ? configured : DefaultThresholdsDays).Distinct().Order().ToList();
}

internal sealed class RemindersOptionsValidator : IValidateOptions<RemindersOptions>
{
    public ValidateOptionsResult Validate(string? name, RemindersOptions o)
    {
        var errors = new List<string>();
        if (o.Interval < TimeSpan.FromMinutes(1) || o.Interval > TimeSpan.FromDays(1))
        {
            errors.Add($"Reminders:Interval is {o.Interval}; use a duration from 00:01:00 to 1.00:00:00, e.g. 01:00:00.");
        }
        if (o.ThresholdsDays is { } days && days.Any(d => d is < 1 or > 90))
        {
            errors.Add($"Reminders:ThresholdsDays is [{string.Join(", ", days)}]; use whole days from 1 to 90, e.g. [14, 7, 1].");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
