using System.Text.Json.Nodes;
using HelpBot.Cards;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace HelpBot.Dialogs;

/// <summary>Turns a card built as System.Text.Json nodes into a Bot Framework attachment (which serialises with Newtonsoft).</summary>
public static class CardAttachments
{
    public static Attachment ToAttachment(this JsonObject card) => new()
    {
        ContentType = AdaptiveCard.ContentType,
        Content = State.JsonBridge.ToJObject(card),
    };

    public static IMessageActivity ToMessage(this JsonObject card, string? text = null)
    {
        var message = MessageFactory.Attachment(card.ToAttachment());
        if (text is not null)
        {
            message.Text = text;
        }
        return message;
    }
}
