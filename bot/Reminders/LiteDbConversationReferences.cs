using HelpBot.Bot.Storage;
using HelpBot.Dialogs.Reminders;
using LiteDB;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;

namespace HelpBot.Bot.Reminders;

/// <summary>Teams personal conversations, one document per Entra object id, in the shared LiteDB file.</summary>
public sealed class LiteDbConversationReferences(HelpBotDatabase database) : IConversationReferences
{
    public const string CollectionName = "teams_conversations";

    private ILiteCollection<ReferenceDocument> Collection => database.GetCollection<ReferenceDocument>(CollectionName);

    public Task SaveAsync(string aadObjectId, ConversationReference conversation, DateTimeOffset updatedAt, string? userPrincipalName = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(aadObjectId);
        ArgumentNullException.ThrowIfNull(conversation);
        var id = aadObjectId.ToLowerInvariant();
        Collection.Upsert(new ReferenceDocument
        {
            Id = id,
            Reference = JsonConvert.SerializeObject(conversation),
            UpdatedAt = updatedAt.UtcDateTime,
            UserPrincipalName = userPrincipalName ?? Collection.FindById(id)?.UserPrincipalName,
        });
        return Task.CompletedTask;
    }

    public Task<string?> FindUserPrincipalNameAsync(string aadObjectId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Collection.FindById(aadObjectId.ToLowerInvariant())?.UserPrincipalName);

    public Task<IReadOnlyList<StoredConversationReference>> GetAllAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<StoredConversationReference> all = Collection.FindAll()
            .Select(d => new StoredConversationReference(
                d.Id,
                JsonConvert.DeserializeObject<ConversationReference>(d.Reference)!,
                new DateTimeOffset(DateTime.SpecifyKind(d.UpdatedAt, DateTimeKind.Utc)),
                d.UserPrincipalName))
            .ToList();
        return Task.FromResult(all);
    }

    private sealed class ReferenceDocument
    {
        /// <summary>The Entra object id, lower case.</summary>
        public string Id { get; set; } = "";

        /// <summary>The ConversationReference as Bot Framework JSON.</summary>
        public string Reference { get; set; } = "";

        public DateTime UpdatedAt { get; set; }

        /// <summary>The UPN from Teams' roster, kept where the directory matches Teams users by UPN.</summary>
        public string? UserPrincipalName { get; set; }
    }
}
