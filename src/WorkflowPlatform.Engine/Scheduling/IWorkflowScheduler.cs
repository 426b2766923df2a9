namespace WorkflowPlatform.Engine.Scheduling;

/// <summary>
/// Durable timers for the engine. The server implements it with Quartz (one trigger per timer,
/// job data = instance id + bookmark); when a timer fires it calls
/// <see cref="Execution.WorkflowEngine.ResumeAsync"/> with <see cref="TimerKeys.Resume"/> as idempotency
/// key, or <see cref="Execution.WorkflowEngine.ExpireAsync"/> for expiry. Implementations must tolerate a
/// timer firing twice (the engine's idempotency makes that harmless).
/// </summary>
public interface IWorkflowScheduler
{
    /// <summary>Resume <paramref name="bookmark"/> of an instance at <paramref name="dueAt"/> (Wait nodes, retry back-off).</summary>
    Task ScheduleResumeAsync(string instanceId, string bookmark, DateTimeOffset dueAt, CancellationToken cancellationToken = default);

    /// <summary>Expire the instance at <paramref name="expiresAt"/> unless it has finished.</summary>
    Task ScheduleExpiryAsync(string instanceId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Removes every pending timer of the instance (it finished).</summary>
    Task CancelAsync(string instanceId, CancellationToken cancellationToken = default);
}

/// <summary>What a scheduled timer does.</summary>
public enum TimerKind
{
    /// <summary>Resume a bookmark.</summary>
    Resume,
    /// <summary>Expire the instance.</summary>
    Expire,
}

/// <summary>One pending timer.</summary>
public sealed record ScheduledTimer(string InstanceId, TimerKind Kind, string? Bookmark, DateTimeOffset DueAt);

/// <summary>Idempotency keys used by timers.</summary>
public static class TimerKeys
{
    /// <summary>Key for a timer resume of <paramref name="bookmark"/>: repeated firings replay the first answer.</summary>
    public static string Resume(string instanceId, string bookmark) => $"timer:{instanceId}:{bookmark}";
}
