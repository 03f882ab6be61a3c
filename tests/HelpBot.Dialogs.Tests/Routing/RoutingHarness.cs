using HelpBot.Dialogs.Knowledge;
using HelpBot.Dialogs.Recognition;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace HelpBot.Dialogs.Tests.Routing;

/// <summary>MainDialog with the real embedded recognizer and knowledge file, one fresh instance per turn.</summary>
internal static class RoutingHarness
{
    public static readonly EmbeddedIntentRecognizer Recognizer = new(new Microsoft.Extensions.Options.OptionsWrapper<RecognizerOptions>(new RecognizerOptions()));

    public static readonly KnowledgeBase Knowledge = KnowledgeBase.LoadEmbedded();

    public static DialogHarness Create() =>
        new(() => new MainDialog(Recognizer, Knowledge, [new FlowRoute(Intents.ContactOffice, new ContactOfficeDialog(Knowledge))]));

    /// <summary>The title of the Adaptive Card in a reply (its first TextBlock).</summary>
    public static string? CardTitle(IActivity reply) =>
        ((Activity)reply).Attachments is [{ Content: JObject card }, ..] ? (string?)card["body"]?[0]?["text"] : null;

    public static string Title(string answerId) => Knowledge.Get(answerId).Title;

    public static string[] Buttons(IActivity reply) =>
        ((Activity)reply).SuggestedActions?.Actions.Select(a => a.Title).ToArray() ?? [];
}
