using WorkflowPlatform.Engine.Persistence;

namespace WorkflowPlatform.Engine.Tests.Persistence;

public sealed class InMemoryWorkflowInstanceStoreTests : WorkflowInstanceStoreCompliance
{
    protected override Task<IWorkflowInstanceStore> CreateStoreAsync() => Task.FromResult<IWorkflowInstanceStore>(new InMemoryWorkflowInstanceStore());
}

public sealed class InMemoryWorkflowDefinitionStoreTests : WorkflowDefinitionStoreCompliance
{
    protected override Task<IWorkflowDefinitionStore> CreateStoreAsync() => Task.FromResult<IWorkflowDefinitionStore>(new InMemoryWorkflowDefinitionStore());
}
