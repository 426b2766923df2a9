using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WorkflowPlatform.Engine.Diagnostics;

/// <summary>
/// The product's single <see cref="ActivitySource"/> and <see cref="Meter"/>, both named
/// <c>WorkflowPlatform</c>. Other projects reference these instead of creating their own.
/// </summary>
public static class EngineTelemetry
{
    /// <summary>Name of the activity source and the meter.</summary>
    public const string Name = "WorkflowPlatform";

    /// <summary>Histogram (ms) of one node step; tags <c>module</c>, <c>status</c>.</summary>
    public const string StepDuration = "workflow.step.duration";

    /// <summary>Histogram (ms) of one run slice (start or resume until suspension/end); tag <c>workflow</c>.</summary>
    public const string RunDuration = "workflow.run.duration";

    /// <summary>Counter of started instances; tag <c>workflow</c>.</summary>
    public const string InstancesStarted = "workflow.instances.started";

    /// <summary>Counter of instances reaching a final state; tags <c>workflow</c>, <c>status</c>, <c>outcome</c>.</summary>
    public const string InstancesFinished = "workflow.instances.finished";

    /// <summary>Counter of resumes refused or replayed; tag <c>reason</c> (<c>consumed</c>, <c>replayed</c>, <c>concurrent</c>).</summary>
    public const string ResumeConflicts = "workflow.resume.conflicts";

    /// <summary>Counter of instances the sweeper recovered; tag <c>action</c> (<c>resumed</c>, <c>failed</c>, <c>expired</c>).</summary>
    public const string SweeperActions = "workflow.sweeper.actions";

    /// <summary>The activity source (one span per run slice and per step).</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, "1.0");

    /// <summary>The meter.</summary>
    public static Meter Meter { get; } = new(Name, "1.0");

    internal static readonly Histogram<double> StepDurationHistogram =
        Meter.CreateHistogram<double>(StepDuration, "ms", "Duration of one workflow node step.");

    internal static readonly Histogram<double> RunDurationHistogram =
        Meter.CreateHistogram<double>(RunDuration, "ms", "Duration of one run slice of an instance.");

    internal static readonly Counter<long> StartedCounter =
        Meter.CreateCounter<long>(InstancesStarted, description: "Workflow instances started.");

    internal static readonly Counter<long> FinishedCounter =
        Meter.CreateCounter<long>(InstancesFinished, description: "Workflow instances that reached a final state.");

    internal static readonly Counter<long> ResumeConflictCounter =
        Meter.CreateCounter<long>(ResumeConflicts, description: "Resumes refused (consumed/concurrent) or replayed (same idempotency key).");

    internal static readonly Counter<long> SweeperCounter =
        Meter.CreateCounter<long>(SweeperActions, description: "Instances recovered by the sweeper.");
}
