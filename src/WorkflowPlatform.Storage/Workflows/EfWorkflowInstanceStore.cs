using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Persistence;
using WorkflowPlatform.Storage.Notifications;

namespace WorkflowPlatform.Storage.Workflows;

/// <summary>
/// <see cref="IWorkflowInstanceStore"/> on <see cref="PlatformDbContext"/>: one instance row, bookmark rows,
/// append-only journal rows, and the definition snapshot stored once per hash. Every save is one transaction
/// whose instance UPDATE is conditional on the concurrency version the caller loaded
/// (<c>WHERE id = @id AND concurrency_version = @loaded</c>): of two concurrent resumes exactly one commits,
/// the other gets <see cref="ConcurrencyException"/> on SQLite and on PostgreSQL alike.
/// </summary>
/// <remarks>
/// Lookups by instance id are deliberately cross-workspace (the engine, its timers and the sweeper address
/// instances by id only); callers acting for a workspace go through the server's workflow runtime, which
/// checks the instance's workspace. <see cref="QueryAsync"/> runs under the workspace filter.
/// </remarks>
public sealed class EfWorkflowInstanceStore(IServiceScopeFactory scopes) : IWorkflowInstanceStore
{
    private const int SnapshotCacheCapacity = 4096;
    private static readonly string LeaseOwnerName = $"{Environment.MachineName}:{Environment.ProcessId}";

    // Snapshots are immutable (content-addressed), so caching them is always safe.
    private readonly ConcurrentDictionary<(Guid Workspace, string Hash), string> _snapshots = new();

    // What this process last read or wrote for an instance object: its bookmarks as stored. Lets a save
    // insert new bookmarks and update changed ones without reading them again.
    private readonly ConditionalWeakTable<WorkflowInstance, Dictionary<string, BookmarkState>> _persisted = new();

    // The status this process last read or wrote for an instance object: the "before" of the next save's change.
    private readonly ConditionalWeakTable<WorkflowInstance, StrongBox<InstanceStatus>> _statuses = new();

    private readonly record struct BookmarkState(DateTimeOffset? ConsumedAt, string? ConsumedBy, InstanceStatus? ResumeStatus, WorkflowOutcome? ResumeOutcome)
    {
        public static BookmarkState Of(Bookmark b) => new(b.ConsumedAt, b.ConsumedBy, b.ResumeStatus, b.ResumeOutcome);
    }

    /// <inheritdoc />
    public async Task CreateAsync(WorkflowInstance instance, IReadOnlyList<JournalEntry> journal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(journal);
        var workspaceId = EfWorkflowDefinitionStore.ParseWorkspace(instance.WorkspaceId);
        if (instance.Id.Length is 0 or > WorkflowInstanceRow.IdMaxLength)
        {
            throw new ArgumentException($"Instance id must be 1–{WorkflowInstanceRow.IdMaxLength} characters.", nameof(instance));
        }

        await using var scope = Open(workspaceId, out var db);
        await EnsureSnapshotAsync(db, workspaceId, instance, cancellationToken).ConfigureAwait(false);
        var row = ToRow(instance, workspaceId);
        row.ConcurrencyVersion = 1;
        db.Set<WorkflowInstanceRow>().Add(row);
        for (var i = 0; i < instance.Bookmarks.Count; i++)
        {
            db.Set<WorkflowBookmarkRow>().Add(ToRow(instance.Bookmarks[i], i, instance.Id, workspaceId));
        }

        db.Set<WorkflowJournalRow>().AddRange(journal.Select(j => ToRow(j, workspaceId)));
        await RunHooksAsync(scope, db, new InstanceChange(instance, null, instance.Bookmarks), cancellationToken).ConfigureAwait(false);
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException e) when (StorageErrors.IsUniqueViolation(e))
        {
            throw new ConcurrencyException(instance.Id, instance.ConcurrencyVersion);
        }

        instance.ConcurrencyVersion = 1;
        Remember(instance);
    }

    /// <inheritdoc />
    public async Task<WorkflowInstance?> GetAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        await using var scope = Open(null, out var db);
        var row = await db.Set<WorkflowInstanceRow>().IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(r => r.Id == instanceId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var bookmarks = await db.Set<WorkflowBookmarkRow>().IgnoreQueryFilters().AsNoTracking()
            .Where(b => b.InstanceId == instanceId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = await SnapshotAsync(db, row.WorkspaceId, row.DefinitionHash, cancellationToken).ConfigureAwait(false);
        return Materialize(row, snapshot, bookmarks);
    }

    /// <inheritdoc />
    public async Task SaveAsync(WorkflowInstance instance, IReadOnlyList<JournalEntry> journal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(journal);
        var workspaceId = EfWorkflowDefinitionStore.ParseWorkspace(instance.WorkspaceId);
        var expected = instance.ConcurrencyVersion;
        await using var scope = Open(workspaceId, out var db);

        var row = ToRow(instance, workspaceId);
        row.ConcurrencyVersion = expected + 1;
        var entry = db.Set<WorkflowInstanceRow>().Attach(row);
        entry.State = EntityState.Modified;
        entry.Property(r => r.ConcurrencyVersion).OriginalValue = expected;
        // Columns fixed at creation are left out of the UPDATE.
        entry.Property(r => r.WorkspaceId).IsModified = false;
        entry.Property(r => r.DefinitionKey).IsModified = false;
        entry.Property(r => r.DefinitionVersion).IsModified = false;
        entry.Property(r => r.DefinitionHash).IsModified = false;
        entry.Property(r => r.UserId).IsModified = false;
        entry.Property(r => r.ApplicationId).IsModified = false;
        entry.Property(r => r.CreatedAt).IsModified = false;

        if (!_persisted.TryGetValue(instance, out var stored))
        {
            stored = (await db.Set<WorkflowBookmarkRow>().AsNoTracking().Where(b => b.InstanceId == instance.Id)
                    .ToListAsync(cancellationToken).ConfigureAwait(false))
                .ToDictionary(b => b.Name, b => BookmarkState.Of(ToModel(b)), StringComparer.Ordinal);
        }

        List<Bookmark>? added = null;
        for (var i = 0; i < instance.Bookmarks.Count; i++)
        {
            var bookmark = instance.Bookmarks[i];
            if (!stored.TryGetValue(bookmark.Name, out var before))
            {
                db.Set<WorkflowBookmarkRow>().Add(ToRow(bookmark, i, instance.Id, workspaceId));
                (added ??= []).Add(bookmark);
            }
            else if (before != BookmarkState.Of(bookmark))
            {
                var b = db.Set<WorkflowBookmarkRow>().Attach(ToRow(bookmark, i, instance.Id, workspaceId));
                b.Property(x => x.ConsumedAt).IsModified = true;
                b.Property(x => x.ConsumedBy).IsModified = true;
                b.Property(x => x.ResumeStatus).IsModified = true;
                b.Property(x => x.ResumeOutcome).IsModified = true;
            }
        }

        db.Set<WorkflowJournalRow>().AddRange(journal.Select(j => ToRow(j, workspaceId)));
        if (HasHooks(scope))
        {
            var statusBefore = _statuses.TryGetValue(instance, out var known) ? known.Value
                : ParseStatus(await db.Set<WorkflowInstanceRow>().AsNoTracking().Where(r => r.Id == instance.Id).Select(r => r.Status)
                    .SingleAsync(cancellationToken).ConfigureAwait(false));
            await RunHooksAsync(scope, db, new InstanceChange(instance, statusBefore, (IReadOnlyList<Bookmark>?)added ?? []), cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConcurrencyException(instance.Id, expected);
        }
        catch (DbUpdateException e) when (StorageErrors.IsUniqueViolation(e))
        {
            // A concurrent writer committed the same journal sequence or bookmark first.
            throw new ConcurrencyException(instance.Id, expected);
        }

        instance.ConcurrencyVersion = expected + 1;
        Remember(instance);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<JournalEntry>> GetJournalAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await using var scope = Open(null, out var db);
        var rows = await db.Set<WorkflowJournalRow>().IgnoreQueryFilters().AsNoTracking()
            .Where(j => j.InstanceId == instanceId).OrderBy(j => j.Sequence)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(ToModel).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkflowInstance>> FindStuckAsync(DateTimeOffset updatedBefore, int take, CancellationToken cancellationToken = default)
    {
        var before = updatedBefore.ToUniversalTime();
        await using var scope = Open(null, out var db);
        var rows = await db.Set<WorkflowInstanceRow>().IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.Status == Running && r.UpdatedAt < before)
            .OrderBy(r => r.UpdatedAt).Take(take)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return await MaterializeAsync(db, rows, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkflowInstance>> FindExpiredAsync(DateTimeOffset now, int take, CancellationToken cancellationToken = default)
    {
        var at = now.ToUniversalTime();
        await using var scope = Open(null, out var db);
        var rows = await db.Set<WorkflowInstanceRow>().IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.ExpiresAt != null && r.ExpiresAt <= at && (r.Status == Pending || r.Status == Running || r.Status == AwaitingInput))
            .OrderBy(r => r.ExpiresAt).Take(take)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return await MaterializeAsync(db, rows, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkflowInstance>> FindOverdueTimersAsync(DateTimeOffset dueBefore, int take, CancellationToken cancellationToken = default)
    {
        var due = dueBefore.ToUniversalTime();
        await using var scope = Open(null, out var db);
        var overdue = db.Set<WorkflowBookmarkRow>().IgnoreQueryFilters()
            .Where(b => b.ConsumedAt == null && b.ResumeAt != null && b.ResumeAt <= due)
            .GroupBy(b => b.InstanceId)
            .Select(g => new { InstanceId = g.Key, Due = g.Min(b => b.ResumeAt) });
        var ids = await (
                from o in overdue
                join i in db.Set<WorkflowInstanceRow>().IgnoreQueryFilters() on o.InstanceId equals i.Id
                where i.Status == AwaitingInput
                orderby o.Due
                select i.Id)
            .Take(take).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = await db.Set<WorkflowInstanceRow>().IgnoreQueryFilters().AsNoTracking()
            .Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
        var order = ids.Select((id, index) => (id, index)).ToDictionary(x => x.id, x => x.index, StringComparer.Ordinal);
        return await MaterializeAsync(db, rows.OrderBy(r => order[r.Id]).ToList(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var workspaceId = EfWorkflowDefinitionStore.ParseWorkspace(query.WorkspaceId);
        await using var scope = Open(workspaceId, out var db);
        var q = db.Set<WorkflowInstanceRow>().AsNoTracking();
        if (query.Status is { } status)
        {
            var wire = status.ToWire();
            q = q.Where(r => r.Status == wire);
        }

        if (query.Workflow is { } workflow)
        {
            q = q.Where(r => r.DefinitionKey == workflow);
        }

        if (query.UserId is { } userId)
        {
            q = q.Where(r => r.UserId == userId);
        }

        if (query.From is { } from)
        {
            var f = from.ToUniversalTime();
            q = q.Where(r => r.CreatedAt >= f);
        }

        if (query.To is { } to)
        {
            var t = to.ToUniversalTime();
            q = q.Where(r => r.CreatedAt < t);
        }

        var total = await q.CountAsync(cancellationToken).ConfigureAwait(false);
        var rows = await q.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id)
            .Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 500))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new InstancePage(await MaterializeAsync(db, rows, cancellationToken).ConfigureAwait(false), total);
    }

    private async Task EnsureSnapshotAsync(PlatformDbContext db, Guid workspaceId, WorkflowInstance instance, CancellationToken cancellationToken)
    {
        var key = (workspaceId, instance.DefinitionHash);
        if (_snapshots.ContainsKey(key))
        {
            return;
        }

        var set = db.Set<WorkflowSnapshotRow>();
        if (!await set.AnyAsync(s => s.Hash == instance.DefinitionHash, cancellationToken).ConfigureAwait(false))
        {
            var row = set.Add(new WorkflowSnapshotRow
            {
                WorkspaceId = workspaceId,
                Hash = instance.DefinitionHash,
                DefinitionJson = instance.DefinitionSnapshot,
                CreatedAt = instance.CreatedAt.ToUniversalTime(),
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateException e) when (StorageErrors.IsUniqueViolation(e))
            {
                // Another process stored the same snapshot first: same hash, same content.
            }

            row.State = EntityState.Detached;
        }

        Cache(key, instance.DefinitionSnapshot);
    }

    private async Task<string> SnapshotAsync(PlatformDbContext db, Guid workspaceId, string hash, CancellationToken cancellationToken)
    {
        if (_snapshots.TryGetValue((workspaceId, hash), out var cached))
        {
            return cached;
        }

        var json = await db.Set<WorkflowSnapshotRow>().IgnoreQueryFilters().AsNoTracking()
            .Where(s => s.WorkspaceId == workspaceId && s.Hash == hash).Select(s => s.DefinitionJson)
            .SingleOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Definition snapshot {hash} of workspace {workspaceId} is missing.");
        Cache((workspaceId, hash), json);
        return json;
    }

    private void Cache((Guid, string) key, string json)
    {
        if (_snapshots.Count >= SnapshotCacheCapacity)
        {
            _snapshots.Clear();
        }

        _snapshots[key] = json;
    }

    private async Task<IReadOnlyList<WorkflowInstance>> MaterializeAsync(PlatformDbContext db, List<WorkflowInstanceRow> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(r => r.Id).ToList();
        var bookmarks = (await db.Set<WorkflowBookmarkRow>().IgnoreQueryFilters().AsNoTracking()
                .Where(b => ids.Contains(b.InstanceId)).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToLookup(b => b.InstanceId, StringComparer.Ordinal);
        var list = new List<WorkflowInstance>(rows.Count);
        foreach (var row in rows)
        {
            var snapshot = await SnapshotAsync(db, row.WorkspaceId, row.DefinitionHash, cancellationToken).ConfigureAwait(false);
            list.Add(Materialize(row, snapshot, bookmarks[row.Id]));
        }

        return list;
    }

    private WorkflowInstance Materialize(WorkflowInstanceRow row, string snapshot, IEnumerable<WorkflowBookmarkRow> bookmarks)
    {
        var instance = new WorkflowInstance
        {
            Id = row.Id,
            WorkspaceId = row.WorkspaceId.ToString(),
            DefinitionKey = row.DefinitionKey,
            DefinitionVersion = row.DefinitionVersion,
            DefinitionHash = row.DefinitionHash,
            DefinitionSnapshot = snapshot,
            UserId = row.UserId,
            ApplicationId = row.ApplicationId,
            Status = ParseStatus(row.Status),
            Outcome = ParseOutcome(row.Outcome),
            CurrentNodeId = row.CurrentNodeId,
            Context = InstanceSerializer.DeserializeContext(row.ContextJson),
            ErrorCode = row.ErrorCode,
            ErrorMessage = row.ErrorMessage,
            CreatedAt = row.CreatedAt,
            UpdatedAt = row.UpdatedAt,
            ExpiresAt = row.ExpiresAt,
            FinishedAt = row.FinishedAt,
            ActiveBookmark = row.ActiveBookmark,
            RecoveryCount = row.RecoveryCount,
            JournalCount = row.JournalCount,
            ConcurrencyVersion = row.ConcurrencyVersion,
        };
        instance.Bookmarks.AddRange(bookmarks.OrderBy(b => b.Ordinal).Select(ToModel));
        Remember(instance);
        return instance;
    }

    private void Remember(WorkflowInstance instance)
    {
        _persisted.AddOrUpdate(instance, instance.Bookmarks.ToDictionary(b => b.Name, BookmarkState.Of, StringComparer.Ordinal));
        _statuses.AddOrUpdate(instance, new StrongBox<InstanceStatus>(instance.Status));
    }

    // Outbox hooks (notifications): rows they add commit with the instance write.
    private static bool HasHooks(AsyncServiceScope scope) => scope.ServiceProvider.GetServices<IInstanceChangeHook>().Any();

    private static async Task RunHooksAsync(AsyncServiceScope scope, PlatformDbContext db, InstanceChange change, CancellationToken cancellationToken)
    {
        foreach (var hook in scope.ServiceProvider.GetServices<IInstanceChangeHook>())
        {
            await hook.OnSavingAsync(db, change, cancellationToken).ConfigureAwait(false);
        }
    }

    private AsyncServiceScope Open(Guid? workspaceId, out PlatformDbContext db)
    {
        var scope = scopes.CreateAsyncScope();
        if (workspaceId is { } id)
        {
            scope.ServiceProvider.GetRequiredService<IWorkspaceContext>().Set(id);
        }

        db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return scope;
    }

    private const string Pending = "pending";
    private const string Running = "running";
    private const string AwaitingInput = "awaiting_input";

    private static WorkflowInstanceRow ToRow(WorkflowInstance i, Guid workspaceId) => new()
    {
        Id = i.Id,
        WorkspaceId = workspaceId,
        DefinitionKey = i.DefinitionKey,
        DefinitionVersion = i.DefinitionVersion,
        DefinitionHash = i.DefinitionHash,
        Status = i.Status.ToWire(),
        Outcome = i.Outcome?.ToWire(),
        UserId = i.UserId,
        ApplicationId = i.ApplicationId,
        CurrentNodeId = i.CurrentNodeId,
        ContextJson = InstanceSerializer.SerializeContext(i.Context),
        ErrorCode = i.ErrorCode,
        ErrorMessage = i.ErrorMessage,
        CreatedAt = i.CreatedAt.ToUniversalTime(),
        UpdatedAt = i.UpdatedAt.ToUniversalTime(),
        ExpiresAt = i.ExpiresAt?.ToUniversalTime(),
        FinishedAt = i.FinishedAt?.ToUniversalTime(),
        ActiveBookmark = i.ActiveBookmark,
        RecoveryCount = i.RecoveryCount,
        JournalCount = i.JournalCount,
        ConcurrencyVersion = i.ConcurrencyVersion,
        LeaseOwner = i.Status == InstanceStatus.Running ? LeaseOwnerName : null,
    };

    private static WorkflowBookmarkRow ToRow(Bookmark b, int ordinal, string instanceId, Guid workspaceId) => new()
    {
        InstanceId = instanceId,
        Name = b.Name,
        WorkspaceId = workspaceId,
        Ordinal = ordinal,
        NodeId = b.NodeId,
        PayloadJson = InstanceSerializer.SerializeValues(b.Payload),
        CreatedAt = b.CreatedAt.ToUniversalTime(),
        ResumeAt = b.ResumeAt?.ToUniversalTime(),
        ConsumedAt = b.ConsumedAt?.ToUniversalTime(),
        ConsumedBy = b.ConsumedBy,
        ResumeStatus = b.ResumeStatus?.ToWire(),
        ResumeOutcome = b.ResumeOutcome?.ToWire(),
    };

    private static Bookmark ToModel(WorkflowBookmarkRow b) => new()
    {
        Name = b.Name,
        NodeId = b.NodeId,
        Payload = InstanceSerializer.DeserializeValues(b.PayloadJson),
        CreatedAt = b.CreatedAt,
        ResumeAt = b.ResumeAt,
        ConsumedAt = b.ConsumedAt,
        ConsumedBy = b.ConsumedBy,
        ResumeStatus = b.ResumeStatus is null ? null : ParseStatus(b.ResumeStatus),
        ResumeOutcome = ParseOutcome(b.ResumeOutcome),
    };

    private static WorkflowJournalRow ToRow(JournalEntry j, Guid workspaceId) => new()
    {
        InstanceId = j.InstanceId,
        Sequence = j.Sequence,
        WorkspaceId = workspaceId,
        NodeId = j.NodeId,
        ModuleType = j.ModuleType,
        StartedAt = j.StartedAt.ToUniversalTime(),
        EndedAt = j.EndedAt.ToUniversalTime(),
        DurationMs = j.DurationMs,
        Status = j.Status,
        Reason = j.Reason,
        Rule = j.Rule,
        RuleValueJson = j.RuleValue?.ToJsonString(),
        Port = j.Port,
        OutputsJson = j.Outputs?.ToJsonString(),
        ErrorCode = j.ErrorCode,
        Error = j.Error,
    };

    private static JournalEntry ToModel(WorkflowJournalRow j) => new()
    {
        InstanceId = j.InstanceId,
        Sequence = j.Sequence,
        NodeId = j.NodeId,
        ModuleType = j.ModuleType,
        StartedAt = j.StartedAt,
        EndedAt = j.EndedAt,
        DurationMs = j.DurationMs,
        Status = j.Status,
        Reason = j.Reason,
        Rule = j.Rule,
        RuleValue = j.RuleValueJson is null ? null : JsonNode.Parse(j.RuleValueJson),
        Port = j.Port,
        Outputs = j.OutputsJson is null ? null : JsonNode.Parse(j.OutputsJson)!.AsObject(),
        ErrorCode = j.ErrorCode,
        Error = j.Error,
    };

    /// <summary>Parses a wire status (<c>awaiting_input</c>); unknown text is a corrupted row.</summary>
    public static InstanceStatus ParseStatus(string wire) => wire switch
    {
        "pending" => InstanceStatus.Pending,
        "running" => InstanceStatus.Running,
        "awaiting_input" => InstanceStatus.AwaitingInput,
        "completed" => InstanceStatus.Completed,
        "failed" => InstanceStatus.Failed,
        "expired" => InstanceStatus.Expired,
        "cancelled" => InstanceStatus.Cancelled,
        _ => throw new InvalidOperationException($"Unknown instance status '{wire}'."),
    };

    /// <summary>Parses a wire status, or null when it is not one.</summary>
    public static InstanceStatus? TryParseStatus(string? wire) => wire switch
    {
        "pending" or "running" or "awaiting_input" or "completed" or "failed" or "expired" or "cancelled" => ParseStatus(wire),
        _ => null,
    };

    private static WorkflowOutcome? ParseOutcome(string? wire) => wire switch
    {
        null => null,
        "approved" => WorkflowOutcome.Approved,
        "declined" => WorkflowOutcome.Declined,
        "review" => WorkflowOutcome.Review,
        _ => throw new InvalidOperationException($"Unknown outcome '{wire}'."),
    };
}
