using WorkflowPlatform.Engine.Definitions;

namespace WorkflowPlatform.Engine.Persistence;

/// <summary>
/// Stores definition versions: one row per (workspace, key, version). Draft/publish rules live in
/// <see cref="Definitions.WorkflowDefinitionService"/>; the store only reads and writes rows.
/// </summary>
public interface IWorkflowDefinitionStore
{
    /// <summary>A version, or the latest (highest) one when <paramref name="version"/> is null.</summary>
    Task<WorkflowDefinitionVersion?> GetAsync(string workspaceId, string key, int? version, CancellationToken cancellationToken = default);

    /// <summary>The highest published version.</summary>
    Task<WorkflowDefinitionVersion?> GetPublishedAsync(string workspaceId, string key, CancellationToken cancellationToken = default);

    /// <summary>Every version of a key, ascending.</summary>
    Task<IReadOnlyList<WorkflowDefinitionVersion>> ListVersionsAsync(string workspaceId, string key, CancellationToken cancellationToken = default);

    /// <summary>One summary per key.</summary>
    Task<IReadOnlyList<WorkflowDefinitionSummary>> ListAsync(string workspaceId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts or replaces the row (workspace, key, version). Replacing a published row throws
    /// <see cref="DefinitionConflictException"/>; stores enforce this so published versions stay frozen.
    /// </summary>
    Task SaveAsync(WorkflowDefinitionVersion version, CancellationToken cancellationToken = default);

    /// <summary>Deletes every version of a key; false when none existed.</summary>
    Task<bool> DeleteAsync(string workspaceId, string key, CancellationToken cancellationToken = default);
}

/// <summary>An attempt to change a frozen (published) version or a concurrent edit.</summary>
public sealed class DefinitionConflictException(string message) : Exception(message)
{
    /// <summary>Stable code: <c>DEFINITION_VERSION_FROZEN</c>.</summary>
    public string Code => "DEFINITION_VERSION_FROZEN";
}
