using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace WorkflowPlatform.Storage.Notifications;

/// <summary>What causes one outbox event.</summary>
/// <param name="WorkspaceId">Workspace of the event.</param>
/// <param name="ApplicationId">Application whose notification ways receive it (null: every application of the workspace).</param>
/// <param name="RequestId">Request it belongs to; its events are numbered 1, 2, … in <c>data.sequence</c>.</param>
/// <param name="Type">Event type (<c>request.completed</c>).</param>
/// <param name="DedupeKey">Unique per workspace: the same cause never yields two events.</param>
/// <param name="Data">The event's <c>data</c> object (<c>sequence</c> is added).</param>
/// <param name="OnlyEndpointId">Deliver to this endpoint only (test events), ignoring its filter.</param>
public sealed record OutboxEntry(
    Guid WorkspaceId, Guid? ApplicationId, string? RequestId, string Type, string DedupeKey, JsonObject Data, Guid? OnlyEndpointId = null);

/// <summary>
/// The transactional outbox. <see cref="AddAsync"/> only adds rows to the context (an event and one delivery per
/// notification way that wants it); the caller's <c>SaveChanges</c> commits them together with the state change that
/// caused the event, or not at all.
/// </summary>
public static class NotificationOutbox
{
    /// <summary>Largest payload accepted; data beyond it is cut to a summary (<c>truncated: true</c>).</summary>
    public const int MaxPayloadBytes = 20 * 1024;

    /// <summary>
    /// Adds the event and its deliveries to <paramref name="db"/> (not saved). Returns null when an event with the same
    /// dedupe key exists already (saved, or added earlier to this context).
    /// </summary>
    public static async Task<NotificationEvent?> AddAsync(PlatformDbContext db, OutboxEntry entry, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entry);
        var ws = entry.WorkspaceId;
        var local = db.ChangeTracker.Entries<NotificationEvent>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .Where(e => e.WorkspaceId == ws).ToList();
        if (local.Any(e => e.DedupeKey == entry.DedupeKey)
            || await db.Set<NotificationEvent>().IgnoreQueryFilters().AnyAsync(e => e.WorkspaceId == ws && e.DedupeKey == entry.DedupeKey, cancellationToken))
        {
            return null;
        }

        var sequence = 0;
        if (entry.RequestId is { } requestId)
        {
            var stored = await db.Set<NotificationEvent>().IgnoreQueryFilters()
                .Where(e => e.WorkspaceId == ws && e.RequestId == requestId).MaxAsync(e => (int?)e.Sequence, cancellationToken) ?? 0;
            var pending = local.Where(e => e.RequestId == requestId).Select(e => e.Sequence).DefaultIfEmpty(0).Max();
            sequence = Math.Max(stored, pending) + 1;
            entry.Data["sequence"] = sequence;
        }

        var id = "msg_" + Guid.CreateVersion7(now).ToString("N");
        var evt = new NotificationEvent
        {
            Id = id,
            WorkspaceId = ws,
            ApplicationId = entry.ApplicationId,
            RequestId = entry.RequestId,
            Type = entry.Type,
            Sequence = sequence,
            DedupeKey = entry.DedupeKey.Length <= NotificationEvent.DedupeKeyMaxLength ? entry.DedupeKey : entry.DedupeKey[..NotificationEvent.DedupeKeyMaxLength],
            PayloadJson = Payload(entry.Type, now, entry.Data),
            CreatedAt = now,
        };
        db.Add(evt);
        await AddDeliveriesAsync(db, evt, entry.OnlyEndpointId, now, cancellationToken);
        return evt;
    }

    /// <summary>New pending deliveries of a stored event (replay): one per wanted notification way, same event id.</summary>
    public static async Task<int> AddDeliveriesAsync(PlatformDbContext db, NotificationEvent evt, Guid? onlyEndpointId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var count = 0;
        {
            // An event of no application (user.erased) goes to every application of the workspace.
            var query = db.Set<NotificationEndpoint>().IgnoreQueryFilters().AsNoTracking()
                .Where(e => e.WorkspaceId == evt.WorkspaceId && e.Enabled);
            if (evt.ApplicationId is { } app)
            {
                query = query.Where(e => e.ApplicationId == app);
            }
            var endpoints = await query.ToListAsync(cancellationToken);
            foreach (var endpoint in endpoints)
            {
                if (onlyEndpointId is { } only ? endpoint.Id != only : !endpoint.Accepts(evt.Type))
                {
                    continue;
                }
                db.Add(NewDelivery(evt, endpoint.Id, endpoint.Kind, null, now));
                count++;
            }
        }

        if (onlyEndpointId is null && evt.RequestId is { } requestId)
        {
            var url = await db.Set<RequestNotificationUrl>().IgnoreQueryFilters().AsNoTracking()
                .Where(u => u.WorkspaceId == evt.WorkspaceId && u.RequestId == requestId).Select(u => u.Url)
                .SingleOrDefaultAsync(cancellationToken);
            if (url is not null)
            {
                db.Add(NewDelivery(evt, null, NotificationChannels.RequestUrl, url, now));
                count++;
            }
        }
        return count;
    }

    /// <summary>The body: <c>{"type", "timestamp" (ISO 8601 UTC), "data"}</c>, cut to a summary above <see cref="MaxPayloadBytes"/>.</summary>
    public static string Payload(string type, DateTimeOffset at, JsonObject data)
    {
        var body = new JsonObject
        {
            ["type"] = type,
            ["timestamp"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["data"] = data,
        };
        var json = body.ToJsonString();
        if (System.Text.Encoding.UTF8.GetByteCount(json) <= MaxPayloadBytes)
        {
            return json;
        }

        // Too big (a module wrote a huge output): keep the identifying scalars, drop nested detail.
        var summary = new JsonObject();
        foreach (var (key, value) in data)
        {
            if (value is JsonValue v && v.ToJsonString().Length <= 512)
            {
                summary[key] = v.DeepClone();
            }
        }
        summary["truncated"] = true;
        body["data"] = summary;
        return body.ToJsonString();
    }

    private static NotificationDelivery NewDelivery(NotificationEvent evt, Guid? endpointId, string channel, string? url, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        WorkspaceId = evt.WorkspaceId,
        EventId = evt.Id,
        EventType = evt.Type,
        EndpointId = endpointId,
        Channel = channel,
        Url = url,
        Status = DeliveryStatus.Pending,
        NextAttemptAt = now,
        CreatedAt = now,
        UpdatedAt = now,
    };
}
