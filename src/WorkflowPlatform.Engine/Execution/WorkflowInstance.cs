using System.Text.Json.Serialization;

namespace WorkflowPlatform.Engine.Execution;

/// <summary>Lifecycle state of an instance (a request).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InstanceStatus>))]
public enum InstanceStatus
{
    /// <summary>Created, not started.</summary>
    [JsonStringEnumMemberName("pending")] Pending,
    /// <summary>A process is executing steps (or crashed doing so: see <see cref="WorkflowSweeper"/>).</summary>
    [JsonStringEnumMemberName("running")] Running,
    /// <summary>Suspended on a bookmark.</summary>
    [JsonStringEnumMemberName("awaiting_input")] AwaitingInput,
    /// <summary>Finished normally.</summary>
    [JsonStringEnumMemberName("completed")] Completed,
    /// <summary>Finished with an error.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
    /// <summary>Its TTL passed before it finished.</summary>
    [JsonStringEnumMemberName("expired")] Expired,
    /// <summary>Cancelled by a client or admin.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}

/// <summary>Outcome set by an End node.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WorkflowOutcome>))]
public enum WorkflowOutcome
{
    /// <summary>Approved.</summary>
    [JsonStringEnumMemberName("approved")] Approved,
    /// <summary>Declined.</summary>
    [JsonStringEnumMemberName("declined")] Declined,
    /// <summary>Needs a human review.</summary>
    [JsonStringEnumMemberName("review")] Review,
}

/// <summary>Helpers for <see cref="InstanceStatus"/>.</summary>
public static class InstanceStatusExtensions
{
    /// <summary>True for completed, failed, expired and cancelled.</summary>
    public static bool IsFinal(this InstanceStatus status)
        => status is InstanceStatus.Completed or InstanceStatus.Failed or InstanceStatus.Expired or InstanceStatus.Cancelled;

    /// <summary>Wire name (<c>awaiting_input</c>).</summary>
    public static string ToWire(this InstanceStatus status) => status switch
    {
        InstanceStatus.Pending => "pending",
        InstanceStatus.Running => "running",
        InstanceStatus.AwaitingInput => "awaiting_input",
        InstanceStatus.Completed => "completed",
        InstanceStatus.Failed => "failed",
        InstanceStatus.Expired => "expired",
        _ => "cancelled",
    };

    /// <summary>Wire name of an outcome.</summary>
    public static string ToWire(this WorkflowOutcome outcome) => outcome switch
    {
        WorkflowOutcome.Approved => "approved",
        WorkflowOutcome.Declined => "declined",
        _ => "review",
    };
}

/// <summary>
/// One run of a workflow (a request). Maps to an instance row; <see cref="Bookmarks"/> to bookmark rows;
/// the journal is stored separately (<see cref="IWorkflowInstanceStore.AppendJournalAsync"/>-style rows).
/// </summary>
public sealed class WorkflowInstance
{
    /// <summary>Instance id (also the request id).</summary>
    public required string Id { get; init; }

    /// <summary>Workspace.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>Definition key.</summary>
    public required string DefinitionKey { get; init; }

    /// <summary>Pinned definition version.</summary>
    public required int DefinitionVersion { get; init; }

    /// <summary>Hash of the pinned definition snapshot.</summary>
    public required string DefinitionHash { get; init; }

    /// <summary>The exact definition JSON the instance runs on; later edits never change it.</summary>
    public required string DefinitionSnapshot { get; init; }

    /// <summary>User the request is about.</summary>
    public string? UserId { get; init; }

    /// <summary>Application that created the request.</summary>
    public string? ApplicationId { get; init; }

    /// <summary>Lifecycle state.</summary>
    public InstanceStatus Status { get; set; } = InstanceStatus.Pending;

    /// <summary>Outcome once an End node ran.</summary>
    public WorkflowOutcome? Outcome { get; set; }

    /// <summary>Node to run next (running), or the node waiting on a bookmark (awaiting_input).</summary>
    public string? CurrentNodeId { get; set; }

    /// <summary>Rule context and results.</summary>
    public InstanceContext Context { get; init; } = new();

    /// <summary>Open and consumed bookmarks.</summary>
    public List<Bookmark> Bookmarks { get; init; } = [];

    /// <summary>Error code when failed.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>Error message when failed.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>Creation time.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Last persisted change; the sweeper treats old <c>running</c> rows as abandoned.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the request expires (TTL); null = never.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>When it reached a final state.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>
    /// While <c>running</c>: the bookmark whose resume is being processed and whose node has not finished
    /// yet. The sweeper reopens it if the process died, so the person can submit again.
    /// </summary>
    public string? ActiveBookmark { get; set; }

    /// <summary>How many times the sweeper restarted it after a crash.</summary>
    public int RecoveryCount { get; set; }

    /// <summary>Number of journal entries written (next sequence = this + 1).</summary>
    public int JournalCount { get; set; }

    /// <summary>Optimistic-concurrency version (etag); the store increments it on every save.</summary>
    public long ConcurrencyVersion { get; set; }

    /// <summary>Finds an open bookmark by name.</summary>
    public Bookmark? FindOpenBookmark(string name)
    {
        foreach (var bookmark in Bookmarks)
        {
            if (bookmark.Name == name && bookmark.ConsumedAt is null)
            {
                return bookmark;
            }
        }

        return null;
    }
}

/// <summary>
/// The values rules read: <c>request</c>, <c>user</c>, <c>application</c> (given at start),
/// <c>modules</c> (node id → outputs) and <c>result</c> (fields set by the flow). Values are rule values
/// (null, bool, long, double, string, DateTimeOffset, TimeSpan, lists, string-keyed dictionaries).
/// </summary>
public sealed class InstanceContext
{
    /// <summary><c>request.*</c>.</summary>
    public Dictionary<string, object?> Request { get; init; } = new(StringComparer.Ordinal);

    /// <summary><c>user.*</c>.</summary>
    public Dictionary<string, object?> User { get; init; } = new(StringComparer.Ordinal);

    /// <summary><c>application.*</c>.</summary>
    public Dictionary<string, object?> Application { get; init; } = new(StringComparer.Ordinal);

    /// <summary><c>modules.&lt;nodeId&gt;.*</c>.</summary>
    public Dictionary<string, Dictionary<string, object?>> Modules { get; init; } = new(StringComparer.Ordinal);

    /// <summary><c>result.*</c>.</summary>
    public Dictionary<string, object?> Result { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>A named point an instance waits at (a bookmark row).</summary>
public sealed class Bookmark
{
    /// <summary>Name, unique among the instance's open bookmarks (e.g. <c>selfie</c>, <c>wait:timer</c>).</summary>
    public required string Name { get; init; }

    /// <summary>Node that suspended.</summary>
    public required string NodeId { get; init; }

    /// <summary>State the module stored at suspension.</summary>
    public Dictionary<string, object?> Payload { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Created at.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>For timer bookmarks: when the scheduler resumes it.</summary>
    public DateTimeOffset? ResumeAt { get; init; }

    /// <summary>When it was consumed by a resume; null while open.</summary>
    public DateTimeOffset? ConsumedAt { get; set; }

    /// <summary>Idempotency key of the resume that consumed it.</summary>
    public string? ConsumedBy { get; set; }

    /// <summary>Status the consuming resume answered with (replayed for the same idempotency key).</summary>
    public InstanceStatus? ResumeStatus { get; set; }

    /// <summary>Outcome the consuming resume answered with.</summary>
    public WorkflowOutcome? ResumeOutcome { get; set; }
}
