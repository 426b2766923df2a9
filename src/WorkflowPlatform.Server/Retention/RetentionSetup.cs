using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Quartz;
using WorkflowPlatform.Storage.Blobs;
using WorkflowPlatform.Storage.Workflows;
using WorkflowPlatform.Verification;
using WorkflowPlatform.Verification.Photos;
using WorkflowPlatform.Verification.Profiles;

namespace WorkflowPlatform.Server.Retention;

public static class RetentionSetup
{
    /// <summary>
    /// Retention: <see cref="RetentionOptions"/> (section <c>Retention</c>, validated at start-up), <see cref="RequestRetention"/>
    /// run by the recurring <see cref="RequestRetentionJob"/> on the platform scheduler, and <see cref="UserErasure"/>.
    /// Adds the blob store and the profile services it needs when nothing registered them yet.
    /// </summary>
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.SectionName)
            .Validate(o => o.RequestImagesDays is >= 1 and <= RetentionOptions.MaxDays, "Retention:RequestImagesDays must be 1–36500.")
            .Validate(o => o.FinishedRequestsDays is null || (o.FinishedRequestsDays >= o.RequestImagesDays && o.FinishedRequestsDays <= RetentionOptions.MaxDays),
                "Retention:FinishedRequestsDays must be empty (keep) or between Retention:RequestImagesDays and 36500.")
            .Validate(o => o.SweepInterval >= TimeSpan.FromSeconds(1), "Retention:SweepInterval must be at least one second.")
            .Validate(o => o.BatchSize is >= 1 and <= 10_000, "Retention:BatchSize must be 1–10000.")
            .ValidateOnStart();
        services.AddBlobStore(configuration);
        services.AddOptions<VerificationOptions>().BindConfiguration(VerificationOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PhotoRetention>();
        services.TryAddSingleton<WorkspaceGalleries>();
        services.TryAddSingleton<UserProfiles>();
        services.TryAddSingleton<RequestRetentionStore>();
        services.TryAddSingleton<RequestRetention>();
        services.TryAddSingleton<UserErasure>();
        services.AddTransient<RequestRetentionJob>();
        services.AddHostedService<RetentionStartup>();
        return services;
    }
}

/// <summary>The recurring retention run. One node of a cluster at a time (<see cref="DisallowConcurrentExecutionAttribute"/> on the clustered store).</summary>
[DisallowConcurrentExecution]
public sealed class RequestRetentionJob(RequestRetention retention) : IJob
{
    /// <summary>Job and trigger name.</summary>
    public static readonly JobKey Key = new("request-retention", "retention");

    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
        => await retention.RunAsync(cancellationToken);
}

/// <summary>
/// Schedules <see cref="RequestRetentionJob"/> every <see cref="RetentionOptions.SweepInterval"/> on the persistent store.
/// An existing trigger with the same interval is kept, so nodes restarting more often than the interval do not keep
/// postponing the next run; a changed interval replaces it.
/// </summary>
internal sealed class RetentionStartup(ISchedulerFactory schedulers, IOptions<RetentionOptions> options, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var interval = options.Value.SweepInterval;
        var triggerKey = new TriggerKey(RequestRetentionJob.Key.Name, RequestRetentionJob.Key.Group);
        if (await scheduler.GetTrigger(triggerKey, cancellationToken) is ISimpleTrigger existing && existing.RepeatInterval == interval
            && await scheduler.GetJobDetail(RequestRetentionJob.Key, cancellationToken) is not null)
        {
            return;
        }

        var job = JobBuilder.Create<RequestRetentionJob>().WithIdentity(RequestRetentionJob.Key).Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(triggerKey)
            .StartAt(time.GetUtcNow() + interval)
            .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(interval).RepeatForever())
            .Build();
        await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
