using System.Text.Json.Nodes;

namespace WorkflowPlatform.Engine.Execution;

/// <summary>Journal step statuses.</summary>
public static class JournalStatus
{
    /// <summary>The module ran and continued on a port.</summary>
    public const string Ran = "ran";
    /// <summary>Disabled or rule false.</summary>
    public const string Skipped = "skipped";
    /// <summary>The module suspended on a bookmark.</summary>
    public const string Suspended = "suspended";
    /// <summary>The module failed.</summary>
    public const string Failed = "failed";
    /// <summary>An End node completed the workflow.</summary>
    public const string Completed = "completed";
    /// <summary>Dry run: a side-effecting or interactive module was simulated.</summary>
    public const string Simulated = "simulated";
    /// <summary>Instance-level event (expired, cancelled, recovered) with no module.</summary>
    public const string Event = "event";
}

/// <summary>One journal row: what happened at one step.</summary>
public sealed record JournalEntry
{
    /// <summary>Instance id.</summary>
    public required string InstanceId { get; init; }

    /// <summary>1-based sequence within the instance.</summary>
    public required int Sequence { get; init; }

    /// <summary>Node id (null for instance events).</summary>
    public string? NodeId { get; init; }

    /// <summary>Module type.</summary>
    public string? ModuleType { get; init; }

    /// <summary>Step start.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>Step end.</summary>
    public DateTimeOffset EndedAt { get; init; }

    /// <summary>Measured duration in milliseconds (from a monotonic clock).</summary>
    public double DurationMs { get; init; }

    /// <summary>One of <see cref="JournalStatus"/>.</summary>
    public required string Status { get; init; }

    /// <summary>Why (e.g. <c>disabled</c>, <c>rule false</c>, <c>resumed by key …</c>).</summary>
    public string? Reason { get; init; }

    /// <summary>Rule source that was evaluated.</summary>
    public string? Rule { get; init; }

    /// <summary>Value the rule produced.</summary>
    public JsonNode? RuleValue { get; init; }

    /// <summary>Port taken.</summary>
    public string? Port { get; init; }

    /// <summary>Outputs; sensitive ones replaced by <c>"***"</c>.</summary>
    public JsonObject? Outputs { get; init; }

    /// <summary>Error code.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Error message.</summary>
    public string? Error { get; init; }
}
