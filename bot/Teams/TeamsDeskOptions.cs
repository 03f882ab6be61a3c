using Microsoft.Extensions.Options;

namespace HelpBot.Bot.Teams;

/// <summary>
/// The <c>Handoff:Teams</c> section: the service desk's Teams channel, where each escalation is posted as a card. Off
/// when none of the three keys is set; all three are needed otherwise.
/// </summary>
public sealed class TeamsDeskOptions
{
    public const string Section = "Handoff:Teams";

    /// <summary>The Bot Framework service URL of the team's tenant, e.g. https://smba.trafficmanager.net/amer/.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The team's id (19:…@thread.tacv2 of its General channel).</summary>
    public string? TeamId { get; set; }

    /// <summary>The desk channel's id (19:…@thread.tacv2), where the cards are posted.</summary>
    public string? ChannelId { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ServiceUrl) || !string.IsNullOrWhiteSpace(TeamId) || !string.IsNullOrWhiteSpace(ChannelId);
}

internal sealed class TeamsDeskOptionsValidator : IValidateOptions<TeamsDeskOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamsDeskOptions o)
    {
        if (!o.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }
        var errors = new List<string>();
        if (!Uri.TryCreate(o.ServiceUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
        {
            errors.Add($"Handoff:Teams:ServiceUrl is '{o.ServiceUrl}'; use the https service URL Teams gives the bot, e.g. https://smba.trafficmanager.net/amer/ (http only on loopback, for the Agents Playground).");
        }
        if (string.IsNullOrWhiteSpace(o.TeamId))
        {
            errors.Add("Handoff:Teams:TeamId is empty; set the team's id (e.g. 19:abc…@thread.tacv2), or leave all Handoff:Teams keys empty to turn the desk channel off.");
        }
        if (string.IsNullOrWhiteSpace(o.ChannelId))
        {
            errors.Add("Handoff:Teams:ChannelId is empty; set the desk channel's id (e.g. 19:def…@thread.tacv2), or leave all Handoff:Teams keys empty to turn the desk channel off.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
