using WorkflowPlatform.Engine.Persistence;

namespace WorkflowPlatform.Engine.Execution;

// Recovery of instances left running by a dead process (driven by WorkflowSweeper).
public sealed partial class WorkflowEngine
{
    /// <summary>
    /// Recovers an instance left <c>running</c> by a dead process (called by <see cref="WorkflowSweeper"/>):
    /// reopens the bookmark being resumed, re-runs a side-effect-free node, or fails the instance.
    /// Returns null when another process changed the instance first.
    /// </summary>
    internal async Task<(RunResult? Result, string Action)> RecoverAsync(WorkflowInstance instance, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (instance.Status != InstanceStatus.Running)
        {
            return (null, "skipped");
        }

        if (instance.ExpiresAt is { } expiresAt && expiresAt <= now)
        {
            return (await ExpireAsync(instance.Id, cancellationToken).ConfigureAwait(false), "expired");
        }

        var plan = PlanFor(instance);
        var node = instance.CurrentNodeId is null ? null : plan.Node(instance.CurrentNodeId);
        string? failure = null;
        if (instance.RecoveryCount >= _options.MaxRecoveries)
        {
            failure = EngineErrorCodes.RecoveryExhausted;
        }
        else if (node is null && instance.ActiveBookmark is null)
        {
            failure = EngineErrorCodes.NodeMissing;
        }
        else if (instance.ActiveBookmark is null && node is not null && plan.Module(node.Id) is { Descriptor.SideEffects: true }
            && !_options.RetryInterruptedSideEffects)
        {
            failure = EngineErrorCodes.Interrupted;
        }

        instance.RecoveryCount++;
        instance.UpdatedAt = now;
        if (failure is not null)
        {
            instance.Status = InstanceStatus.Failed;
            instance.FinishedAt = now;
            instance.ErrorCode = failure;
            instance.ErrorMessage = failure switch
            {
                EngineErrorCodes.Interrupted => $"The process running node '{node?.Id}' (side effects) stopped; it is not retried automatically.",
                EngineErrorCodes.NodeMissing => $"Abandoned at node '{instance.CurrentNodeId}', which the pinned definition does not have.",
                _ => $"Recovered {instance.RecoveryCount - 1} times without finishing.",
            };
            instance.ActiveBookmark = null;
            if (!await TrySaveAsync(instance, [Event(instance, now, "recovery: " + instance.ErrorMessage)], cancellationToken).ConfigureAwait(false))
            {
                return (null, "conflict");
            }

            await _scheduler.CancelAsync(instance.Id, cancellationToken).ConfigureAwait(false);
            Finished(instance);
            return (RunResult.From(instance), "failed");
        }

        if (instance.ActiveBookmark is { } active)
        {
            // The resume never finished its node: hand the bookmark back so it can be submitted again.
            var bookmark = instance.Bookmarks.LastOrDefault(b => b.Name == active);
            if (bookmark is not null)
            {
                bookmark.ConsumedAt = null;
                bookmark.ConsumedBy = null;
                bookmark.ResumeStatus = null;
                bookmark.ResumeOutcome = null;
            }

            instance.ActiveBookmark = null;
            instance.Status = InstanceStatus.AwaitingInput;
            if (!await TrySaveAsync(instance, [Event(instance, now, $"recovery: bookmark '{active}' reopened")], cancellationToken).ConfigureAwait(false))
            {
                return (null, "conflict");
            }

            if (bookmark?.ResumeAt is not null)
            {
                await _scheduler.ScheduleResumeAsync(instance.Id, bookmark.Name, now, cancellationToken).ConfigureAwait(false);
            }

            return (RunResult.From(instance), "reopened");
        }

        if (!await TrySaveAsync(instance, [Event(instance, now, $"recovery: restarting at node '{instance.CurrentNodeId}'")], cancellationToken).ConfigureAwait(false))
        {
            return (null, "conflict");
        }

        return (await RunSliceAsync(plan, instance, null, null, cancellationToken).ConfigureAwait(false), "resumed");
    }
}
