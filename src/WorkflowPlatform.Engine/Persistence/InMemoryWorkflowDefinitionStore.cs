using System.Collections.Concurrent;
using WorkflowPlatform.Engine.Definitions;

namespace WorkflowPlatform.Engine.Persistence;

/// <summary>In-process definition store (tests, embedded demo). Published rows cannot be replaced.</summary>
public sealed class InMemoryWorkflowDefinitionStore : IWorkflowDefinitionStore
{
    private readonly ConcurrentDictionary<(string Workspace, string Key), SortedList<int, WorkflowDefinitionVersion>> _keys = new();

    /// <inheritdoc />
    public Task<WorkflowDefinitionVersion?> GetAsync(string workspaceId, string key, int? version, CancellationToken cancellationToken = default)
    {
        if (!_keys.TryGetValue((workspaceId, key), out var versions))
        {
            return Task.FromResult<WorkflowDefinitionVersion?>(null);
        }

        lock (versions)
        {
            if (versions.Count == 0)
            {
                return Task.FromResult<WorkflowDefinitionVersion?>(null);
            }

            if (version is { } v)
            {
                return Task.FromResult(versions.GetValueOrDefault(v));
            }

            return Task.FromResult<WorkflowDefinitionVersion?>(versions.Values[^1]);
        }
    }

    /// <inheritdoc />
    public Task<WorkflowDefinitionVersion?> GetPublishedAsync(string workspaceId, string key, CancellationToken cancellationToken = default)
    {
        if (!_keys.TryGetValue((workspaceId, key), out var versions))
        {
            return Task.FromResult<WorkflowDefinitionVersion?>(null);
        }

        lock (versions)
        {
            return Task.FromResult(versions.Values.LastOrDefault(v => v.Status == DefinitionStatus.Published));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkflowDefinitionVersion>> ListVersionsAsync(string workspaceId, string key, CancellationToken cancellationToken = default)
    {
        if (!_keys.TryGetValue((workspaceId, key), out var versions))
        {
            return Task.FromResult<IReadOnlyList<WorkflowDefinitionVersion>>([]);
        }

        lock (versions)
        {
            return Task.FromResult<IReadOnlyList<WorkflowDefinitionVersion>>(versions.Values.ToList());
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkflowDefinitionSummary>> ListAsync(string workspaceId, CancellationToken cancellationToken = default)
    {
        var list = new List<WorkflowDefinitionSummary>();
        foreach (var ((workspace, key), versions) in _keys)
        {
            if (workspace != workspaceId)
            {
                continue;
            }

            lock (versions)
            {
                if (versions.Count == 0)
                {
                    continue;
                }

                var latest = versions.Values[^1];
                var draft = versions.Values.LastOrDefault(v => v.Status == DefinitionStatus.Draft);
                var published = versions.Values.LastOrDefault(v => v.Status == DefinitionStatus.Published);
                list.Add(new WorkflowDefinitionSummary(
                    key, latest.Definition.Name, latest.Definition.Description, draft?.Version, published?.Version,
                    versions.Values.Max(v => v.UpdatedAt)));
            }
        }

        return Task.FromResult<IReadOnlyList<WorkflowDefinitionSummary>>(list.OrderBy(s => s.Key, StringComparer.Ordinal).ToList());
    }

    /// <inheritdoc />
    public Task SaveAsync(WorkflowDefinitionVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        var versions = _keys.GetOrAdd((version.WorkspaceId, version.Key), _ => new SortedList<int, WorkflowDefinitionVersion>());
        lock (versions)
        {
            if (versions.TryGetValue(version.Version, out var existing) && existing.Status == DefinitionStatus.Published)
            {
                throw new DefinitionConflictException($"Version {version.Version} of '{version.Key}' is published and frozen.");
            }

            versions[version.Version] = version;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string workspaceId, string key, CancellationToken cancellationToken = default)
        => Task.FromResult(_keys.TryRemove((workspaceId, key), out _));
}
