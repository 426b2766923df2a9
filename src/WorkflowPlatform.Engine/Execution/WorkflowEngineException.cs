namespace WorkflowPlatform.Engine.Execution;

/// <summary>An engine call that cannot be served; <see cref="Code"/> is stable for API error mapping.</summary>
public sealed class WorkflowEngineException(string code, string message) : Exception(message)
{
    /// <summary>One of <see cref="EngineErrorCodes"/>.</summary>
    public string Code { get; } = code;
}

/// <summary>Stable engine error codes (the admin/public API maps them to HTTP statuses).</summary>
public static class EngineErrorCodes
{
    /// <summary>404: no such instance.</summary>
    public const string InstanceNotFound = "INSTANCE_NOT_FOUND";
    /// <summary>404: no such workflow key.</summary>
    public const string WorkflowNotFound = "WORKFLOW_NOT_FOUND";
    /// <summary>409/422: the workflow has no published version.</summary>
    public const string WorkflowNotPublished = "WORKFLOW_NOT_PUBLISHED";
    /// <summary>404: the instance has no bookmark with that name.</summary>
    public const string BookmarkNotFound = "BOOKMARK_NOT_FOUND";
    /// <summary>409: the bookmark was already consumed by a resume with another idempotency key.</summary>
    public const string BookmarkConsumed = "BOOKMARK_CONSUMED";
    /// <summary>409: the instance finished (completed/failed).</summary>
    public const string InstanceFinished = "INSTANCE_FINISHED";
    /// <summary>409/410: the instance expired.</summary>
    public const string InstanceExpired = "INSTANCE_EXPIRED";
    /// <summary>409: the instance was cancelled.</summary>
    public const string InstanceCancelled = "INSTANCE_CANCELLED";
    /// <summary>409: the instance is busy (running); retry later.</summary>
    public const string InstanceBusy = "INSTANCE_BUSY";
    /// <summary>409: an instance with this id exists.</summary>
    public const string InstanceExists = "INSTANCE_EXISTS";
    /// <summary>400: idempotency key missing or longer than 200 characters.</summary>
    public const string IdempotencyKeyInvalid = "IDEMPOTENCY_KEY_INVALID";
    /// <summary>422: the definition does not validate.</summary>
    public const string ValidationFailed = "VALIDATION_FAILED";
    /// <summary>409: there is no draft to publish.</summary>
    public const string NoDraft = "NO_DRAFT";
    /// <summary>400: the key in the body differs from the route.</summary>
    public const string KeyMismatch = "KEY_MISMATCH";

    // Instance failure codes (WorkflowInstance.ErrorCode / journal).
    /// <summary>Node's module type is not registered.</summary>
    public const string ModuleUnknown = "MODULE_UNKNOWN";
    /// <summary>A module threw.</summary>
    public const string ModuleError = "MODULE_ERROR";
    /// <summary>A rule did not compile (drafts in dry runs).</summary>
    public const string RuleInvalid = "RULE_INVALID";
    /// <summary>Loop guard.</summary>
    public const string StepLimitExceeded = "STEP_LIMIT_EXCEEDED";
    /// <summary>An edge leads to a node that does not exist.</summary>
    public const string NodeMissing = "NODE_MISSING";
    /// <summary>The process running a side-effecting node died.</summary>
    public const string Interrupted = "INTERRUPTED";
    /// <summary>The sweeper restarted the instance too often.</summary>
    public const string RecoveryExhausted = "RECOVERY_EXHAUSTED";
}
