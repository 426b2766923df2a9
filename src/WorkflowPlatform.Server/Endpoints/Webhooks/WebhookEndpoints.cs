using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Server.Audit;
using WorkflowPlatform.Server.Auth;
using WorkflowPlatform.Server.Endpoints.Workspaces;
using WorkflowPlatform.Server.Hosting;
using WorkflowPlatform.Server.Notifications;
using WorkflowPlatform.Server.Notifications.Webhooks;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Notifications;
using WorkflowPlatform.Storage.Workspaces;

namespace WorkflowPlatform.Server.Endpoints.Webhooks;

public sealed record EndpointRequest(Guid? ApplicationId, string? Kind, string? Url, List<string>? EmailTo, List<string>? Events, bool? Enabled, string? Description);

public sealed record EndpointResponse(
    Guid Id, Guid ApplicationId, string Kind, string? Url, IReadOnlyList<string> EmailTo, IReadOnlyList<string> Events, bool Enabled,
    string? Description, string? SecretPrefix, DateTimeOffset? PreviousSecretExpiresAt, string? DisabledReason, DateTimeOffset? DisabledAt,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static EndpointResponse From(NotificationEndpoint e) => new(
        e.Id, e.ApplicationId, e.Kind, e.Url, e.EmailTo, e.EventTypes, e.Enabled, e.Description,
        e.Secret is null ? null : e.Secret[..Math.Min(e.Secret.Length, 12)] + "…", e.PreviousSecretExpiresAt, e.DisabledReason, e.DisabledAt, e.CreatedAt, e.UpdatedAt);
}

/// <summary>Create and rotate answers: the secret is shown here only.</summary>
public sealed record EndpointWithSecretResponse(EndpointResponse Endpoint, string? Secret);

public sealed record RotateSecretRequest(int? OverlapSeconds);

public sealed record RotateSecretResponse(string Secret, DateTimeOffset? PreviousSecretExpiresAt);

public sealed record ReplayRangeRequest(DateTimeOffset? From, DateTimeOffset? To);

public sealed record ReplayEventRequest(Guid? EndpointId);

public sealed record ReplayResponse(int Deliveries);

public sealed record TestEventResponse(string EventId, int Deliveries);

public sealed record AttemptResponse(int Number, DateTimeOffset StartedAt, string Outcome, int? StatusCode, double LatencyMs, string? ResponseExcerpt, string? Error, string? Node);

public sealed record DeliveryResponse(
    Guid Id, string EventId, string EventType, Guid? EndpointId, string Channel, string? Url, string Status, int Attempts,
    DateTimeOffset? NextAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset? DeliveredAt, DateTimeOffset CreatedAt,
    IReadOnlyList<AttemptResponse> AttemptLog);

public sealed record EventResponse(string Id, string Type, Guid? ApplicationId, string? RequestId, int Sequence, DateTimeOffset CreatedAt, JsonNode? Payload, IReadOnlyList<DeliveryResponse>? Deliveries);

/// <summary>
/// Admin API for notification ways: endpoints CRUD (webhook or e-mail), secret rotation with overlap, test events,
/// the delivery log per endpoint and per event, replay of one event or of every failed delivery in a time range.
/// Reading needs Viewer, changing needs Admin; every change is audited.
/// </summary>
public static class WebhookEndpoints
{
    public static RouteGroupBuilder MapWebhookEndpoints(this RouteGroupBuilder admin)
    {
        var hooks = admin.WorkspaceGroup().MapGroup("/webhooks").WithTags("Webhooks");
        var viewer = WorkspacePolicies.For(WorkspaceRole.Viewer);
        var manager = WorkspacePolicies.For(WorkspaceRole.Admin);
        hooks.MapGet("/endpoints", ListAsync).RequireAuthorization(viewer).WithSummary("Notification ways (webhook endpoints, e-mail) of the workspace, optionally of one application.");
        hooks.MapPost("/endpoints", CreateAsync).RequireAuthorization(manager).WithSummary("Create a webhook endpoint (the secret is in this response only) or an e-mail notification.");
        hooks.MapGet("/endpoints/{id:guid}", GetAsync).RequireAuthorization(viewer).WithSummary("One endpoint.");
        hooks.MapPut("/endpoints/{id:guid}", UpdateAsync).RequireAuthorization(manager).WithSummary("Change URL, recipients, event filter, description; enable or disable.");
        hooks.MapDelete("/endpoints/{id:guid}", DeleteAsync).RequireAuthorization(manager).WithSummary("Delete an endpoint (its pending deliveries stop).");
        hooks.MapPost("/endpoints/{id:guid}/rotate-secret", RotateAsync).RequireAuthorization(manager)
            .WithSummary("New secret; the old one keeps signing beside it for the overlap (default Webhooks:RotationOverlap).");
        hooks.MapPost("/endpoints/{id:guid}/test", TestAsync).RequireAuthorization(manager).WithSummary("Send a webhook.test event to this endpoint.");
        hooks.MapGet("/endpoints/{id:guid}/deliveries", EndpointDeliveriesAsync).RequireAuthorization(viewer).WithSummary("Delivery log of an endpoint, newest first.");
        hooks.MapPost("/endpoints/{id:guid}/replay-failed", ReplayFailedAsync).RequireAuthorization(manager)
            .WithSummary("Deliver again every event whose delivery to this endpoint failed in [from, to).");
        hooks.MapGet("/events", ListEventsAsync).RequireAuthorization(viewer).WithSummary("Events, newest first (filters requestId, type, from, to).");
        hooks.MapGet("/events/{eventId}", GetEventAsync).RequireAuthorization(viewer).WithSummary("One event with its payload and delivery log.");
        hooks.MapPost("/events/{eventId}/replay", ReplayEventAsync).RequireAuthorization(manager)
            .WithSummary("Deliver an event again (same webhook-id) to one endpoint or to every endpoint that wants it.");
        return admin;
    }

    private static async Task<Ok<List<EndpointResponse>>> ListAsync(Guid workspaceId, Guid? applicationId, PlatformDbContext db, CancellationToken ct)
    {
        var q = db.Set<NotificationEndpoint>().AsNoTracking();
        if (applicationId is { } app)
        {
            q = q.Where(e => e.ApplicationId == app);
        }
        var list = await q.OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToListAsync(ct);
        return TypedResults.Ok(list.Select(EndpointResponse.From).ToList());
    }

    private static async Task<Results<Ok<EndpointResponse>, ProblemHttpResult>> GetAsync(Guid workspaceId, Guid id, PlatformDbContext db, CancellationToken ct)
    {
        var e = await db.Set<NotificationEndpoint>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        return e is null ? Problems.NotFound("endpoint") : TypedResults.Ok(EndpointResponse.From(e));
    }

    private static async Task<Results<Created<EndpointWithSecretResponse>, ValidationProblem>> CreateAsync(
        Guid workspaceId, EndpointRequest body, PlatformDbContext db, AuditLog audit, OutboundUrlPolicy policy, TimeProvider time, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var kind = body.Kind ?? NotificationChannels.Webhook;
        if (kind is not (NotificationChannels.Webhook or NotificationChannels.Email))
        {
            errors.Add("kind", "Either 'webhook' or 'email'.");
        }
        if (body.ApplicationId is not { } appId || !await db.Applications.AnyAsync(a => a.Id == appId, ct))
        {
            errors.Add("applicationId", "An application of this workspace is required.");
        }
        var endpoint = new NotificationEndpoint { Id = Guid.CreateVersion7(), WorkspaceId = workspaceId, ApplicationId = body.ApplicationId ?? Guid.Empty, Kind = kind };
        await ApplyAsync(body, endpoint, errors, policy, ct);
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }
        if (kind == NotificationChannels.Webhook)
        {
            endpoint.Secret = WebhookSecret.Generate().Text;
        }
        endpoint.CreatedAt = endpoint.UpdatedAt = time.GetUtcNow();
        db.Add(endpoint);
        var response = EndpointResponse.From(endpoint);
        audit.Record("webhook.endpoint.created", "notification_endpoint", endpoint.Id.ToString(), null, response);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/admin/workspaces/{workspaceId}/webhooks/endpoints/{endpoint.Id}", new EndpointWithSecretResponse(response, endpoint.Secret));
    }

    private static async Task<Results<Ok<EndpointResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid workspaceId, Guid id, EndpointRequest body, PlatformDbContext db, AuditLog audit, OutboundUrlPolicy policy, TimeProvider time, CancellationToken ct)
    {
        var endpoint = await db.Set<NotificationEndpoint>().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (endpoint is null)
        {
            return Problems.NotFound("endpoint");
        }
        var before = EndpointResponse.From(endpoint);
        var errors = new FieldErrors();
        if (body.Kind is { } k && k != endpoint.Kind)
        {
            errors.Add("kind", "The kind of an endpoint cannot change; create another endpoint.");
        }
        if (body.ApplicationId is { } a && a != endpoint.ApplicationId)
        {
            errors.Add("applicationId", "An endpoint cannot move to another application.");
        }
        await ApplyAsync(body, endpoint, errors, policy, ct);
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }
        if (endpoint.Enabled && !before.Enabled)
        {
            endpoint.DisabledReason = null;
            endpoint.DisabledAt = null;
        }
        else if (!endpoint.Enabled && before.Enabled)
        {
            endpoint.DisabledReason = "disabled by an admin";
            endpoint.DisabledAt = time.GetUtcNow();
        }
        endpoint.UpdatedAt = time.GetUtcNow();
        var after = EndpointResponse.From(endpoint);
        audit.Record("webhook.endpoint.updated", "notification_endpoint", id.ToString(), before, after);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(after);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(Guid workspaceId, Guid id, PlatformDbContext db, AuditLog audit, CancellationToken ct)
    {
        var endpoint = await db.Set<NotificationEndpoint>().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (endpoint is null)
        {
            return Problems.NotFound("endpoint");
        }
        db.Remove(endpoint);
        audit.Record("webhook.endpoint.deleted", "notification_endpoint", id.ToString(), EndpointResponse.From(endpoint), null);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<RotateSecretResponse>, ValidationProblem, ProblemHttpResult>> RotateAsync(
        Guid workspaceId, Guid id, RotateSecretRequest? body, PlatformDbContext db, AuditLog audit, IOptions<NotificationOptions> options, TimeProvider time, CancellationToken ct)
    {
        var endpoint = await db.Set<NotificationEndpoint>().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (endpoint is null)
        {
            return Problems.NotFound("endpoint");
        }
        if (endpoint.Kind != NotificationChannels.Webhook)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["kind"] = ["Only webhook endpoints have a secret."] });
        }
        var overlap = body?.OverlapSeconds is { } s ? TimeSpan.FromSeconds(s) : options.Value.RotationOverlap;
        if (overlap < TimeSpan.Zero || overlap > TimeSpan.FromDays(7))
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["overlapSeconds"] = ["0 to 604800 seconds."] });
        }
        var now = time.GetUtcNow();
        endpoint.PreviousSecret = overlap > TimeSpan.Zero ? endpoint.Secret : null;
        endpoint.PreviousSecretExpiresAt = overlap > TimeSpan.Zero ? now + overlap : null;
        endpoint.Secret = WebhookSecret.Generate().Text;
        endpoint.UpdatedAt = now;
        audit.Record("webhook.endpoint.secret_rotated", "notification_endpoint", id.ToString(), null, new { previousSecretExpiresAt = endpoint.PreviousSecretExpiresAt });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new RotateSecretResponse(endpoint.Secret, endpoint.PreviousSecretExpiresAt));
    }

    private static async Task<Results<Accepted<TestEventResponse>, ProblemHttpResult>> TestAsync(
        Guid workspaceId, Guid id, PlatformDbContext db, AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        var endpoint = await db.Set<NotificationEndpoint>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (endpoint is null)
        {
            return Problems.NotFound("endpoint");
        }
        if (!endpoint.Enabled)
        {
            return Problems.Conflict("ENDPOINT_DISABLED", "Enable the endpoint before sending a test event.");
        }
        var now = time.GetUtcNow();
        var data = new JsonObject { ["endpoint_id"] = id.ToString("D"), ["message"] = "This is a test event from WorkflowPlatform." };
        var evt = await NotificationOutbox.AddAsync(db, new OutboxEntry(workspaceId, endpoint.ApplicationId, null, NotificationEvents.WebhookTest,
            $"{NotificationEvents.WebhookTest}:{Guid.NewGuid():N}", data, id), now, ct);
        audit.Record("webhook.endpoint.tested", "notification_endpoint", id.ToString(), null, new { eventId = evt!.Id });
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/api/admin/workspaces/{workspaceId}/webhooks/events/{evt.Id}", new TestEventResponse(evt.Id, 1));
    }

    private static async Task<Results<Ok<List<DeliveryResponse>>, ProblemHttpResult>> EndpointDeliveriesAsync(
        Guid workspaceId, Guid id, string? status, DateTimeOffset? from, DateTimeOffset? to, int? skip, int? take, PlatformDbContext db, CancellationToken ct)
    {
        if (!await db.Set<NotificationEndpoint>().AnyAsync(x => x.Id == id, ct))
        {
            return Problems.NotFound("endpoint");
        }
        var q = db.Set<NotificationDelivery>().AsNoTracking().Where(d => d.EndpointId == id);
        if (status is not null)
        {
            q = q.Where(d => d.Status == status);
        }
        if (from is { } f)
        {
            q = q.Where(d => d.CreatedAt >= f);
        }
        if (to is { } t)
        {
            q = q.Where(d => d.CreatedAt < t);
        }
        var rows = await q.OrderByDescending(d => d.CreatedAt).ThenBy(d => d.Id).Skip(Math.Max(0, skip ?? 0)).Take(Math.Clamp(take ?? 50, 1, 500)).ToListAsync(ct);
        return TypedResults.Ok(await WithAttemptsAsync(db, rows, ct));
    }

    private static async Task<Results<Ok<ReplayResponse>, ValidationProblem, ProblemHttpResult>> ReplayFailedAsync(
        Guid workspaceId, Guid id, ReplayRangeRequest body, PlatformDbContext db, AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        var endpoint = await db.Set<NotificationEndpoint>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (endpoint is null)
        {
            return Problems.NotFound("endpoint");
        }
        if (body.From is not { } from || body.To is not { } to || to <= from)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["from"] = ["'from' and 'to' are required, 'from' before 'to'."] });
        }
        if (!endpoint.Enabled)
        {
            return Problems.Conflict("ENDPOINT_DISABLED", "Enable the endpoint before replaying to it.");
        }
        var failed = await db.Set<NotificationDelivery>().AsNoTracking()
            .Where(d => d.EndpointId == id && d.Status == DeliveryStatus.Failed && d.CreatedAt >= from && d.CreatedAt < to)
            .Select(d => d.EventId).Distinct().ToListAsync(ct);
        var settled = await db.Set<NotificationDelivery>().AsNoTracking()
            .Where(d => d.EndpointId == id && failed.Contains(d.EventId) && d.Status != DeliveryStatus.Failed)
            .Select(d => d.EventId).Distinct().ToListAsync(ct);
        var now = time.GetUtcNow();
        var count = 0;
        foreach (var eventId in failed.Except(settled, StringComparer.Ordinal))
        {
            var evt = await db.Set<NotificationEvent>().AsNoTracking().SingleAsync(e => e.Id == eventId, ct);
            count += await NotificationOutbox.AddDeliveriesAsync(db, evt, id, now, ct);
        }
        audit.Record("webhook.endpoint.replayed", "notification_endpoint", id.ToString(), null, new { from, to, deliveries = count });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new ReplayResponse(count));
    }

    private static async Task<Ok<List<EventResponse>>> ListEventsAsync(
        Guid workspaceId, string? requestId, string? type, DateTimeOffset? from, DateTimeOffset? to, int? skip, int? take, PlatformDbContext db, CancellationToken ct)
    {
        var q = db.Set<NotificationEvent>().AsNoTracking();
        if (requestId is not null)
        {
            q = q.Where(e => e.RequestId == requestId);
        }
        if (type is not null)
        {
            q = q.Where(e => e.Type == type);
        }
        if (from is { } f)
        {
            q = q.Where(e => e.CreatedAt >= f);
        }
        if (to is { } t)
        {
            q = q.Where(e => e.CreatedAt < t);
        }
        var rows = await q.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id).Skip(Math.Max(0, skip ?? 0)).Take(Math.Clamp(take ?? 50, 1, 500)).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(e => new EventResponse(e.Id, e.Type, e.ApplicationId, e.RequestId, e.Sequence, e.CreatedAt, JsonNode.Parse(e.PayloadJson), null)).ToList());
    }

    private static async Task<Results<Ok<EventResponse>, ProblemHttpResult>> GetEventAsync(Guid workspaceId, string eventId, PlatformDbContext db, CancellationToken ct)
    {
        var e = await db.Set<NotificationEvent>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == eventId, ct);
        if (e is null)
        {
            return Problems.NotFound("event");
        }
        var deliveries = await db.Set<NotificationDelivery>().AsNoTracking().Where(d => d.EventId == eventId).OrderBy(d => d.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(new EventResponse(e.Id, e.Type, e.ApplicationId, e.RequestId, e.Sequence, e.CreatedAt, JsonNode.Parse(e.PayloadJson),
            await WithAttemptsAsync(db, deliveries, ct)));
    }

    private static async Task<Results<Ok<ReplayResponse>, ProblemHttpResult>> ReplayEventAsync(
        Guid workspaceId, string eventId, ReplayEventRequest? body, PlatformDbContext db, AuditLog audit, TimeProvider time, CancellationToken ct)
    {
        var evt = await db.Set<NotificationEvent>().AsNoTracking().SingleOrDefaultAsync(x => x.Id == eventId, ct);
        if (evt is null)
        {
            return Problems.NotFound("event");
        }
        if (body?.EndpointId is { } only && !await db.Set<NotificationEndpoint>().AnyAsync(x => x.Id == only && x.Enabled, ct))
        {
            return Problems.NotFound("enabled endpoint");
        }
        var count = await NotificationOutbox.AddDeliveriesAsync(db, evt, body?.EndpointId, time.GetUtcNow(), ct);
        audit.Record("webhook.event.replayed", "notification_event", eventId, null, new { endpointId = body?.EndpointId, deliveries = count });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new ReplayResponse(count));
    }

    private static async Task<List<DeliveryResponse>> WithAttemptsAsync(PlatformDbContext db, List<NotificationDelivery> rows, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var attempts = (await db.Set<NotificationAttempt>().AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(ct))
            .ToLookup(a => a.DeliveryId);
        return rows.Select(d => new DeliveryResponse(d.Id, d.EventId, d.EventType, d.EndpointId, d.Channel, d.Url, d.Status, d.Attempts, d.NextAttemptAt,
            d.LastStatusCode, d.LastError, d.DeliveredAt, d.CreatedAt,
            attempts[d.Id].OrderBy(a => a.Number).Select(a => new AttemptResponse(a.Number, a.StartedAt, a.Outcome, a.StatusCode, a.LatencyMs, a.ResponseExcerpt, a.Error, a.Node)).ToList()))
            .ToList();
    }

    private static async Task ApplyAsync(EndpointRequest body, NotificationEndpoint endpoint, FieldErrors errors, OutboundUrlPolicy policy, CancellationToken ct)
    {
        endpoint.Description = errors.Optional("description", body.Description, NotificationEndpoint.DescriptionMaxLength);
        if (body.Events is not null)
        {
            endpoint.EventTypes = errors.List("events", body.Events, 20, (v, i) =>
            {
                if (!NotificationEvents.All.Contains(v, StringComparer.Ordinal))
                {
                    errors.Add($"events[{i}]", $"Unknown event type; one of {string.Join(", ", NotificationEvents.All)}.");
                    return null;
                }
                return v;
            });
        }
        if (body.Enabled is { } enabled)
        {
            endpoint.Enabled = enabled;
        }
        if (endpoint.Kind == NotificationChannels.Email)
        {
            if (body.EmailTo is not null || endpoint.EmailTo.Count == 0)
            {
                endpoint.EmailTo = errors.List("emailTo", body.EmailTo, 20, (v, i) => errors.Email($"emailTo[{i}]", v));
                if (endpoint.EmailTo.Count == 0)
                {
                    errors.Add("emailTo", "At least one address.");
                }
            }
            return;
        }
        if (body.Url is not null || endpoint.Url is null)
        {
            var url = errors.Required("url", body.Url, NotificationEndpoint.UrlMaxLength);
            if (url is not null)
            {
                var decision = await policy.CheckAsync(url, ct);
                if (decision.Allowed)
                {
                    endpoint.Url = url;
                }
                else
                {
                    errors.Add("url", $"{decision.Code}: {decision.Reason}");
                }
            }
        }
    }
}
