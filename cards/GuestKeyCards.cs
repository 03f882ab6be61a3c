using System.Text.Json.Nodes;

namespace HelpBot.Cards;

/// <summary>
/// The guest key, shown once to the sponsor. The bot never keeps it: the Direct Line history stores this card with the
/// key redacted, and the store has only its hash.
/// </summary>
public static class GuestKeyIssuedCard
{
    public static JsonObject Build(string guestName, string key, string keyExpiresOn, string lastDay, string duty)
    {
        var keyBlock = AdaptiveCard.Text(key, size: "ExtraLarge", weight: "Bolder");
        keyBlock["fontType"] = "Monospace";
        return AdaptiveCard.Create(
            AdaptiveCard.Heading($"Guest key for {guestName}"),
            keyBlock,
            AdaptiveCard.Facts(("Works once, until", keyExpiresOn), ("Access ends", lastDay)),
            AdaptiveCard.Text(duty),
            AdaptiveCard.Text("Your guest registers by telling HelpBot \"I have a guest key\" (or at ecommons.med.harvard.edu → New User Registration), with their last name and this key.", subtle: true));
    }
}

/// <summary>A sponsor's guests and their keys, for "my guests".</summary>
public static class GuestListCard
{
    /// <summary>One guest as listed: name, organisation, the key's status and the access dates, already in words.</summary>
    public sealed record Row(string Number, string GuestName, string Organisation, string KeyStatus, string Access, string? Username);

    public static JsonObject Build(IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var body = new List<JsonNode?> { AdaptiveCard.Heading("Your guests") };
        foreach (var row in rows)
        {
            var facts = new List<(string, string)> { ("Key", row.KeyStatus), ("Access", row.Access) };
            if (row.Username is not null)
            {
                facts.Add(("Username", row.Username));
            }
            body.Add(new JsonObject
            {
                ["type"] = "Container",
                ["separator"] = true,
                ["items"] = new JsonArray(
                    AdaptiveCard.Text($"{row.Number}. {row.GuestName} ({row.Organisation})", weight: "Bolder"),
                    AdaptiveCard.Facts([.. facts])),
            });
        }
        return AdaptiveCard.Create([.. body]);
    }
}
