using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Engine.Diagnostics;
using WorkflowPlatform.Engine.Persistence;

namespace WorkflowPlatform.Engine.Execution;

/// <summary>What one sweep did.</summary>
/// <param name="Resumed">Abandoned instances restarted at their current node.</param>
/// <param name="Reopened">Abandoned resumes whose bookmark was handed back.</param>
/// <param name="Failed">Abandoned instances failed (side effects interrupted or too many recoveries).</param>
/// <param name="Expired">Instances past their TTL.</param>
/// <param name="TimersFired">Overdue timer bookmarks resumed (their scheduler trigger was lost).</param>
public sealed record SweepReport(int Resumed, int Reopened, int Failed, int Expired, int TimersFired = 0);

/// <summary>
/// Finds instances left <c>running</c> by a crashed process, instances past their TTL and timer
/// bookmarks overdue by more than <see cref="WorkflowEngineOptions.StuckAfter"/>, and resumes,
/// reopens, fails, expires or fires them. The server runs <see cref="SweepAsync"/> periodically (a Quartz job);
/// several processes may sweep at once: every change is a conditional write, so each instance is handled once.
/// </summary>
public sealed partial class WorkflowSweeper(
    WorkflowEngine engine, IWorkflowInstanceStore store, TimeProvider time, IOptions<WorkflowEngineOptions> options,
    ILogger<WorkflowSweeper>? logger = null)
{
    private readonly ILogger _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<WorkflowSweeper>.Instance;

    /// <summary>One pass over stuck and expired instances.</summary>
    public async Task<SweepReport> SweepAsync(CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        int resumed = 0, reopened = 0, failed = 0, expired = 0;
        foreach (var instance in await store.FindExpiredAsync(now, o.SweepBatchSize, cancellationToken).ConfigureAwait(false))
        {
            var result = await engine.ExpireAsync(instance.Id, cancellationToken).ConfigureAwait(false);
            if (result.Status == InstanceStatus.Expired)
            {
                expired++;
                Count("expired");
            }
        }

        foreach (var instance in await store.FindStuckAsync(now - o.StuckAfter, o.SweepBatchSize, cancellationToken).ConfigureAwait(false))
        {
            var (_, action) = await engine.RecoverAsync(instance, cancellationToken).ConfigureAwait(false);
            Log.Recovered(_logger, instance.Id, action);
            switch (action)
            {
                case "resumed": resumed++; Count(action); break;
                case "reopened": reopened++; Count(action); break;
                case "failed": failed++; Count(action); break;
                case "expired": expired++; Count(action); break;
            }
        }

        // Timers the scheduler should have fired long ago (trigger lost between save and schedule).
        var timers = 0;
        foreach (var instance in await store.FindOverdueTimersAsync(now - o.StuckAfter, o.SweepBatchSize, cancellationToken).ConfigureAwait(false))
        {
            foreach (var bookmark in instance.Bookmarks.Where(b => b.ConsumedAt is null && b.ResumeAt <= now - o.StuckAfter).ToList())
            {
                if (await engine.ResumeTimerAsync(instance.Id, bookmark.Name, cancellationToken).ConfigureAwait(false) is { Replayed: false })
                {
                    timers++;
                    Count("timer");
                }
            }
        }

        return new SweepReport(resumed, reopened, failed, expired, timers);
    }

    private static void Count(string action)
        => EngineTelemetry.SweeperCounter.Add(1, new KeyValuePair<string, object?>("action", action));

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Sweeper handled abandoned instance {InstanceId}: {Action}")]
        public static partial void Recovered(ILogger logger, string instanceId, string action);
    }
}
