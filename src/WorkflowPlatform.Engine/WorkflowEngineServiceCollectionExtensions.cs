using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Modules;
using WorkflowPlatform.Engine.Modules.BuiltIn;
using WorkflowPlatform.Engine.Persistence;
using WorkflowPlatform.Engine.Rules;
using WorkflowPlatform.Engine.Scheduling;
using WorkflowPlatform.Engine.Validation;

namespace WorkflowPlatform.Engine;

/// <summary>Chainable registration of the engine's modules and stores.</summary>
public sealed class WorkflowEngineBuilder
{
    internal WorkflowEngineBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Registers a module (singleton); its descriptor type key must be unique.</summary>
    public WorkflowEngineBuilder AddModule<TModule>()
        where TModule : class, IWorkflowModule
    {
        Services.TryAddSingleton<TModule>();
        Services.AddSingleton<IWorkflowModule>(sp => sp.GetRequiredService<TModule>());
        return this;
    }

    /// <summary>Uses the in-memory definition and instance stores (tests, demos).</summary>
    public WorkflowEngineBuilder UseInMemoryStores()
    {
        Services.Replace(ServiceDescriptor.Singleton<IWorkflowDefinitionStore, InMemoryWorkflowDefinitionStore>());
        Services.Replace(ServiceDescriptor.Singleton<IWorkflowInstanceStore, InMemoryWorkflowInstanceStore>());
        return this;
    }

    /// <summary>Uses the in-process timer list (<see cref="InMemoryWorkflowScheduler"/>; fire with <c>FireDueAsync</c>).</summary>
    public WorkflowEngineBuilder UseInMemoryScheduler()
    {
        Services.TryAddSingleton<InMemoryWorkflowScheduler>();
        Services.Replace(ServiceDescriptor.Singleton<IWorkflowScheduler>(sp => sp.GetRequiredService<InMemoryWorkflowScheduler>()));
        return this;
    }
}

/// <summary>DI entry point of the engine.</summary>
public static class WorkflowEngineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine: module registry with the built-in modules (decision, set_result, wait, http_call,
    /// end), validator, definition service, executor, sweeper, dry runner, rule cache. Stores and the
    /// scheduler are not registered: call <see cref="WorkflowEngineBuilder.UseInMemoryStores"/> /
    /// <see cref="WorkflowEngineBuilder.UseInMemoryScheduler"/> or register your own implementations
    /// (EF stores, Quartz scheduler).
    /// </summary>
    public static WorkflowEngineBuilder AddWorkflowEngine(this IServiceCollection services, Action<WorkflowEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<WorkflowEngineOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.Validate(o => o.MaxStepsPerRun > 0 && o.MaxRecoveries >= 0 && o.StuckAfter > TimeSpan.Zero && o.SweepBatchSize > 0,
            "Workflow engine options out of range.");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new RuleCache(sp.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value.RuleCacheCapacity));
        services.TryAddSingleton(_ => new WorkflowHttpClient(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }));
        services.TryAddSingleton(sp => new ModuleRegistry(sp.GetServices<IWorkflowModule>()));
        services.TryAddSingleton<WorkflowValidator>();
        services.TryAddSingleton<WorkflowDefinitionService>();
        services.TryAddSingleton<WorkflowEngine>();
        services.TryAddSingleton<WorkflowSweeper>();
        services.TryAddSingleton<DryRunner>();
        return new WorkflowEngineBuilder(services)
            .AddModule<DecisionModule>()
            .AddModule<SetResultFieldModule>()
            .AddModule<WaitModule>()
            .AddModule<HttpCallModule>()
            .AddModule<EndModule>();
    }
}
