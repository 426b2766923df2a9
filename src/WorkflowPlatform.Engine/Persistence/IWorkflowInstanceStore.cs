using WorkflowPlatform.Engine.Execution;

namespace WorkflowPlatform.Engine.Persistence;

/// <summary>
/// Stores instances (instance row + bookmark rows) and their journals (journal rows) with optimistic
/// concurrency on <see cref="WorkflowInstance.ConcurrencyVersion"/>.
/// </summary>
public interface IWorkflowInstanceStore
{
    /// <summary>Inserts a new instance; sets its concurrency version to 1. Duplicate id → <see cref="ConcurrencyException"/>.</summary>
    Task CreateAsync(WorkflowInstance instance, IReadOnlyList<JournalEntry> journal, CancellationToken cancellationToken = default);

    /// <summary>Loads an instance (a detached copy), or null.</summary>
    Task<WorkflowInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves the instance when the stored version still equals <see cref="WorkflowInstance.ConcurrencyVersion"/>,
    /// appends <paramref name="journal"/> and increments the version (updating the passed object).
    /// Otherwise throws <see cref="ConcurrencyException"/> and changes nothing. Instance, bookmarks and
    /// journal are written atomically (one transaction).
    /// </summary>
    Task SaveAsync(WorkflowInstance instance, IReadOnlyList<JournalEntry> journal, CancellationToken cancellationToken = default);

    /// <summary>The journal of an instance, by sequence.</summary>
    Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Instances in <c>running</c> whose <see cref="WorkflowInstance.UpdatedAt"/> is before <paramref name="updatedBefore"/>.</summary>
    Task<IReadOnlyList<WorkflowInstance>> FindStuckAsync(DateTimeOffset updatedBefore, int take, CancellationToken cancellationToken = default);

    /// <summary>Non-final instances whose <see cref="WorkflowInstance.ExpiresAt"/> is at or before <paramref name="now"/>.</summary>
    Task<IReadOnlyList<WorkflowInstance>> FindExpiredAsync(DateTimeOffset now, int take, CancellationToken cancellationToken = default);

    /// <summary>
    /// Instances in <c>awaiting_input</c> with an open bookmark whose <see cref="Bookmark.ResumeAt"/> is at or
    /// before <paramref name="dueBefore"/> (a timer that should have fired but did not).
    /// </summary>
    Task<IReadOnlyList<WorkflowInstance>> FindOverdueTimersAsync(DateTimeOffset dueBefore, int take, CancellationToken cancellationToken = default);

    /// <summary>Filtered, paged list for the admin API, newest first.</summary>
    Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default);
}

/// <summary>Filters for <see cref="IWorkflowInstanceStore.QueryAsync"/>.</summary>
public sealed record InstanceQuery
{
    /// <summary>Workspace (required).</summary>
    public required string WorkspaceId { get; init; }
    /// <summary>Status filter.</summary>
    public InstanceStatus? Status { get; init; }
    /// <summary>Definition key filter.</summary>
    public string? Workflow { get; init; }
    /// <summary>User filter.</summary>
    public string? UserId { get; init; }
    /// <summary>Created at or after.</summary>
    public DateTimeOffset? From { get; init; }
    /// <summary>Created before.</summary>
    public DateTimeOffset? To { get; init; }
    /// <summary>Paging offset.</summary>
    public int Skip { get; init; }
    /// <summary>Page size (1–500).</summary>
    public int Take { get; init; } = 50;
}

/// <summary>A page of instances.</summary>
public sealed record InstancePage(IReadOnlyList<WorkflowInstance> Items, int Total);

/// <summary>The instance changed since it was loaded (optimistic concurrency).</summary>
public sealed class ConcurrencyException(string instanceId, long expectedVersion)
    : Exception($"Instance {instanceId} changed since version {expectedVersion}.")
{
    /// <summary>Instance id.</summary>
    public string InstanceId { get; } = instanceId;

    /// <summary>Version the caller expected.</summary>
    public long ExpectedVersion { get; } = expectedVersion;
}
