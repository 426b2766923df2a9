namespace WorkflowPlatform.Engine;

/// <summary>Engine options; bind from configuration section <c>Workflow</c>.</summary>
public sealed class WorkflowEngineOptions
{
    /// <summary>Steps one run slice may take before the instance fails with <c>STEP_LIMIT_EXCEEDED</c> (guards loops). Default 1000.</summary>
    public int MaxStepsPerRun { get; set; } = 1000;

    /// <summary>A <c>running</c> instance not updated for this long is considered abandoned by a crashed process. Default 5 minutes.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the sweeper may restart one instance before failing it with <c>RECOVERY_EXHAUSTED</c>. Default 3.</summary>
    public int MaxRecoveries { get; set; } = 3;

    /// <summary>
    /// Restart an abandoned node whose module has side effects (it may run twice). Default false: such
    /// instances fail with <c>INTERRUPTED</c> because the engine cannot know whether the effect happened.
    /// </summary>
    public bool RetryInterruptedSideEffects { get; set; }

    /// <summary>Instances handled per sweep query. Default 100.</summary>
    public int SweepBatchSize { get; set; } = 100;

    /// <summary>Compiled-rule cache capacity. Default 4096.</summary>
    public int RuleCacheCapacity { get; set; } = 4096;
}
