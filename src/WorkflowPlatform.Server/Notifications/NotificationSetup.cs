using Microsoft.Extensions.Options;
using Quartz;
using WorkflowPlatform.Server.Notifications.Webhooks;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Notifications;

namespace WorkflowPlatform.Server.Notifications;

public static class NotificationSetup
{
    /// <summary>
    /// Notifications: the outbox hook on instance writes (<see cref="RequestEvents"/>), <c>user.erased</c> on erasure
    /// receipts, the delivery loop on every node (woken on commit, polling otherwise) and the clustered Quartz job,
    /// the webhook sender with <see cref="OutboundUrlPolicy"/> (section <c>Webhooks</c>), e-mail, endpoint health.
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.SectionName)
            .Validate(o => o.Timeout > TimeSpan.Zero && o.LeaseDuration > o.Timeout, "Webhooks:LeaseDuration must be longer than Webhooks:Timeout.")
            .Validate(o => o.PollInterval >= TimeSpan.FromMilliseconds(10) && o.JobInterval >= TimeSpan.FromSeconds(1), "Webhooks:PollInterval ≥ 10 ms, Webhooks:JobInterval ≥ 1 s.")
            .Validate(o => o.BatchSize is > 0 and <= 1000 && o.MaxParallel is > 0 and <= 256, "Webhooks:BatchSize 1–1000, Webhooks:MaxParallel 1–256.")
            .Validate(o => o.Jitter is >= 0 and < 1, "Webhooks:Jitter must be in [0, 1).")
            .Validate(o => o.RetryDelays is null || o.RetryDelays.TrueForAll(d => d >= TimeSpan.Zero), "Webhooks:RetryDelays must not be negative.")
            .ValidateOnStart();

        services.AddSingleton<IInstanceChangeHook, RequestEvents>();
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<OutboxSaveInterceptor>();
        services.ConfigureDbContext<PlatformDbContext>((sp, db) => db.AddInterceptors(sp.GetRequiredService<OutboxSaveInterceptor>()));

        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<NotificationOptions>>().Value;
            return new OutboundUrlPolicy(o.AllowLoopback, o.AllowPrivate);
        });
        services.AddSingleton(sp => new WebhookSender(
            WebhookSender.CreateClient(sp.GetRequiredService<IOptions<NotificationOptions>>().Value.Timeout),
            sp.GetRequiredService<OutboundUrlPolicy>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<EmailNotifier>();
        services.AddSingleton<EndpointHealth>();
        services.AddSingleton<NotificationDispatcher>();
        services.AddTransient<NotificationDeliveryJob>();
        services.AddHostedService<NotificationPump>();
        return services;
    }
}

/// <summary>
/// The clustered safety net: a Quartz job (one node per firing on PostgreSQL) that delivers whatever is due,
/// e.g. retries whose time came while no node was woken, or attempts of a node that died.
/// </summary>
[DisallowConcurrentExecution]
public sealed class NotificationDeliveryJob(NotificationDispatcher dispatcher) : IJob
{
    public static readonly JobKey Key = new("notification-delivery", "notifications");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) => await dispatcher.DrainAsync(cancellationToken);
}

/// <summary>
/// Every node's delivery loop: runs a pass as soon as a commit added deliveries (low latency) or every
/// <see cref="NotificationOptions.PollInterval"/>; schedules <see cref="NotificationDeliveryJob"/> at start.
/// </summary>
internal sealed partial class NotificationPump(
    NotificationDispatcher dispatcher, DeliverySignal signal, ISchedulerFactory schedulers, IOptions<NotificationOptions> options, ILogger<NotificationPump> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.DeliveryEnabled)
        {
            return;
        }
        var scheduler = await schedulers.GetScheduler(stoppingToken);
        var job = JobBuilder.Create<NotificationDeliveryJob>().WithIdentity(NotificationDeliveryJob.Key).Build();
        var trigger = TriggerBuilder.Create().WithIdentity(NotificationDeliveryJob.Key.Name, NotificationDeliveryJob.Key.Group).StartNow()
            .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(o.JobInterval).RepeatForever())
            .Build();
        await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.DrainAsync(stoppingToken);
                await signal.WaitAsync(o.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or Microsoft.EntityFrameworkCore.DbUpdateException or InvalidOperationException or TimeoutException)
            {
                // Database briefly unavailable: log, back off, keep the loop alive.
                Log.PassFailed(logger, e);
                await Task.Delay(o.PollInterval, stoppingToken);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Notification delivery pass failed; retrying.")]
        public static partial void PassFailed(ILogger logger, Exception exception);
    }
}
