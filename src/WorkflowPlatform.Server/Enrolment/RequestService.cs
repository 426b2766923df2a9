using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Persistence;
using WorkflowPlatform.Server.Enrolment.Tokens;
using WorkflowPlatform.Server.Hosting;
using WorkflowPlatform.Server.VerificationWays;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Applications;
using WorkflowPlatform.Storage.Requests;
using WorkflowPlatform.Verification.Photos;
using WorkflowPlatform.Verification.Profiles;

namespace WorkflowPlatform.Server.Enrolment;

/// <summary>Stable codes of the requests API.</summary>
public static class RequestErrorCodes
{
    public const string IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED";
    public const string IdempotencyKeyInProgress = "IDEMPOTENCY_KEY_IN_PROGRESS";
    public const string WorkflowNotFound = "WORKFLOW_NOT_FOUND";
    public const string VerificationWayNotAllowed = "VERIFICATION_WAY_NOT_ALLOWED";
    public const string SessionUnauthorized = "SESSION_UNAUTHORIZED";
    public const string SessionAlreadyCompleted = "SESSION_ALREADY_COMPLETED";
    public const string NoCapturePending = "NO_CAPTURE_PENDING";
    public const string MissingDocumentAndFace = "MISSING_DOCUMENT_AND_FACE";
    public const string NotificationUrlNotAllowed = "NOTIFICATION_URL_NOT_ALLOWED";
}

/// <summary>A request as the services see it: the record, the instances of its chain (first, current) and the application.</summary>
public sealed record RequestView(PublicRequestRecord Record, WorkflowInstance First, WorkflowInstance Current, Application? Application);

/// <summary>Outcome of <see cref="RequestService.CreateAsync"/>: the 201 body, or an error code.</summary>
public sealed record CreateOutcome(JsonObject? Response, string? ErrorCode, string? Detail, bool Replayed = false);

/// <summary>A validated create call (<c>POST /api/v1/requests</c>).</summary>
public sealed record CreateCommand(
    Guid WorkspaceId, Guid ApplicationId, string? Workflow, string UserId, string WayType, string? WayTo,
    bool ForceOnboarding, string? Locale, IReadOnlyDictionary<string, object?> Metadata, string? NotificationUrl,
    string? IdempotencyKey, string BodyHash, string BaseUrl);

/// <summary>
/// The requests API's logic over the engine: workflow selection (onboarding / verification / forced / explicit),
/// idempotent creation, session tokens, links, results in the seed shape, cancellation, the onboarding → verification chain.
/// </summary>
public sealed class RequestService(
    IServiceScopeFactory scopes, WorkflowEngine engine, IWorkflowDefinitionStore definitions, IWorkflowInstanceStore instances,
    SessionTokenService tokens, UserProfiles profiles, PhotoUrls photoUrls, VerificationWayDispatcher ways,
    IOptions<EnrolmentOptions> options, TimeProvider time)
{
    public async Task<CreateOutcome> CreateAsync(CreateCommand command, CancellationToken ct)
    {
        await using var scope = Open(command.WorkspaceId, out var db);
        if (command.IdempotencyKey is { } key)
        {
            var earlier = await db.Set<PublicRequestRecord>().AsNoTracking()
                .SingleOrDefaultAsync(r => r.ApplicationId == command.ApplicationId && r.IdempotencyKey == key, ct);
            if (earlier is not null)
                return Replay(earlier, command);
        }

        var app = await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Id == command.ApplicationId, ct);
        if (app is null)
            return new(null, ErrorCodes.NotFound, "The application of this API key no longer exists.");
        var allowed = app.VerificationWays.Count > 0 ? app.VerificationWays : ["link"];
        if (!allowed.Contains(command.WayType, StringComparer.Ordinal))
            return new(null, RequestErrorCodes.VerificationWayNotAllowed,
                $"The application allows {string.Join(", ", allowed)}; '{command.WayType}' is not one of them.");

        if (command.NotificationUrl is { } notificationUrl && !Notifications.RequestNotificationUrls.IsAllowed(notificationUrl, app.NotificationDomains))
            return new(null, RequestErrorCodes.NotificationUrlNotAllowed,
                app.NotificationDomains.Count == 0
                    ? "The application permits no notification_url domains (notificationDomains)."
                    : $"notification_url must be on {string.Join(", ", app.NotificationDomains)} (or a subdomain).");

        var ws = command.WorkspaceId.ToString("D");
        var profile = await profiles.GetAsync(ws, command.UserId, ct);
        var registered = profile?.SelfieRegistered == true;
        string? first, next = null;
        if (command.Workflow is { } explicitKey)
            first = explicitKey;
        else if (command.ForceOnboarding)
            (first, next) = (app.OnboardingWorkflow, app.VerificationWorkflow);
        else
            first = registered ? app.VerificationWorkflow ?? app.OnboardingWorkflow : app.OnboardingWorkflow;
        if (string.IsNullOrEmpty(first))
            return new(null, RequestErrorCodes.WorkflowNotFound, "No workflow given and the application has no matching onboarding/verification workflow attached.");
        if (await definitions.GetPublishedAsync(ws, first, ct) is null)
            return new(null, RequestErrorCodes.WorkflowNotFound, $"Workflow '{first}' does not exist or has no published version.");
        if (next is not null && await definitions.GetPublishedAsync(ws, next, ct) is null)
            next = null;

        var now = time.GetUtcNow();
        var id = Guid.NewGuid().ToString("N");
        var expiresAt = now.AddSeconds(Math.Max(60, app.SessionTtlSeconds));
        var locale = command.Locale ?? app.DefaultLocale;
        var record = new PublicRequestRecord
        {
            Id = id,
            WorkspaceId = command.WorkspaceId,
            ApplicationId = app.Id,
            UserId = command.UserId,
            Workflow = first,
            CurrentInstanceId = id,
            NextWorkflow = next,
            IdempotencyKey = command.IdempotencyKey,
            BodyHash = command.IdempotencyKey is null ? null : command.BodyHash,
            WayType = command.WayType,
            WayTo = command.WayTo,
            Locale = locale,
            ForceOnboarding = command.ForceOnboarding,
            DispatchStatus = command.WayType is "email" or "sms" ? "pending" : "not_required",
            ExpiresAt = expiresAt,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Add(record);
        // Same SaveChanges as the record: the outbox finds the URL for every event of this request.
        if (command.NotificationUrl is { } requestUrl)
            db.Add(new Storage.Notifications.RequestNotificationUrl { RequestId = id, WorkspaceId = command.WorkspaceId, Url = requestUrl });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (command.IdempotencyKey is not null)
        {
            // A concurrent call with the same key won the insert.
            db.ChangeTracker.Clear();
            var winner = await db.Set<PublicRequestRecord>().AsNoTracking()
                .SingleAsync(r => r.ApplicationId == command.ApplicationId && r.IdempotencyKey == command.IdempotencyKey, ct);
            return Replay(winner, command);
        }

        var run = await StartAsync(record, app, first, id, profile, command.Metadata, ct);
        var token = tokens.Issue(command.WorkspaceId, Guid.ParseExact(id, "N"), expiresAt);
        var links = Links(command.BaseUrl, token, locale);
        var response = new JsonObject
        {
            ["request_id"] = id,
            ["status"] = run.Status.ToWire(),
            ["workflow"] = first,
            ["user_id"] = command.UserId,
            ["verification_url"] = links.Url,
            ["iframe_url"] = links.IframeUrl,
            ["expires_at"] = expiresAt.ToString("O", CultureInfo.InvariantCulture),
        };
        if (next is not null)
            response["next_workflow"] = next;
        if (command.WayType == "qr")
        {
            response["qr_svg"] = QrCodes.Svg(links.Url);
            response["qr_png_url"] = $"{command.BaseUrl}/api/v1/requests/{id}/qr.png";
        }

        if (record.DispatchStatus == "pending")
        {
            var dispatch = await ways.DispatchAsync(command.WorkspaceId, id, command.BaseUrl, ct);
            response["dispatch"] = new JsonObject { ["status"] = dispatch.Status, ["error"] = dispatch.Error };
        }

        var tracked = await db.Set<PublicRequestRecord>().SingleAsync(r => r.Id == id, ct);
        tracked.ResponseJson = response.ToJsonString();
        tracked.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return new(response, null, null);
    }

    private static CreateOutcome Replay(PublicRequestRecord earlier, CreateCommand command)
    {
        if (earlier.BodyHash != command.BodyHash)
            return new(null, RequestErrorCodes.IdempotencyKeyReused, "This Idempotency-Key was used with a different request body.");
        if (earlier.ResponseJson is null)
            return new(null, RequestErrorCodes.IdempotencyKeyInProgress, "A request with this Idempotency-Key is still being created; retry shortly.");
        return new((JsonObject)JsonNode.Parse(earlier.ResponseJson)!, null, null, Replayed: true);
    }

    private Task<RunResult> StartAsync(
        PublicRequestRecord record, Application? app, string workflow, string instanceId, UserProfile? profile,
        IReadOnlyDictionary<string, object?>? metadata, CancellationToken ct)
    {
        var requestValues = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["force_onboarding"] = record.ForceOnboarding,
            ["locale"] = record.Locale,
            ["metadata"] = metadata ?? new Dictionary<string, object?>(StringComparer.Ordinal),
            ["request_id"] = record.Id,
            ["verification_way"] = record.WayType,
        };
        var user = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = record.UserId,
            ["is_new"] = profile is null,
            ["selfie_registered"] = profile?.SelfieRegistered == true,
            ["registered_at"] = profile?.RegisteredAt,
        };
        var application = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["id"] = record.ApplicationId.ToString("D"),
            ["name"] = app?.Name,
        };
        var remaining = record.ExpiresAt - time.GetUtcNow();
        return engine.StartAsync(new StartRequest
        {
            WorkspaceId = record.WorkspaceId.ToString("D"),
            Workflow = workflow,
            InstanceId = instanceId,
            UserId = record.UserId,
            ApplicationId = record.ApplicationId.ToString("D"),
            Request = requestValues,
            User = user,
            Application = application,
            TimeToLive = remaining > TimeSpan.Zero ? remaining : TimeSpan.FromSeconds(1),
        }, ct);
    }

    /// <summary>
    /// Starts the verification workflow once the onboarding instance completed (approved). The new instance becomes the
    /// request's current one. Returns the new instance's run, or null when nothing follows.
    /// </summary>
    public async Task<RunResult?> ContinueChainAsync(RequestView view, CancellationToken ct)
    {
        var record = view.Record;
        if (record.NextWorkflow is null || view.Current.Status != InstanceStatus.Completed || view.Current.Outcome != WorkflowOutcome.Approved)
            return null;
        await using var scope = Open(record.WorkspaceId, out var db);
        var tracked = await db.Set<PublicRequestRecord>().SingleAsync(r => r.Id == record.Id, ct);
        if (tracked.NextWorkflow is null)
            return null;
        var next = tracked.NextWorkflow;
        var instanceId = Guid.NewGuid().ToString("N");
        tracked.NextWorkflow = null;
        tracked.CurrentInstanceId = instanceId;
        tracked.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        var profile = await profiles.GetAsync(record.WorkspaceId.ToString("D"), record.UserId, ct);
        var metadata = view.First.Context.Request.GetValueOrDefault("metadata") as IReadOnlyDictionary<string, object?>;
        return await StartAsync(tracked, view.Application, next, instanceId, profile, metadata, ct);
    }

    /// <summary>The request of a workspace, or null (another workspace's ids are simply not found). Applies a passed TTL.</summary>
    public async Task<RequestView?> FindAsync(Guid workspaceId, string requestId, CancellationToken ct)
    {
        if (requestId.Length > PublicRequestRecord.IdMaxLength)
            return null;
        await using var scope = Open(workspaceId, out var db);
        var record = await db.Set<PublicRequestRecord>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == requestId, ct);
        if (record is null)
            return null;
        var app = await db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Id == record.ApplicationId, ct);
        var first = await LoadAsync(record.Id, ct);
        var current = record.CurrentInstanceId == record.Id ? first : await LoadAsync(record.CurrentInstanceId, ct);
        if (first is null || current is null || first.WorkspaceId != workspaceId.ToString("D"))
            return null;
        return new RequestView(record, first, current, app);
    }

    private async Task<WorkflowInstance?> LoadAsync(string instanceId, CancellationToken ct)
    {
        var instance = await instances.GetAsync(instanceId, ct);
        if (instance is { ExpiresAt: { } e } && !instance.Status.IsFinal() && e <= time.GetUtcNow() && instance.Status != InstanceStatus.Running)
        {
            await engine.ExpireAsync(instanceId, ct);
            instance = await instances.GetAsync(instanceId, ct);
        }
        return instance;
    }

    public async Task<RequestView?> CancelAsync(Guid workspaceId, string requestId, CancellationToken ct)
    {
        var view = await FindAsync(workspaceId, requestId, ct);
        if (view is null)
            return null;
        await engine.CancelAsync(view.Current.Id, "by the API client", ct);
        await using (var scope = Open(workspaceId, out var db))
        {
            var tracked = await db.Set<PublicRequestRecord>().SingleAsync(r => r.Id == requestId, ct);
            tracked.NextWorkflow = null;
            tracked.UpdatedAt = time.GetUtcNow();
            await db.SaveChangesAsync(ct);
        }
        return await FindAsync(workspaceId, requestId, ct);
    }

    /// <summary>Marks that the person finished in the capture app; later session calls answer SESSION_ALREADY_COMPLETED.</summary>
    public async Task MarkCompletedAsync(Guid workspaceId, string requestId, CancellationToken ct)
    {
        await using var scope = Open(workspaceId, out var db);
        var tracked = await db.Set<PublicRequestRecord>().SingleAsync(r => r.Id == requestId, ct);
        tracked.CompletedAt ??= time.GetUtcNow();
        tracked.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The GET body: status, outcome, timestamps, verification way with its dispatch, and results in the seed shape.</summary>
    public async Task<JsonObject> DescribeAsync(RequestView view, string baseUrl, CancellationToken ct)
    {
        var r = view.Record;
        var chain = r.CurrentInstanceId == r.Id ? new[] { view.First } : [view.First, view.Current];
        var merged = new Dictionary<string, object?>(StringComparer.Ordinal);
        var modules = new JsonObject();
        foreach (var instance in chain)
        {
            foreach (var (k, v) in instance.Context.Result)
                merged[k] = v;
            foreach (var (node, outputs) in instance.Context.Modules)
            {
                var o = new JsonObject();
                foreach (var (k, v) in outputs)
                {
                    if (k is "photo_key")
                        continue;
                    o[k] = ContextValues.ToJson(v);
                }
                modules[node] = o;
            }
        }

        var profile = await profiles.GetAsync(r.WorkspaceId.ToString("D"), r.UserId, ct);
        var registered = merged.GetValueOrDefault("selfie_registered") as bool? ?? profile?.SelfieRegistered ?? false;
        var registeredAt = merged.GetValueOrDefault("selfie_registered_at") as DateTimeOffset? ?? (registered ? profile?.RegisteredAt : null);
        var photoKey = merged.GetValueOrDefault("photo_key") as string ?? (registered ? profile?.PhotoKey : null);
        // A photo erased with its user must not be offered again.
        if (photoKey is not null && profile?.PhotoKey != photoKey)
            photoKey = null;

        var results = new JsonObject
        {
            ["request_id"] = r.Id,
            ["workflow"] = view.Current.DefinitionKey,
            ["user_id"] = r.UserId,
            ["selfie_registered"] = registered ? "true" : "false",
            ["photo_url"] = photoKey is null ? null : baseUrl + photoUrls.Sign(photoKey),
            ["selfie_registered_at"] = registeredAt?.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (k, v) in merged)
        {
            if (k is "selfie_registered" or "selfie_registered_at" or "photo_key" or "photo_url" or "request_id" or "workflow" or "user_id")
                continue;
            results[k] = ContextValues.ToJson(v);
        }
        results["modules"] = modules;

        var current = view.Current;
        return new JsonObject
        {
            ["request_id"] = r.Id,
            ["workflow"] = r.Workflow,
            ["current_workflow"] = current.DefinitionKey,
            ["next_workflow"] = r.NextWorkflow,
            ["user_id"] = r.UserId,
            ["status"] = current.Status.ToWire(),
            ["outcome"] = current.Outcome?.ToWire(),
            ["error_code"] = current.ErrorCode ?? FirstModuleError(current),
            ["error"] = current.ErrorMessage,
            ["verification_way"] = new JsonObject
            {
                ["type"] = r.WayType,
                ["to"] = r.WayTo,
                ["dispatch"] = new JsonObject
                {
                    ["status"] = r.DispatchStatus,
                    ["attempts"] = r.DispatchAttempts,
                    ["error"] = r.DispatchError,
                    ["dispatched_at"] = r.DispatchedAt?.ToString("O", CultureInfo.InvariantCulture),
                    ["next_attempt_at"] = r.NextDispatchAt?.ToString("O", CultureInfo.InvariantCulture),
                },
            },
            ["created_at"] = r.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
            ["updated_at"] = (current.UpdatedAt > r.UpdatedAt ? current.UpdatedAt : r.UpdatedAt).ToString("O", CultureInfo.InvariantCulture),
            ["expires_at"] = r.ExpiresAt.ToString("O", CultureInfo.InvariantCulture),
            ["finished_at"] = current.FinishedAt?.ToString("O", CultureInfo.InvariantCulture),
            ["completed_at"] = r.CompletedAt?.ToString("O", CultureInfo.InvariantCulture),
            ["results"] = results,
        };
    }

    private static string? FirstModuleError(WorkflowInstance instance)
    {
        if (instance.Status != InstanceStatus.Completed || instance.Outcome == WorkflowOutcome.Approved)
            return null;
        foreach (var outputs in instance.Context.Modules.Values)
        {
            if (outputs.GetValueOrDefault("error_code") is string code)
                return code;
        }
        return null;
    }

    /// <summary>The capture-app links for a session token.</summary>
    public static (string Url, string IframeUrl) Links(string baseUrl, string token, string? locale)
    {
        var url = $"{baseUrl}/web-enrolment/?token={Uri.EscapeDataString(token)}";
        if (!string.IsNullOrEmpty(locale))
            url += "&lang=" + Uri.EscapeDataString(locale);
        return (url, url + "&iframe=true");
    }

    /// <summary>The origin links point at: <see cref="EnrolmentOptions.PublicBaseUrl"/> or the calling request's.</summary>
    public string BaseUrl(HttpRequest request)
        => (options.Value.PublicBaseUrl ?? $"{request.Scheme}://{request.Host}{request.PathBase}").TrimEnd('/');

    /// <summary>SHA-256 of a canonical JSON text (hex), for idempotency.</summary>
    public static string HashBody(JsonNode body) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(body))));

    private static string Canonical(JsonNode? node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => JsonSerializer.Serialize(p.Key) + ":" + Canonical(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        null => "null",
        _ => node.ToJsonString(),
    };

    private AsyncServiceScope Open(Guid workspaceId, out PlatformDbContext db)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IWorkspaceContext>().Set(workspaceId);
        db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return scope;
    }
}
