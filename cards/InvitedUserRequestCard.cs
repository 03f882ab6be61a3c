using System.Globalization;
using System.Text.Json.Nodes;

namespace HelpBot.Cards;

/// <summary>
/// The Invited User Request Form (the seed's "Guest Key"): who the guest is, why they need access and until when.
/// Shown again after a rejected submit with what was typed kept and an error under each field that needs fixing. The
/// card never carries the sponsor: that comes from the verified conversation (docs/security.md, R7).
/// </summary>
public static class InvitedUserRequestCard
{
    public const string Title = "Invited User Request Form";
    public const string SubmitTitle = "Request the guest key";

    /// <summary>What the card submits. Input ids are these names in camelCase.</summary>
    public sealed record Payload(string Action, string FirstName, string LastName, string Email, string Organisation, string Role, string Reason, string LastDay)
    {
        public const string ActionName = "guestkey.request";
    }

    /// <summary>The role choices: the value submitted (a GuestRole name) and what the sponsor reads.</summary>
    public static readonly IReadOnlyList<(string Value, string Title)> Roles =
    [
        ("TemporaryEmployee", "Temporary employee"),
        ("Consultant", "Consultant"),
        ("ResearchCollaborator", "Research collaborator"),
    ];

    /// <param name="values">What was typed, by payload property name (e.g. "FirstName"); empty the first time.</param>
    /// <param name="errors">What is wrong, by payload property name.</param>
    /// <param name="today">The earliest date offered is the day after it.</param>
    /// <param name="latest">The last day of access may be at most this (a year ahead).</param>
    public static JsonObject Build(IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> errors, DateOnly today, DateOnly latest)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(errors);
        var body = new List<JsonNode?>
        {
            AdaptiveCard.Heading(Title),
            AdaptiveCard.Text("Tell me about your guest. I'll issue a guest key for them to register for an eCommons account."),
        };
        if (errors.Count > 0)
        {
            body.Add(Error(errors.Count == 1 ? "One thing needs fixing (see below)." : $"{errors.Count} things need fixing (see below)."));
        }
        Field(body, values, errors, nameof(Payload.FirstName), TextInput(nameof(Payload.FirstName), "Guest's first name", values, 60));
        Field(body, values, errors, nameof(Payload.LastName), TextInput(nameof(Payload.LastName), "Guest's last name", values, 60));
        Field(body, values, errors, nameof(Payload.Email), TextInput(nameof(Payload.Email), "Guest's e-mail address", values, 254, style: "Email"));
        Field(body, values, errors, nameof(Payload.Organisation), TextInput(nameof(Payload.Organisation), "Guest's organisation", values, 120));
        Field(body, values, errors, nameof(Payload.Role), new JsonObject
        {
            ["type"] = "Input.ChoiceSet",
            ["id"] = Camel(nameof(Payload.Role)),
            ["label"] = "Role",
            ["style"] = "expanded",
            ["value"] = values.GetValueOrDefault(nameof(Payload.Role), ""),
            ["choices"] = new JsonArray(Roles.Select(r => (JsonNode)new JsonObject { ["title"] = r.Title, ["value"] = r.Value }).ToArray()),
        });
        var reason = TextInput(nameof(Payload.Reason), "Why does your guest need access?", values, 500);
        reason["isMultiline"] = true;
        Field(body, values, errors, nameof(Payload.Reason), reason);
        Field(body, values, errors, nameof(Payload.LastDay), new JsonObject
        {
            ["type"] = "Input.Date",
            ["id"] = Camel(nameof(Payload.LastDay)),
            ["label"] = string.Create(CultureInfo.InvariantCulture, $"Last day of access (at most one year ahead, by {latest:MMMM d, yyyy})"),
            ["value"] = values.GetValueOrDefault(nameof(Payload.LastDay), ""),
            ["min"] = today.AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["max"] = latest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            // Shown by the client when the date is outside min..max and the form is not sent: without it, the submit
            // seemed to do nothing.
            ["errorMessage"] = string.Create(CultureInfo.InvariantCulture, $"Choose a day from {today.AddDays(1):MMMM d, yyyy} to {latest:MMMM d, yyyy}: guest access can last at most one year."),
        });
        body.Add(AdaptiveCard.Text("Questions? Call the HMS IT Service Desk at 617-432-2000. Say \"cancel\" to stop.", subtle: true));
        return AdaptiveCard.Create([.. body]).WithActions(AdaptiveCard.Submit(SubmitTitle, new JsonObject { ["action"] = Payload.ActionName }));
    }

    /// <summary>The id of the error text under a field, so tests and screen readers can find it.</summary>
    public static string ErrorId(string field) => Camel(field) + "Error";

    private static void Field(List<JsonNode?> body, IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, string> errors, string field, JsonObject input)
    {
        body.Add(input);
        if (errors.TryGetValue(field, out var error))
        {
            var text = Error(error);
            text["id"] = ErrorId(field);
            body.Add(text);
        }
    }

    private static JsonObject TextInput(string field, string label, IReadOnlyDictionary<string, string> values, int maxLength, string? style = null)
    {
        var input = new JsonObject
        {
            ["type"] = "Input.Text",
            ["id"] = Camel(field),
            ["label"] = label,
            ["value"] = values.GetValueOrDefault(field, ""),
            ["maxLength"] = maxLength,
        };
        if (style is not null)
        {
            input["style"] = style;
        }
        return input;
    }

    private static JsonObject Error(string text)
    {
        var block = AdaptiveCard.Text(text);
        block["color"] = "Attention";
        return block;
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
