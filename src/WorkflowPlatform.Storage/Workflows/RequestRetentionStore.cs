using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.DependencyInjection;

namespace WorkflowPlatform.Storage.Workflows;

/// <summary>A finished request (workflow instance) as the retention job sees it.</summary>
/// <param name="InstanceId">Instance id (the folder of its capture images).</param>
/// <param name="WorkspaceId">Owning workspace.</param>
/// <param name="UserId">The request's user id.</param>
/// <param name="Status">Wire status: <c>completed</c>, <c>failed</c>, <c>expired</c> or <c>cancelled</c>.</param>
/// <param name="FinishedAt">When it reached that status.</param>
public sealed record FinishedRequest(string InstanceId, Guid WorkspaceId, string? UserId, string Status, DateTimeOffset FinishedAt);

/// <summary>A keyset position in (finished_at, id) order: everything up to and including it has been handled.</summary>
/// <param name="FinishedAt">Finish time of the last handled request.</param>
/// <param name="InstanceId">Its id (breaks ties between equal finish times).</param>
public readonly record struct RetentionPosition(DateTimeOffset FinishedAt, string InstanceId);

/// <summary>Progress of one retention pass (table <c>retention_positions</c>), shared by every server node.</summary>
public sealed class RetentionPositionRow
{
    public required string Name { get; set; }
    public DateTimeOffset FinishedAt { get; set; }
    public required string InstanceId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class RetentionPositionRowConfiguration : IEntityTypeConfiguration<RetentionPositionRow>
{
    public void Configure(EntityTypeBuilder<RetentionPositionRow> b)
    {
        b.ToTable("retention_positions");
        b.HasKey(x => x.Name);
        b.Property(x => x.Name).HasMaxLength(64);
        b.Property(x => x.InstanceId).HasMaxLength(WorkflowInstanceRow.IdMaxLength);
    }
}

/// <summary>
/// The queries retention needs on the instance tables, beside <see cref="EfWorkflowInstanceStore"/> (which the engine owns):
/// finished requests by finish time (index <c>ix_workflow_instances_finished</c>, migration 0040), a user's requests,
/// deleting a finished request with its bookmarks and journal, and the shared progress position.
/// </summary>
/// <remarks>
/// Finding candidates is cross-workspace on purpose (the job serves every workspace, like the sweeper); acting on one
/// request (<see cref="DeleteFinishedRequestAsync"/>, <see cref="ListUserRequestIdsAsync"/>) runs in a scope bound to its
/// workspace, so the workspace filter applies.
/// </remarks>
public sealed class RequestRetentionStore(IServiceScopeFactory scopes)
{
    private const string Completed = "completed";
    private const string Failed = "failed";
    private const string Expired = "expired";
    private const string Cancelled = "cancelled";

    /// <summary>Finished requests with <c>finished_at &lt; <paramref name="finishedBefore"/></c> after <paramref name="after"/>, oldest first.</summary>
    public async Task<IReadOnlyList<FinishedRequest>> FindFinishedAsync(
        DateTimeOffset finishedBefore, RetentionPosition? after, int take, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        var before = finishedBefore.ToUniversalTime();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        // Literal statuses (not a parameter list) so the partial index's predicate matches.
        var q = db.Set<WorkflowInstanceRow>().IgnoreQueryFilters().AsNoTracking()
            .Where(r => r.FinishedAt != null && r.FinishedAt < before
                        && (r.Status == Completed || r.Status == Failed || r.Status == Expired || r.Status == Cancelled));
        if (after is { } a)
        {
            var at = a.FinishedAt.ToUniversalTime();
            var id = a.InstanceId;
            q = q.Where(r => r.FinishedAt > at || (r.FinishedAt == at && string.Compare(r.Id, id) > 0));
        }

        var rows = await q.OrderBy(r => r.FinishedAt).ThenBy(r => r.Id).Take(take)
            .Select(r => new { r.Id, r.WorkspaceId, r.UserId, r.Status, r.FinishedAt })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.ConvertAll(r => new FinishedRequest(r.Id, r.WorkspaceId, r.UserId, r.Status, r.FinishedAt!.Value));
    }

    /// <summary>Ids of the user's requests in the workspace (any status) after <paramref name="afterId"/>, in id order.</summary>
    public async Task<IReadOnlyList<string>> ListUserRequestIdsAsync(
        Guid workspaceId, string userId, string? afterId, int take, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        await using var scope = Open(workspaceId, out var db);
        var q = db.Set<WorkflowInstanceRow>().AsNoTracking().Where(r => r.UserId == userId);
        if (afterId is not null)
        {
            q = q.Where(r => string.Compare(r.Id, afterId) > 0);
        }

        return await q.OrderBy(r => r.Id).Take(take).Select(r => r.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes a finished request of the workspace with its bookmarks, journal and public request record (<c>public_requests</c>,
    /// whose first or current instance it is) in one transaction; false when it does not exist there or is not finished
    /// (an open request is never deleted).
    /// </summary>
    public async Task<bool> DeleteFinishedRequestAsync(Guid workspaceId, string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        await using var scope = Open(workspaceId, out var db);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var finished = await db.Set<WorkflowInstanceRow>()
            .Where(r => r.Id == instanceId && (r.Status == Completed || r.Status == Failed || r.Status == Expired || r.Status == Cancelled))
            .AnyAsync(cancellationToken).ConfigureAwait(false);
        if (!finished)
        {
            return false;
        }

        // The public request (way, recipient, idempotency answer) goes with its first or current instance: without either,
        // GET /api/v1/requests/{id} answers 404 anyway.
        await db.Set<Requests.PublicRequestRecord>().Where(p => p.Id == instanceId || p.CurrentInstanceId == instanceId)
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Set<WorkflowJournalRow>().Where(j => j.InstanceId == instanceId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Set<WorkflowBookmarkRow>().Where(b => b.InstanceId == instanceId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var deleted = await db.Set<WorkflowInstanceRow>()
            .Where(r => r.Id == instanceId && (r.Status == Completed || r.Status == Failed || r.Status == Expired || r.Status == Cancelled))
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return deleted == 1;
    }

    /// <summary>The stored position of pass <paramref name="name"/>, or null before its first batch.</summary>
    public async Task<RetentionPosition?> GetPositionAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var row = await db.Set<RetentionPositionRow>().AsNoTracking().SingleOrDefaultAsync(p => p.Name == name, cancellationToken).ConfigureAwait(false);
        return row is null ? null : new RetentionPosition(row.FinishedAt, row.InstanceId);
    }

    /// <summary>
    /// Moves pass <paramref name="name"/> from <paramref name="expected"/> (what this caller read) to <paramref name="next"/>.
    /// Compare-and-set: false when another node moved it first (its batch covered the same requests; nothing is lost).
    /// </summary>
    public async Task<bool> AdvancePositionAsync(
        string name, RetentionPosition? expected, RetentionPosition next, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var at = next.FinishedAt.ToUniversalTime();
        var updatedAt = now.ToUniversalTime();
        if (expected is not { } old)
        {
            db.Add(new RetentionPositionRow { Name = name, FinishedAt = at, InstanceId = next.InstanceId, UpdatedAt = updatedAt });
            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (DbUpdateException e) when (StorageErrors.IsUniqueViolation(e))
            {
                return false;
            }
        }

        var oldAt = old.FinishedAt.ToUniversalTime();
        var oldId = old.InstanceId;
        var nextId = next.InstanceId;
        var moved = await db.Set<RetentionPositionRow>()
            .Where(p => p.Name == name && p.FinishedAt == oldAt && p.InstanceId == oldId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.FinishedAt, at).SetProperty(p => p.InstanceId, nextId).SetProperty(p => p.UpdatedAt, updatedAt),
                cancellationToken).ConfigureAwait(false);
        return moved == 1;
    }

    private AsyncServiceScope Open(Guid workspaceId, out PlatformDbContext db)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IWorkspaceContext>().Set(workspaceId);
        db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return scope;
    }
}
