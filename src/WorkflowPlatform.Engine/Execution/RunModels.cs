namespace WorkflowPlatform.Engine.Execution;

/// <summary>Input of <see cref="WorkflowEngine.StartAsync"/>.</summary>
public sealed record StartRequest
{
    /// <summary>Workspace.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>Definition key; the latest published version is pinned.</summary>
    public required string Workflow { get; init; }

    /// <summary>Instance id; a new GUID (N format) when null.</summary>
    public string? InstanceId { get; init; }

    /// <summary>User the request is about (also <c>request.user_id</c>).</summary>
    public string? UserId { get; init; }

    /// <summary>Application (also <c>application.id</c> when <see cref="Application"/> lacks it).</summary>
    public string? ApplicationId { get; init; }

    /// <summary><c>request.*</c> values (<c>force_onboarding</c>, <c>locale</c>, <c>metadata</c>, …); id, workflow, user_id and created_at are filled in.</summary>
    public IReadOnlyDictionary<string, object?>? Request { get; init; }

    /// <summary><c>user.*</c> values (<c>is_new</c>, <c>selfie_registered</c>, <c>registered_at</c>; ISO strings in timestamp fields are parsed).</summary>
    public IReadOnlyDictionary<string, object?>? User { get; init; }

    /// <summary><c>application.*</c> values.</summary>
    public IReadOnlyDictionary<string, object?>? Application { get; init; }

    /// <summary>Request TTL; the instance expires at start + TTL unless finished.</summary>
    public TimeSpan? TimeToLive { get; init; }
}

/// <summary>State of an instance after an engine call.</summary>
/// <param name="InstanceId">Instance id.</param>
/// <param name="Status">Status.</param>
/// <param name="Outcome">Outcome (End node).</param>
/// <param name="Bookmark">Open bookmark the instance waits on, if any.</param>
/// <param name="ErrorCode">Failure code.</param>
/// <param name="Error">Failure message.</param>
/// <param name="Replayed">True when this is the stored answer of an earlier resume with the same idempotency key.</param>
/// <param name="Result">The <c>result.*</c> fields.</param>
public sealed record RunResult(
    string InstanceId, InstanceStatus Status, WorkflowOutcome? Outcome, string? Bookmark, string? ErrorCode, string? Error,
    bool Replayed, IReadOnlyDictionary<string, object?> Result)
{
    internal static RunResult From(WorkflowInstance instance, bool replayed = false, InstanceStatus? status = null, WorkflowOutcome? outcome = null)
        => new(
            instance.Id,
            status ?? instance.Status,
            status is null ? instance.Outcome : outcome,
            (status ?? instance.Status) == InstanceStatus.AwaitingInput ? instance.Bookmarks.LastOrDefault(b => b.ConsumedAt is null)?.Name : null,
            instance.ErrorCode,
            instance.ErrorMessage,
            replayed,
            new Dictionary<string, object?>(instance.Context.Result, StringComparer.Ordinal));
}
