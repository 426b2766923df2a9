using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using WorkflowPlatform.Storage.Notifications;
using WorkflowPlatform.Storage.Users;

namespace WorkflowPlatform.Server.Notifications;

/// <summary>Wakes this node's delivery loop as soon as a transaction with new deliveries commits.</summary>
public sealed class DeliverySignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _channel.Writer.TryWrite(true);

    /// <summary>Waits for a notification or <paramref name="timeout"/>, whichever is first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Timed out: poll anyway.
        }
    }
}

/// <summary>
/// On every <c>SaveChanges</c> of the platform context: an erasure receipt being added brings its <c>user.erased</c>
/// event into the same transaction, and a commit that added deliveries wakes the delivery loop.
/// </summary>
public sealed class OutboxSaveInterceptor(DeliverySignal signal, TimeProvider time) : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is Storage.PlatformDbContext db)
        {
            var erasures = db.ChangeTracker.Entries<UserErasure>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
            foreach (var erasure in erasures)
            {
                var data = new System.Text.Json.Nodes.JsonObject
                {
                    ["user_id"] = erasure.UserId,
                    ["receipt_id"] = erasure.Id.ToString("D"),
                    ["templates_deleted"] = erasure.TemplatesDeleted,
                    ["photos_deleted"] = erasure.PhotosDeleted,
                    ["erased_at"] = erasure.ErasedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                };
                await NotificationOutbox.AddAsync(db, new OutboxEntry(erasure.WorkspaceId, null, null, NotificationEvents.UserErased,
                    $"{NotificationEvents.UserErased}:{erasure.Id:N}", data), time.GetUtcNow(), cancellationToken);
            }
        }
        return await base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Wake(eventData.Context);
        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Wake(eventData.Context);
        return base.SavedChanges(eventData, result);
    }

    private void Wake(DbContext? context)
    {
        // After SaveChanges the added rows are Unchanged; any tracked delivery that is pending means new work.
        if (context is not null && context.ChangeTracker.Entries<NotificationDelivery>().Any(e => e.Entity.Status == DeliveryStatus.Pending))
        {
            signal.Notify();
        }
    }
}
