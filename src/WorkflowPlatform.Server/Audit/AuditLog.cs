using System.Security.Claims;
using System.Text.Json;
using WorkflowPlatform.Server.Auth;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Audit;

namespace WorkflowPlatform.Server.Audit;

/// <summary>
/// Records admin mutations. <see cref="Record"/> only adds the entry to the context, so it is saved
/// in the same SaveChanges as the change itself: no change without its audit line and vice versa.
/// </summary>
public sealed class AuditLog(PlatformDbContext db, IHttpContextAccessor accessor, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Record(string action, string entityType, string entityId, object? before, object? after)
    {
        var workspaceId = db.CurrentWorkspaceId ?? throw new InvalidOperationException("Audit needs a workspace.");
        var user = accessor.HttpContext?.User;
        Guid? actorId = user?.FindFirstValue(ClaimTypes.NameIdentifier) is { } id && Guid.TryParse(id, out var g) ? g : null;
        db.AuditEntries.Add(Entry(workspaceId, actorId, user?.FindFirstValue(ClaimTypes.Email) ?? user?.Identity?.Name, action, entityType, entityId, before, after, time.GetUtcNow()));
    }

    public static AuditEntry Entry(Guid workspaceId, Guid? actorId, string? actorEmail, string action, string entityType, string entityId, object? before, object? after, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(),
        WorkspaceId = workspaceId,
        ActorId = actorId,
        ActorEmail = actorEmail,
        Action = action,
        EntityType = entityType,
        EntityId = entityId,
        BeforeJson = before is null ? null : JsonSerializer.Serialize(before, Json),
        AfterJson = after is null ? null : JsonSerializer.Serialize(after, Json),
        At = at,
    };
}
