using System.Collections.Concurrent;
using WorkflowPlatform.Engine.Execution;

namespace WorkflowPlatform.Engine.Persistence;

/// <summary>
/// In-process instance store: instances kept serialised (so callers never share state with the store),
/// compare-and-swap on the concurrency version, journals as append-only lists. For tests, the embedded
/// demo and benchmarks; data is lost with the process.
/// </summary>
public sealed class InMemoryWorkflowInstanceStore : IWorkflowInstanceStore
{
    private readonly ConcurrentDictionary<string, Row> _rows = new(StringComparer.Ordinal);

    private sealed class Row
    {
        public required byte[] Data;
        public required Header Header;
        public readonly List<JournalEntry> Journal = [];
        public readonly Lock Gate = new();
    }

    // The indexed columns of the row, kept beside the serialised instance for queries.
    private sealed record Header(
        string Id, string WorkspaceId, string DefinitionKey, string? UserId, InstanceStatus Status,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ExpiresAt, long ConcurrencyVersion, DateTimeOffset? NextTimer)
    {
        public static Header Of(WorkflowInstance i)
            => new(i.Id, i.WorkspaceId, i.DefinitionKey, i.UserId, i.Status, i.CreatedAt, i.UpdatedAt, i.ExpiresAt, i.ConcurrencyVersion,
                i.Bookmarks.Where(b => b.ConsumedAt is null && b.ResumeAt is not null).Min(b => b.ResumeAt));
    }

    /// <inheritdoc />
    public Task CreateAsync(WorkflowInstance instance, IReadOnlyList<JournalEntry> journal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var expected = instance.ConcurrencyVersion;
        instance.ConcurrencyVersion = 1;
        var data = InstanceSerializer.Serialize(instance);
        var row = new Row { Data = data, Header = Header.Of(instance) };
        row.Journal.AddRange(journal);
        if (!_rows.TryAdd(instance.Id, row))
        {
            instance.ConcurrencyVersion = expected;
            throw new ConcurrencyException(instance.Id, expected);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<WorkflowInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        if (!_rows.TryGetValue(instanceId, out var row))
        {
            return Task.FromResult<WorkflowInstance?>(null);
        }

        byte[] data;
        lock (row.Gate)
        {
            data = row.Data;
        }

        return Task.FromResult<WorkflowInstance?>(InstanceSerializer.Deserialize(data));
    }

    /// <inheritdoc />
    public Task SaveAsync(WorkflowInstance instance, IReadOnlyList<JournalEntry> journal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (!_rows.TryGetValue(instance.Id, out var row))
        {
            throw new ConcurrencyException(instance.Id, instance.ConcurrencyVersion);
        }

        lock (row.Gate)
        {
            if (row.Header.ConcurrencyVersion != instance.ConcurrencyVersion)
            {
                throw new ConcurrencyException(instance.Id, instance.ConcurrencyVersion);
            }

            instance.ConcurrencyVersion++;
            var data = InstanceSerializer.Serialize(instance);
            row.Data = data;
            row.Header = Header.Of(instance);
            row.Journal.AddRange(journal);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        if (!_rows.TryGetValue(instanceId, out var row))
        {
            return Task.FromResult<IReadOnlyList<JournalEntry>>([]);
        }

        lock (row.Gate)
        {
            return Task.FromResult<IReadOnlyList<JournalEntry>>(row.Journal.OrderBy(j => j.Sequence).ToList());
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkflowInstance>> FindStuckAsync(DateTimeOffset updatedBefore, int take, CancellationToken cancellationToken = default)
        => Task.FromResult(Select(h => h.Status == InstanceStatus.Running && h.UpdatedAt < updatedBefore, take));

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkflowInstance>> FindExpiredAsync(DateTimeOffset now, int take, CancellationToken cancellationToken = default)
        => Task.FromResult(Select(h => !h.Status.IsFinal() && h.ExpiresAt is { } e && e <= now, take));

    /// <inheritdoc />
    public Task<IReadOnlyList<WorkflowInstance>> FindOverdueTimersAsync(DateTimeOffset dueBefore, int take, CancellationToken cancellationToken = default)
        => Task.FromResult(Select(h => h.Status == InstanceStatus.AwaitingInput && h.NextTimer is { } t && t <= dueBefore, take));

    /// <inheritdoc />
    public Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var take = Math.Clamp(query.Take, 1, 500);
        var matches = Snapshot()
            .Where(h => h.WorkspaceId == query.WorkspaceId
                && (query.Status is null || h.Status == query.Status)
                && (query.Workflow is null || h.DefinitionKey == query.Workflow)
                && (query.UserId is null || h.UserId == query.UserId)
                && (query.From is null || h.CreatedAt >= query.From)
                && (query.To is null || h.CreatedAt < query.To))
            .OrderByDescending(h => h.CreatedAt).ThenBy(h => h.Id, StringComparer.Ordinal)
            .ToList();
        var page = matches.Skip(Math.Max(0, query.Skip)).Take(take).Select(h => Load(h.Id)).OfType<WorkflowInstance>().ToList();
        return Task.FromResult(new InstancePage(page, matches.Count));
    }

    private WorkflowInstance? Load(string id)
    {
        if (!_rows.TryGetValue(id, out var row))
        {
            return null;
        }

        lock (row.Gate)
        {
            return InstanceSerializer.Deserialize(row.Data);
        }
    }

    private List<Header> Snapshot()
    {
        var list = new List<Header>(_rows.Count);
        foreach (var row in _rows.Values)
        {
            lock (row.Gate)
            {
                list.Add(row.Header);
            }
        }

        return list;
    }

    private IReadOnlyList<WorkflowInstance> Select(Func<Header, bool> predicate, int take)
        => Snapshot().Where(predicate).OrderBy(h => h.UpdatedAt).Take(take).Select(h => Load(h.Id)).OfType<WorkflowInstance>().ToList();
}
