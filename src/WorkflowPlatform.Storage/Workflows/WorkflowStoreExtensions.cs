using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WorkflowPlatform.Engine;
using WorkflowPlatform.Engine.Persistence;

namespace WorkflowPlatform.Storage.Workflows;

/// <summary>Engine persistence on the platform database.</summary>
public static class WorkflowStoreExtensions
{
    /// <summary>
    /// Uses <see cref="EfWorkflowDefinitionStore"/> and <see cref="EfWorkflowInstanceStore"/> (singletons over
    /// <see cref="PlatformDbContext"/>; requires <c>AddStorage</c>).
    /// </summary>
    public static WorkflowEngineBuilder UseEfStores(this WorkflowEngineBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<EfWorkflowDefinitionStore>();
        builder.Services.TryAddSingleton<EfWorkflowInstanceStore>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IWorkflowDefinitionStore>(sp => sp.GetRequiredService<EfWorkflowDefinitionStore>()));
        builder.Services.Replace(ServiceDescriptor.Singleton<IWorkflowInstanceStore>(sp => sp.GetRequiredService<EfWorkflowInstanceStore>()));
        return builder;
    }
}
