using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Server.Enrolment;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Notifications;
using WorkflowPlatform.Verification.Photos;

namespace WorkflowPlatform.Server.Notifications;

/// <summary>
/// Turns instance state changes into outbox events, inside the instance store's transaction:
/// created → <c>request.created</c>; a new input bookmark → <c>request.awaiting_input</c> (keyed by the bookmark's
/// unique name, so every wait of a loop counts once); a final status → <c>request.completed|failed|expired|cancelled</c>,
/// and <c>selfie.registered</c> when the completed result says so. Instances of no application are not notified.
/// </summary>
public sealed class RequestEvents(IServiceProvider services, IOptions<NotificationOptions> options, IOptions<EnrolmentOptions> enrolment, TimeProvider time) : IInstanceChangeHook
{
    public async Task OnSavingAsync(PlatformDbContext db, InstanceChange change, CancellationToken cancellationToken)
    {
        var instance = change.Instance;
        if (!Guid.TryParse(instance.ApplicationId, out var application) || !Guid.TryParse(instance.WorkspaceId, out var workspace))
        {
            return;
        }

        var requestId = instance.Context.Request.GetValueOrDefault("request_id") as string ?? instance.Id;
        var now = time.GetUtcNow();
        async Task AddAsync(string type, string dedupe, JsonObject data)
            => await NotificationOutbox.AddAsync(db, new OutboxEntry(workspace, application, requestId, type, dedupe, data), now, cancellationToken);

        if (change.Before is null)
        {
            await AddAsync(NotificationEvents.RequestCreated, $"{requestId}:{NotificationEvents.RequestCreated}", Summary(instance, requestId, withResult: false));
        }

        if (instance.Status == InstanceStatus.AwaitingInput)
        {
            foreach (var bookmark in change.NewBookmarks)
            {
                if (bookmark.ResumeAt is not null || bookmark.ConsumedAt is not null)
                {
                    continue;
                }
                var data = Summary(instance, requestId, withResult: false);
                data["bookmark"] = bookmark.Name;
                data["node_id"] = bookmark.NodeId;
                if (bookmark.Payload.GetValueOrDefault("kind") is string kind)
                {
                    data["input_kind"] = kind;
                }
                if (bookmark.Payload.GetValueOrDefault("attempts_left") is { } left)
                {
                    data["attempts_left"] = ContextValues.ToJson(left);
                }
                await AddAsync(NotificationEvents.RequestAwaitingInput, $"{instance.Id}:{NotificationEvents.RequestAwaitingInput}:{bookmark.Name}", data);
            }
        }

        if (instance.Status.IsFinal() && change.Before != instance.Status)
        {
            var type = instance.Status switch
            {
                InstanceStatus.Completed => NotificationEvents.RequestCompleted,
                InstanceStatus.Failed => NotificationEvents.RequestFailed,
                InstanceStatus.Expired => NotificationEvents.RequestExpired,
                _ => NotificationEvents.RequestCancelled,
            };
            await AddAsync(type, $"{instance.Id}:{type}", Summary(instance, requestId, withResult: true));
            if (instance.Status == InstanceStatus.Completed && instance.Context.Result.GetValueOrDefault("selfie_registered") is true)
            {
                var data = Summary(instance, requestId, withResult: true);
                data.Remove("modules");
                await AddAsync(NotificationEvents.SelfieRegistered, $"{instance.Id}:{NotificationEvents.SelfieRegistered}", data);
            }
        }
    }

    /// <summary>
    /// The event data: the seed's result fields (<c>request_id, workflow, user_id, selfie_registered, photo_url,
    /// selfie_registered_at</c>), status, outcome, error, the other result fields and a module summary (scalar outputs).
    /// </summary>
    private JsonObject Summary(WorkflowInstance instance, string requestId, bool withResult)
    {
        var data = new JsonObject
        {
            ["request_id"] = requestId,
            ["instance_id"] = instance.Id,
            ["workflow"] = instance.DefinitionKey,
            ["workflow_version"] = instance.DefinitionVersion,
            ["user_id"] = instance.UserId,
            ["application_id"] = instance.ApplicationId,
            ["status"] = instance.Status.ToWire(),
        };
        if (!withResult)
        {
            return data;
        }

        var result = instance.Context.Result;
        var registered = result.GetValueOrDefault("selfie_registered") is true;
        var photoKey = result.GetValueOrDefault("photo_key") as string;
        data["selfie_registered"] = registered ? "true" : "false";
        data["photo_url"] = photoKey is null ? null : PhotoUrl(photoKey);
        data["selfie_registered_at"] = result.GetValueOrDefault("selfie_registered_at") is DateTimeOffset at
            ? at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) : null;
        data["outcome"] = instance.Outcome?.ToWire();
        data["error_code"] = instance.ErrorCode;
        data["finished_at"] = instance.FinishedAt?.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        var extra = new JsonObject();
        foreach (var (key, value) in result)
        {
            if (key is "selfie_registered" or "selfie_registered_at" or "photo_key" or "photo_url" or "request_id" or "workflow" or "user_id")
            {
                continue;
            }
            extra[key] = ContextValues.ToJson(value);
        }
        data["result"] = extra;
        var modules = new JsonObject();
        foreach (var (node, outputs) in instance.Context.Modules)
        {
            var summary = new JsonObject();
            foreach (var (key, value) in outputs)
            {
                // Scalars only: templates, images and nested maps stay in the server (payloads stay small).
                if (key is "photo_key" || value is null or IDictionary<string, object?> or System.Collections.IList)
                {
                    continue;
                }
                summary[key] = ContextValues.ToJson(value);
            }
            modules[node] = summary;
        }
        data["modules"] = modules;
        return data;
    }

    private string? PhotoUrl(string key)
    {
        if (services.GetService(typeof(PhotoUrls)) is not PhotoUrls urls)
        {
            return null;
        }
        var origin = (options.Value.PublicBaseUrl ?? enrolment.Value.PublicBaseUrl ?? "").TrimEnd('/');
        return origin + urls.Sign(key);
    }
}
