using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;
using WorkflowPlatform.Engine;
using WorkflowPlatform.Engine.Scheduling;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Workflows;

namespace WorkflowPlatform.Server.Workflows;

/// <summary>How the server hosts the engine. Section <c>Workflows</c> (engine limits are in section <c>Workflow</c>).</summary>
public sealed class WorkflowHostingOptions
{
    public const string SectionName = "Workflows";

    /// <summary>Folder of the built-in definitions. Default: <c>workflows/</c> beside the binaries or in the content root (or a parent).</summary>
    public string? BuiltInDirectory { get; set; }

    /// <summary>How often the sweeper looks for abandoned and overdue instances. Default 30 seconds.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Import built-ins into existing workspaces at start-up (and publish drafts that now validate). Default true.</summary>
    public bool ImportBuiltInsOnStartup { get; set; } = true;
}

public static class WorkflowHostingExtensions
{
    /// <summary>
    /// The engine inside the server: <c>AddWorkflowEngine()</c> with the EF stores, the Quartz timer scheduler,
    /// the recurring sweeper job, built-in definitions imported into every workspace (new ones as they are
    /// created, existing ones at start-up), and <see cref="IWorkflowRuntime"/>. <paramref name="engine"/> adds
    /// modules (<c>e => e.AddModule&lt;T&gt;()</c>); modules registered elsewhere as <c>IWorkflowModule</c> count too.
    /// </summary>
    public static IServiceCollection AddWorkflows(this IServiceCollection services, IConfiguration configuration, Action<WorkflowEngineBuilder>? engine = null)
    {
        services.AddOptions<WorkflowHostingOptions>().BindConfiguration(WorkflowHostingOptions.SectionName)
            .Validate(o => o.SweepInterval >= TimeSpan.FromSeconds(1), "Workflows:SweepInterval must be at least one second.")
            .ValidateOnStart();
        services.AddOptions<WorkflowEngineOptions>().BindConfiguration("Workflow");
        var builder = services.AddWorkflowEngine().UseEfStores();
        engine?.Invoke(builder);
        services.AddSingleton<IWorkflowScheduler, QuartzWorkflowScheduler>();
        services.AddTransient<WorkflowTimerJob>();
        services.AddTransient<WorkflowSweepJob>();
        services.AddHttpContextAccessor();
        services.AddSingleton<IWorkflowActor, HttpWorkflowActor>();
        services.AddSingleton<IWorkflowRuntime, WorkflowRuntime>();
        services.AddSingleton<BuiltInWorkflows>();
        services.AddSingleton<NewWorkspaceInterceptor>();
        services.AddSingleton<NewWorkspaceCommitInterceptor>();
        services.ConfigureDbContext<PlatformDbContext>((sp, db) => db.AddInterceptors(
            sp.GetRequiredService<NewWorkspaceInterceptor>(), sp.GetRequiredService<NewWorkspaceCommitInterceptor>()));
        services.AddHostedService<WorkflowStartup>();
        return services;
    }
}

/// <summary>Start-up: schedule the recurring sweeper (idempotent, persistent) and import built-ins into existing workspaces.</summary>
internal sealed class WorkflowStartup(ISchedulerFactory schedulers, BuiltInWorkflows builtIns, IOptions<WorkflowHostingOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var job = JobBuilder.Create<WorkflowSweepJob>().WithIdentity(WorkflowSweepJob.Key).Build();
        var trigger = TriggerBuilder.Create()
            .WithIdentity(WorkflowSweepJob.Key.Name, WorkflowSweepJob.Key.Group)
            .StartNow()
            .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(options.Value.SweepInterval).RepeatForever())
            .Build();
        await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
        if (options.Value.ImportBuiltInsOnStartup)
        {
            await builtIns.EnsureAllAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
