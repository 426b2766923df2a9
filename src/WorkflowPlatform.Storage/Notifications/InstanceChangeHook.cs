using WorkflowPlatform.Engine.Execution;

namespace WorkflowPlatform.Storage.Notifications;

/// <summary>A state change of a workflow instance about to be committed.</summary>
/// <param name="Instance">The instance as it will be stored.</param>
/// <param name="Before">Its stored status before this write; null when the instance is being created.</param>
/// <param name="NewBookmarks">Bookmarks this write adds (names are unique per instance: <c>wait</c>, <c>wait#2</c>, …).</param>
public sealed record InstanceChange(WorkflowInstance Instance, InstanceStatus? Before, IReadOnlyList<Bookmark> NewBookmarks);

/// <summary>
/// Called by the EF instance store inside its write, before <c>SaveChanges</c>: whatever the hook adds to
/// <c>db</c> (outbox rows) is committed in the same transaction as the instance, its bookmarks and journal.
/// Registered as <c>IEnumerable&lt;IInstanceChangeHook&gt;</c>; none registered costs nothing.
/// </summary>
public interface IInstanceChangeHook
{
    /// <summary>Adds rows for <paramref name="change"/> to <paramref name="db"/> (never saves).</summary>
    Task OnSavingAsync(PlatformDbContext db, InstanceChange change, CancellationToken cancellationToken);
}
