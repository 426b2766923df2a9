using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Storage.DataProtection;
using WorkflowPlatform.Storage.Migrations;

namespace WorkflowPlatform.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PlatformDbContext"/> on SQLite (default, file under <c>Storage:DataPath</c>)
    /// or PostgreSQL (<c>ConnectionStrings:Postgres</c> or <c>Storage:Provider=postgres</c>), the scoped
    /// <see cref="IWorkspaceContext"/>, the <see cref="SchemaMigrator"/>, and a start-up step that applies
    /// pending schema scripts before any other hosted service starts.
    /// </summary>
    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration, Action<StorageOptions>? configure = null)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .PostConfigure(o =>
            {
                o.PostgresConnectionString ??= configuration.GetConnectionString("Postgres");
                configure?.Invoke(o);
            })
            .Validate(o => o.EffectiveProvider != StorageProvider.Postgres || !string.IsNullOrWhiteSpace(o.PostgresConnectionString),
                "Storage:Provider is postgres but ConnectionStrings:Postgres is empty.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.DataPath), "Storage:DataPath must not be empty.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<IWorkspaceContext, WorkspaceContext>();
        services.AddSingleton<SchemaMigrator>();
        services.AddDbContext<PlatformDbContext>((sp, db) =>
        {
            var o = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (o.EffectiveProvider == StorageProvider.Postgres)
            {
                db.UseNpgsql(o.ConnectionString);
            }
            else
            {
                db.UseSqlite(o.ConnectionString);
            }
        }, optionsLifetime: ServiceLifetime.Singleton); // options built once, not per scope: a context per engine call stays cheap
        services.AddHostedService<SchemaMigrationHostedService>();
        services.TryAddSingleton<Verification.Profiles.IUserProfileStore, Users.EfUserProfileStore>();
        services.TryAddSingleton<Notifications.NotificationDeliveryQueue>();
        // Shared key ring: every node reading this database accepts the others' cookies.
        services.AddDataProtection().SetApplicationName("WorkflowPlatform");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DatabaseXmlRepository(sp.GetRequiredService<IServiceScopeFactory>())));
        return services;
    }
}

/// <summary>Runs the migrator in the "starting" phase, i.e. before the scheduler or anything else touches the database.</summary>
internal sealed class SchemaMigrationHostedService(SchemaMigrator migrator, IOptions<StorageOptions> options) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStartup)
        {
            await migrator.MigrateAsync(cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
