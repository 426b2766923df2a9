using System.Security.Cryptography;
using System.Text;
using Quartz;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Scheduling;

namespace WorkflowPlatform.Server.Workflows;

/// <summary>
/// <see cref="IWorkflowScheduler"/> on the Quartz persistent store: one job per timer, all timers of an
/// instance in the job group <c>wf:&lt;instanceId&gt;</c> so that finishing the instance removes them in one
/// call. Jobs survive restarts and, on PostgreSQL, fire on whichever cluster node is free. Scheduling the
/// same timer again replaces it; a timer firing late or twice is harmless (the engine ignores stale timers
/// and replays resumes by idempotency key).
/// </summary>
public sealed class QuartzWorkflowScheduler(ISchedulerFactory schedulers) : IWorkflowScheduler
{
    internal const string InstanceKey = "instanceId";
    internal const string BookmarkKey = "bookmark";
    internal const string KindKey = "kind";
    internal const string AttemptKey = "attempt";
    private const int MaxJobNameLength = 190;

    /// <summary>The job group holding every timer of an instance.</summary>
    public static string GroupOf(string instanceId) => "wf:" + instanceId;

    /// <inheritdoc />
    public Task ScheduleResumeAsync(string instanceId, string bookmark, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
        => ScheduleAsync(instanceId, TimerKind.Resume, bookmark, dueAt, cancellationToken);

    /// <inheritdoc />
    public Task ScheduleExpiryAsync(string instanceId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
        => ScheduleAsync(instanceId, TimerKind.Expire, null, expiresAt, cancellationToken);

    /// <inheritdoc />
    public async Task CancelAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        await scheduler.DeleteJobs(GroupMatcher<JobKey>.GroupEquals(GroupOf(instanceId)), cancellationToken).ConfigureAwait(false);
    }

    private async Task ScheduleAsync(string instanceId, TimerKind kind, string? bookmark, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var key = new JobKey(JobName(kind, bookmark), GroupOf(instanceId));
        var job = JobBuilder.Create<WorkflowTimerJob>()
            .WithIdentity(key)
            .UsingJobData(InstanceKey, instanceId)
            .UsingJobData(KindKey, kind == TimerKind.Expire ? "expire" : "resume")
            .UsingJobData(BookmarkKey, bookmark ?? "")
            .Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(key.Name, key.Group)
            .StartAt(dueAt)
            .Build();
        await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken).ConfigureAwait(false);
    }

    // Bookmark names may be up to 200 characters; Quartz keys are limited, so long ones are hashed.
    private static string JobName(TimerKind kind, string? bookmark)
    {
        if (kind == TimerKind.Expire)
        {
            return "expire";
        }

        var name = "resume:" + bookmark;
        return name.Length <= MaxJobNameLength
            ? name
            : "resume#" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(bookmark!)));
    }
}

/// <summary>
/// Fires one workflow timer: resumes a timer bookmark or expires the instance. A failure (database
/// unavailable, …) is retried with back-off by scheduling the same job again, up to <see cref="MaxAttempts"/>;
/// the sweeper still catches expiries after that.
/// </summary>
public sealed partial class WorkflowTimerJob(WorkflowEngine engine, TimeProvider time, ILogger<WorkflowTimerJob> logger) : IJob
{
    /// <summary>Attempts before a failing timer is given up.</summary>
    public const int MaxAttempts = 8;

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var data = context.MergedJobDataMap;
        var instanceId = Text(data, QuartzWorkflowScheduler.InstanceKey);
        var kind = Text(data, QuartzWorkflowScheduler.KindKey);
        var bookmark = Text(data, QuartzWorkflowScheduler.BookmarkKey);
        try
        {
            if (kind == "expire")
            {
                await engine.ExpireAsync(instanceId, cancellationToken);
            }
            else
            {
                await engine.ResumeTimerAsync(instanceId, bookmark, cancellationToken);
            }
        }
        catch (WorkflowEngineException e) when (e.Code == EngineErrorCodes.InstanceNotFound)
        {
            Log.InstanceGone(logger, instanceId, kind);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var attempt = data.TryGetValue(QuartzWorkflowScheduler.AttemptKey, out var a) && a is string s && int.TryParse(s, out var n) ? n + 1 : 1;
            if (attempt >= MaxAttempts)
            {
                Log.GaveUp(logger, e, instanceId, kind, attempt);
                return;
            }

            var delay = TimeSpan.FromSeconds(Math.Min(600, 5 * Math.Pow(2, attempt - 1)));
            Log.Retrying(logger, e, instanceId, kind, attempt, delay.TotalSeconds);
            var retry = TriggerBuilder.Create()
                .WithIdentity(context.JobDetail.Key.Name + ":retry" + attempt, context.JobDetail.Key.Group)
                .ForJob(context.JobDetail.Key)
                .UsingJobData(QuartzWorkflowScheduler.AttemptKey, attempt.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .StartAt(time.GetUtcNow() + delay)
                .Build();
            await context.Scheduler.ScheduleJob(retry, ScheduleJobOptions.Replacing, cancellationToken);
        }
    }

    private static string Text(JobDataMap data, string key)
        => data.TryGetValue(key, out var value) && value is string text ? text : "";

    private static partial class Log
    {
        [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "Timer {Kind} for instance {InstanceId} ignored: the instance no longer exists")]
        public static partial void InstanceGone(ILogger logger, string instanceId, string kind);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Timer {Kind} for instance {InstanceId} failed (attempt {Attempt}); retrying in {DelaySeconds} s")]
        public static partial void Retrying(ILogger logger, Exception exception, string instanceId, string kind, int attempt, double delaySeconds);

        [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "Timer {Kind} for instance {InstanceId} failed {Attempt} times; giving up (the sweeper still expires overdue instances)")]
        public static partial void GaveUp(ILogger logger, Exception exception, string instanceId, string kind, int attempt);
    }
}

/// <summary>The recurring sweep: abandoned <c>running</c> instances are resumed, reopened or failed; overdue ones expire.</summary>
[DisallowConcurrentExecution]
public sealed partial class WorkflowSweepJob(WorkflowSweeper sweeper, ILogger<WorkflowSweepJob> logger) : IJob
{
    /// <summary>Job and trigger name.</summary>
    public static readonly JobKey Key = new("workflow-sweeper", "workflows");

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var report = await sweeper.SweepAsync(cancellationToken);
        if (report.Resumed + report.Reopened + report.Failed + report.Expired > 0)
        {
            Log.Swept(logger, report.Resumed, report.Reopened, report.Failed, report.Expired);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "Workflow sweep: {Resumed} resumed, {Reopened} reopened, {Failed} failed, {Expired} expired")]
        public static partial void Swept(ILogger logger, int resumed, int reopened, int failed, int expired);
    }
}
