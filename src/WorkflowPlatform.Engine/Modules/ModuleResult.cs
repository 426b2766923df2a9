using WorkflowPlatform.Engine.Execution;

namespace WorkflowPlatform.Engine.Modules;

/// <summary>How a module step ended.</summary>
public enum ModuleResultKind
{
    /// <summary>Continue on <see cref="ModuleResult.Port"/>.</summary>
    Continue,
    /// <summary>Suspend the instance on a bookmark.</summary>
    Suspend,
    /// <summary>The step failed; the flow takes the <c>failed</c> port if drawn, otherwise the instance fails.</summary>
    Fail,
    /// <summary>The workflow ends here with an outcome (End node).</summary>
    Complete,
}

/// <summary>Result of <see cref="IWorkflowModule.ExecuteAsync"/>. Create with the static factories.</summary>
public sealed record ModuleResult
{
    private static readonly IReadOnlyDictionary<string, object?> NoOutputs = new Dictionary<string, object?>();

    private ModuleResult()
    {
    }

    /// <summary>Kind of result.</summary>
    public ModuleResultKind Kind { get; private init; }

    /// <summary>Port to continue on (Continue), <c>failed</c> (Fail), null otherwise.</summary>
    public string? Port { get; private init; }

    /// <summary>Outputs, readable by later rules as <c>modules.&lt;nodeId&gt;.&lt;name&gt;</c>.</summary>
    public IReadOnlyDictionary<string, object?> Outputs { get; private init; } = NoOutputs;

    /// <summary>Bookmark name (Suspend).</summary>
    public string? Bookmark { get; private init; }

    /// <summary>State kept with the bookmark and handed back on resume (Suspend).</summary>
    public IReadOnlyDictionary<string, object?>? BookmarkPayload { get; private init; }

    /// <summary>When set, the scheduler resumes the bookmark at this time (Wait, retry back-off).</summary>
    public DateTimeOffset? ResumeAt { get; private init; }

    /// <summary>Error code (Fail).</summary>
    public string? ErrorCode { get; private init; }

    /// <summary>Error message (Fail).</summary>
    public string? ErrorMessage { get; private init; }

    /// <summary>Outcome (Complete).</summary>
    public WorkflowOutcome? Outcome { get; private init; }

    /// <summary>Continue on <paramref name="port"/>.</summary>
    public static ModuleResult Next(string port, IReadOnlyDictionary<string, object?>? outputs = null)
        => new() { Kind = ModuleResultKind.Continue, Port = port, Outputs = outputs ?? NoOutputs };

    /// <summary>Continue on <c>done</c>.</summary>
    public static ModuleResult Done(IReadOnlyDictionary<string, object?>? outputs = null) => Next(Ports.Done, outputs);

    /// <summary>Suspend on <paramref name="bookmark"/>; with <paramref name="resumeAt"/> the scheduler wakes it.</summary>
    public static ModuleResult Suspend(
        string bookmark, IReadOnlyDictionary<string, object?>? payload = null, DateTimeOffset? resumeAt = null,
        IReadOnlyDictionary<string, object?>? outputs = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(bookmark);
        return new() { Kind = ModuleResultKind.Suspend, Bookmark = bookmark, BookmarkPayload = payload, ResumeAt = resumeAt, Outputs = outputs ?? NoOutputs };
    }

    /// <summary>Fail the step with a stable code.</summary>
    public static ModuleResult Fail(string code, string message, IReadOnlyDictionary<string, object?>? outputs = null)
        => new() { Kind = ModuleResultKind.Fail, Port = Ports.Failed, ErrorCode = code, ErrorMessage = message, Outputs = outputs ?? NoOutputs };

    /// <summary>End the workflow with <paramref name="outcome"/>.</summary>
    public static ModuleResult Complete(WorkflowOutcome outcome, IReadOnlyDictionary<string, object?>? outputs = null)
        => new() { Kind = ModuleResultKind.Complete, Outcome = outcome, Outputs = outputs ?? NoOutputs };
}

/// <summary>Well-known port names.</summary>
public static class Ports
{
    /// <summary>Normal continuation.</summary>
    public const string Done = "done";
    /// <summary>The module failed.</summary>
    public const string Failed = "failed";
    /// <summary>The node was disabled or its rule was false.</summary>
    public const string Skipped = "skipped";
    /// <summary>Decision fallback branch.</summary>
    public const string Else = "else";
}
