using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace WorkflowPlatform.Storage.Notifications;

/// <summary>How a finished attempt leaves its delivery.</summary>
/// <param name="Status">New status (<see cref="DeliveryStatus"/>).</param>
/// <param name="NextAttemptAt">When to try again (status pending), else null.</param>
public sealed record DeliveryUpdate(string Status, DateTimeOffset? NextAttemptAt);

/// <summary>
/// Claims due deliveries with a lease and records attempts. A claim sets <c>lease_owner</c>, <c>lease_until</c> and a
/// fresh <c>lease_token</c> on rows that are pending, due and not leased; on PostgreSQL the candidates are read with
/// <c>FOR UPDATE SKIP LOCKED</c> so concurrent nodes take disjoint rows, and on both databases the UPDATE re-checks
/// the lease, so one attempt is never made by two nodes at once. <see cref="CompleteAsync"/> only applies while the
/// caller still holds the lease token; a node that crashed mid-attempt loses nothing: its lease runs out and the
/// delivery is attempted again (same <c>webhook-id</c>).
/// </summary>
public sealed class NotificationDeliveryQueue(IServiceScopeFactory scopes)
{
    /// <summary>Leases up to <paramref name="take"/> due deliveries for <paramref name="owner"/>.</summary>
    public async Task<IReadOnlyList<NotificationDelivery>> ClaimAsync(string owner, DateTimeOffset now, TimeSpan lease, int take, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var token = Guid.NewGuid();
        var until = now + lease;
        var set = db.Set<NotificationDelivery>().IgnoreQueryFilters();
        List<Guid> candidates;
        // PostgreSQL: lock the candidates, skipping rows another node is claiming right now. SQLite has one writer at a
        // time; a read-then-write transaction there could only deadlock, and the UPDATE below re-checks the lease anyway.
        await using var tx = db.Database.IsNpgsql() ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        if (tx is not null)
        {
            candidates = await db.Database.SqlQueryRaw<Guid>(
                """
                SELECT id AS "Value" FROM notification_deliveries
                WHERE status = 'pending' AND next_attempt_at <= {0} AND (lease_until IS NULL OR lease_until < {0})
                ORDER BY next_attempt_at LIMIT {1}
                FOR UPDATE SKIP LOCKED
                """, now, take).ToListAsync(cancellationToken);
        }
        else
        {
            candidates = await set.AsNoTracking()
                .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil < now))
                .OrderBy(d => d.NextAttemptAt).Take(take).Select(d => d.Id).ToListAsync(cancellationToken);
        }

        if (candidates.Count == 0)
        {
            return [];
        }

        await set.Where(d => candidates.Contains(d.Id) && d.Status == DeliveryStatus.Pending && (d.LeaseUntil == null || d.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeaseOwner, owner).SetProperty(d => d.LeaseToken, token).SetProperty(d => d.LeaseUntil, until), cancellationToken);
        if (tx is not null)
        {
            await tx.CommitAsync(cancellationToken);
        }
        return await set.AsNoTracking().Where(d => d.LeaseToken == token).OrderBy(d => d.NextAttemptAt).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Records <paramref name="attempt"/> and moves the delivery on, if <paramref name="claimed"/>'s lease is still held.
    /// Returns false (and records nothing) when the lease was lost.
    /// </summary>
    public async Task<bool> CompleteAsync(NotificationDelivery claimed, NotificationAttempt attempt, DeliveryUpdate update, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(update);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var token = claimed.LeaseToken;
        var error = attempt.Error is { Length: > NotificationAttempt.ErrorMaxLength } e ? e[..NotificationAttempt.ErrorMaxLength] : attempt.Error;
        DateTimeOffset? deliveredAt = update.Status == DeliveryStatus.Delivered ? now : null;
        var changed = await db.Set<NotificationDelivery>().IgnoreQueryFilters()
            .Where(d => d.Id == claimed.Id && d.LeaseToken == token)
            .ExecuteUpdateAsync(s => s
                .SetProperty(d => d.Status, update.Status)
                .SetProperty(d => d.Attempts, d => d.Attempts + 1)
                .SetProperty(d => d.NextAttemptAt, update.NextAttemptAt)
                .SetProperty(d => d.LeaseOwner, (string?)null)
                .SetProperty(d => d.LeaseToken, (Guid?)null)
                .SetProperty(d => d.LeaseUntil, (DateTimeOffset?)null)
                .SetProperty(d => d.LastStatusCode, attempt.StatusCode)
                .SetProperty(d => d.LastError, error)
                .SetProperty(d => d.DeliveredAt, deliveredAt)
                .SetProperty(d => d.UpdatedAt, now), cancellationToken);
        if (changed == 0)
        {
            return false;
        }

        attempt.Error = error;
        if (attempt.ResponseExcerpt is { Length: > NotificationAttempt.ExcerptMaxLength } x)
        {
            attempt.ResponseExcerpt = x[..NotificationAttempt.ExcerptMaxLength];
        }
        db.Add(attempt);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return true;
    }
}
