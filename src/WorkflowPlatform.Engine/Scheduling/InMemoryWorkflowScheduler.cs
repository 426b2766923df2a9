using WorkflowPlatform.Engine.Execution;

namespace WorkflowPlatform.Engine.Scheduling;

/// <summary>
/// In-process timer list on a <see cref="TimeProvider"/>. Nothing fires by itself: call
/// <see cref="FireDueAsync"/> (tests after advancing a manual clock; a host from a periodic loop).
/// Timers are lost with the process — the server uses the Quartz implementation.
/// </summary>
public sealed class InMemoryWorkflowScheduler(TimeProvider timeProvider) : IWorkflowScheduler
{
    private readonly Lock _gate = new();
    private readonly List<ScheduledTimer> _timers = [];

    /// <summary>Pending timers, earliest first.</summary>
    public IReadOnlyList<ScheduledTimer> Pending
    {
        get
        {
            lock (_gate)
            {
                return _timers.OrderBy(t => t.DueAt).ToList();
            }
        }
    }

    /// <inheritdoc />
    public Task ScheduleResumeAsync(string instanceId, string bookmark, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _timers.RemoveAll(t => t.InstanceId == instanceId && t.Kind == TimerKind.Resume && t.Bookmark == bookmark);
            _timers.Add(new ScheduledTimer(instanceId, TimerKind.Resume, bookmark, dueAt));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ScheduleExpiryAsync(string instanceId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _timers.RemoveAll(t => t.InstanceId == instanceId && t.Kind == TimerKind.Expire);
            _timers.Add(new ScheduledTimer(instanceId, TimerKind.Expire, null, expiresAt));
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CancelAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _timers.RemoveAll(t => t.InstanceId == instanceId);
        }

        return Task.CompletedTask;
    }

    /// <summary>Runs every timer due at the provider's current time through the engine; returns how many fired.</summary>
    public async Task<int> FireDueAsync(WorkflowEngine engine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var now = timeProvider.GetUtcNow();
        List<ScheduledTimer> due;
        lock (_gate)
        {
            due = _timers.Where(t => t.DueAt <= now).OrderBy(t => t.DueAt).ToList();
            foreach (var timer in due)
            {
                _timers.Remove(timer);
            }
        }

        foreach (var timer in due)
        {
            if (timer.Kind == TimerKind.Expire)
            {
                await engine.ExpireAsync(timer.InstanceId, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await engine.ResumeTimerAsync(timer.InstanceId, timer.Bookmark!, cancellationToken).ConfigureAwait(false);
            }
        }

        return due.Count;
    }
}
