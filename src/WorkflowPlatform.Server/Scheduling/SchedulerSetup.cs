using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;
using WorkflowPlatform.Storage;

namespace WorkflowPlatform.Server.Scheduling;

/// <summary>Background scheduler settings. Section <c>Scheduler</c>.</summary>
public sealed class SchedulerSettings
{
    public const string SectionName = "Scheduler";

    /// <summary>Scheduler name; every node of one cluster must use the same name. Default <c>WorkflowPlatform</c>.</summary>
    [Required, MaxLength(120)]
    public string InstanceName { get; set; } = "WorkflowPlatform";

    /// <summary>Join a Quartz cluster. Null (default) means: clustered on PostgreSQL, not on SQLite.</summary>
    public bool? Clustered { get; set; }

    /// <summary>Jobs executing at once on this node. Default 4.</summary>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 4;
}

public static class SchedulerSetup
{
    public const string TablePrefix = "qrtz_";

    /// <summary>
    /// Quartz with the persistent ADO job store in the platform database (tables created by the
    /// storage migrations), System.Text.Json job data, clustering on PostgreSQL, a hosted service
    /// and a readiness health check tagged <c>ready</c>.
    /// </summary>
    public static IServiceCollection AddPlatformScheduler(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SchedulerSettings>().BindConfiguration(SchedulerSettings.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var settings = configuration.GetSection(SchedulerSettings.SectionName).Get<SchedulerSettings>() ?? new SchedulerSettings();
        var storage = new StorageOptions();
        configuration.GetSection(StorageOptions.SectionName).Bind(storage);
        storage.PostgresConnectionString ??= configuration.GetConnectionString("Postgres");
        var postgres = storage.EffectiveProvider == StorageProvider.Postgres;

        services.AddHealthChecks();
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o => o.InstanceName = settings.InstanceName);
            q.UseDefaultThreadPool(settings.MaxConcurrency);
            q.UsePersistentStore(store =>
            {
                if (postgres)
                {
                    store.UsePostgres(storage.ConnectionString);
                }
                else
                {
                    store.UseSqlite(storage.ConnectionString);
                }
                store.UseSystemTextJsonSerializer();
                // The schema is ours: created and versioned by the storage migrations, validated by Quartz.
                store.ConfigureStore(o =>
                {
                    o.TablePrefix = TablePrefix;
                    o.SchemaProvisioning = SchemaProvisioning.Validate;
                });
                if (settings.Clustered ?? postgres)
                {
                    store.UseClustering(_ => { });
                }
            });
            q.AddQuartzHealthChecks(o =>
            {
                o.Name = "scheduler";
                o.Tags.Add("ready");
                o.FailureStatus = HealthStatus.Unhealthy;
            });
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
