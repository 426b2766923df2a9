namespace WorkflowPlatform.Storage;

/// <summary>
/// The workspace the current unit of work acts in. Scoped: set once per request (by the admin
/// authorization handler or the API key handler) and read by the global query filter of every
/// workspace-owned entity. Unset means no workspace-owned row is visible.
/// </summary>
public interface IWorkspaceContext
{
    Guid? WorkspaceId { get; }

    /// <summary>Sets the workspace for this scope. Setting a different one later throws, so a request cannot switch tenants half-way.</summary>
    void Set(Guid workspaceId);
}

/// <summary>Marks an entity that belongs to exactly one workspace and is filtered by <see cref="IWorkspaceContext"/>.</summary>
public interface IWorkspaceOwned
{
    Guid WorkspaceId { get; }
}

internal sealed class WorkspaceContext : IWorkspaceContext
{
    public Guid? WorkspaceId { get; private set; }

    public void Set(Guid workspaceId)
    {
        if (WorkspaceId is { } current && current != workspaceId)
        {
            throw new InvalidOperationException("The workspace of this scope is already set to a different workspace.");
        }
        WorkspaceId = workspaceId;
    }
}
