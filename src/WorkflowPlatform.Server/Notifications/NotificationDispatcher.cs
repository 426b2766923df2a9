using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Server.Notifications.Webhooks;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Notifications;

namespace WorkflowPlatform.Server.Notifications;

/// <summary>
/// Makes due delivery attempts: claims a batch with a lease (<see cref="NotificationDeliveryQueue"/>), sends each one
/// (signed webhook, a request's own URL, or e-mail), writes the attempt to the delivery log and schedules the next
/// attempt on the <see cref="RetrySchedule"/> (<c>Retry-After</c> honoured). 410 disables the endpoint; an endpoint whose
/// delivery used up the schedule is disabled and its owners told (<see cref="EndpointHealth"/>).
/// </summary>
public sealed partial class NotificationDispatcher(
    NotificationDeliveryQueue queue, IServiceScopeFactory scopes, WebhookSender sender, EmailNotifier email, EndpointHealth health,
    IOptions<NotificationOptions> options, TimeProvider time, ILogger<NotificationDispatcher> logger)
{
    /// <summary>This process as a lease owner (host:pid).</summary>
    public static readonly string Node = $"{Environment.MachineName}:{Environment.ProcessId}";

    private static readonly Meter Meter = new("WorkflowPlatform");
    private static readonly Histogram<double> AttemptLatency = Meter.CreateHistogram<double>("wfp.webhooks.attempt.duration", "ms", "Latency of webhook attempts.");
    private static readonly Counter<long> Attempts = Meter.CreateCounter<long>("wfp.webhooks.attempts", description: "Delivery attempts by outcome.");

    private RetrySchedule Schedule => new(options.Value.RetryDelays is { Count: > 0 } d ? d : null, options.Value.Jitter);

    /// <summary>One pass: claims up to <see cref="NotificationOptions.BatchSize"/> due deliveries and attempts them. Returns how many were claimed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var claimed = await queue.ClaimAsync(Node, time.GetUtcNow(), o.LeaseDuration, o.BatchSize, cancellationToken);
        if (claimed.Count == 0)
        {
            return 0;
        }
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, o.MaxParallel), CancellationToken = cancellationToken },
            async (delivery, ct) => await DeliverAsync(delivery, ct));
        return claimed.Count;
    }

    /// <summary>Runs passes until nothing is due.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken = default)
    {
        while (await RunOnceAsync(cancellationToken) > 0)
        {
        }
    }

    private async Task DeliverAsync(NotificationDelivery delivery, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        NotificationEvent? evt;
        NotificationEndpoint? endpoint = null;
        List<WebhookSecret> secrets = [];
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            evt = await db.Set<NotificationEvent>().IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(e => e.Id == delivery.EventId, cancellationToken);
            if (delivery.EndpointId is { } endpointId)
            {
                endpoint = await db.Set<NotificationEndpoint>().IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(e => e.Id == endpointId, cancellationToken);
                if (endpoint is not null)
                {
                    secrets = SecretsOf(endpoint, now);
                }
            }
            else if (evt?.ApplicationId is { } app)
            {
                // A request's own notification_url is signed with the application's oldest enabled webhook endpoint's secrets.
                var signer = await db.Set<NotificationEndpoint>().IgnoreQueryFilters().AsNoTracking()
                    .Where(e => e.WorkspaceId == delivery.WorkspaceId && e.ApplicationId == app && e.Kind == NotificationChannels.Webhook && e.Enabled)
                    .OrderBy(e => e.CreatedAt).FirstOrDefaultAsync(cancellationToken);
                if (signer is not null)
                {
                    secrets = SecretsOf(signer, now);
                }
            }
        }

        var number = delivery.Attempts + 1;
        WebhookAttempt result;
        if (evt is null)
        {
            result = Final(WebhookAttemptOutcome.Refused, "EVENT_MISSING: the event row is gone");
        }
        else if (delivery.EndpointId is not null && endpoint is null)
        {
            result = Final(WebhookAttemptOutcome.Refused, "ENDPOINT_DELETED: the endpoint was deleted");
        }
        else if (endpoint is { Enabled: false })
        {
            result = Final(WebhookAttemptOutcome.Refused, $"ENDPOINT_DISABLED: {endpoint.DisabledReason ?? "disabled"}");
        }
        else if (delivery.Channel == NotificationChannels.Email)
        {
            result = await email.SendAsync(delivery.WorkspaceId, endpoint!.EmailTo, evt, cancellationToken);
        }
        else if (secrets.Count == 0)
        {
            result = Final(WebhookAttemptOutcome.Refused, "NO_SIGNING_SECRET: the application has no enabled webhook endpoint whose secret could sign");
        }
        else
        {
            var url = delivery.Channel == NotificationChannels.RequestUrl ? delivery.Url! : endpoint!.Url!;
            result = await sender.SendAsync(new WebhookMessage(evt.Id, url, Encoding.UTF8.GetBytes(evt.PayloadJson), secrets), cancellationToken);
        }

        var finishedAt = time.GetUtcNow();
        DeliveryUpdate update;
        var exhausted = false;
        switch (result.Outcome)
        {
            case WebhookAttemptOutcome.Delivered:
                update = new DeliveryUpdate(DeliveryStatus.Delivered, null);
                break;
            case WebhookAttemptOutcome.Failed when Schedule.DelayBefore(number + 1, result.RetryAfter) is { } delay:
                update = new DeliveryUpdate(DeliveryStatus.Pending, finishedAt + delay);
                break;
            case WebhookAttemptOutcome.Failed:
                update = new DeliveryUpdate(DeliveryStatus.Failed, null);
                exhausted = true;
                break;
            default:
                update = new DeliveryUpdate(DeliveryStatus.Failed, null);
                break;
        }

        var attempt = new NotificationAttempt
        {
            Id = Guid.CreateVersion7(now),
            WorkspaceId = delivery.WorkspaceId,
            DeliveryId = delivery.Id,
            EventId = delivery.EventId,
            EndpointId = delivery.EndpointId,
            Number = number,
            Outcome = result.Outcome.ToString().ToLowerInvariant(),
            StatusCode = result.StatusCode,
            LatencyMs = result.Latency.TotalMilliseconds,
            ResponseExcerpt = result.ResponseExcerpt,
            Error = result.Error,
            Node = Node,
            StartedAt = now,
        };
        Attempts.Add(1, new KeyValuePair<string, object?>("outcome", attempt.Outcome));
        AttemptLatency.Record(attempt.LatencyMs);
        if (!await queue.CompleteAsync(delivery, attempt, update, finishedAt, cancellationToken))
        {
            Log.LeaseLost(logger, delivery.Id, delivery.EventId);
            return;
        }

        if (endpoint is { Enabled: true } && delivery.EndpointId is { } id)
        {
            if (result.Outcome == WebhookAttemptOutcome.Gone)
            {
                await health.DisableAsync(delivery.WorkspaceId, id, "the receiver answered 410 Gone", cancellationToken);
            }
            else if (exhausted)
            {
                await health.DisableAsync(delivery.WorkspaceId, id, $"{number} attempts of event {delivery.EventId} failed (last: {result.Error})", cancellationToken);
            }
        }
    }

    private static List<WebhookSecret> SecretsOf(NotificationEndpoint endpoint, DateTimeOffset now)
    {
        var list = new List<WebhookSecret>(2);
        if (WebhookSecret.TryParse(endpoint.Secret, out var current))
        {
            list.Add(current!);
        }
        if (endpoint.PreviousSecretExpiresAt > now && WebhookSecret.TryParse(endpoint.PreviousSecret, out var previous))
        {
            list.Add(previous!);
        }
        return list;
    }

    private WebhookAttempt Final(WebhookAttemptOutcome outcome, string error)
        => new(outcome, null, TimeSpan.Zero, null, error, null, time.GetUtcNow().ToUnixTimeSeconds());

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Delivery {DeliveryId} of {EventId}: the lease ran out before the attempt was recorded; another node takes it over.")]
        public static partial void LeaseLost(ILogger logger, Guid deliveryId, string eventId);
    }
}
