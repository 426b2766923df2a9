using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Modules;
using WorkflowPlatform.Engine.Persistence;
using WorkflowPlatform.Server.Audit;
using WorkflowPlatform.Server.Auth;
using WorkflowPlatform.Server.Endpoints.Workspaces;
using WorkflowPlatform.Server.Hosting;
using WorkflowPlatform.Server.Workflows;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Workflows;
using WorkflowPlatform.Storage.Workspaces;

namespace WorkflowPlatform.Server.Endpoints.Requests;

/// <summary>A request (workflow instance) in lists.</summary>
public sealed record RequestSummary(
    string Id, string Workflow, int Version, string Status, string? Outcome, string? UserId, string? ApplicationId,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? FinishedAt, string? ErrorCode)
{
    public static RequestSummary From(WorkflowInstance i) => new(
        i.Id, i.DefinitionKey, i.DefinitionVersion, i.Status.ToWire(), i.Outcome?.ToWire(), i.UserId, i.ApplicationId,
        i.CreatedAt, i.UpdatedAt, i.ExpiresAt, i.FinishedAt, i.ErrorCode);
}

/// <summary><c>GET requests</c> answer.</summary>
public sealed record RequestPage(IReadOnlyList<RequestSummary> Items, int Total);

/// <summary>A bookmark as the console shows it (its payload stays on the server).</summary>
public sealed record RequestBookmark(string Name, string NodeId, DateTimeOffset CreatedAt, DateTimeOffset? ResumeAt, DateTimeOffset? ConsumedAt, string? ResumeStatus);

/// <summary>One request in full: the summary plus where it stands, its context (sensitive module outputs redacted) and result.</summary>
public sealed record RequestDetail(
    string Id, string Workflow, int Version, string DefinitionHash, string Status, string? Outcome, string? UserId, string? ApplicationId,
    string? CurrentNodeId, string? ErrorCode, string? ErrorMessage, int RecoveryCount,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? FinishedAt,
    JsonNode? Request, JsonNode? User, JsonNode? Application, JsonObject Modules, JsonNode? Result, IReadOnlyList<RequestBookmark> Bookmarks);

/// <summary>One journal step.</summary>
public sealed record JournalStep(
    int Sequence, string? NodeId, string? ModuleType, DateTimeOffset StartedAt, DateTimeOffset EndedAt, double DurationMs, string Status,
    string? Reason, string? Rule, JsonNode? RuleValue, string? Port, JsonObject? Outputs, string? ErrorCode, string? Error)
{
    public static JournalStep From(JournalEntry j) => new(
        j.Sequence, j.NodeId, j.ModuleType, j.StartedAt, j.EndedAt, Math.Round(j.DurationMs, 3), j.Status, j.Reason, j.Rule, j.RuleValue, j.Port, j.Outputs,
        j.ErrorCode, j.Error);
}

/// <summary><c>/api/admin/workspaces/{workspaceId}/requests</c>: list, detail, journal, cancel. Viewer+ reads, Reviewer+ cancels.</summary>
public static class RequestEndpoints
{
    public static RouteGroupBuilder MapRequestEndpoints(this RouteGroupBuilder admin)
    {
        var group = admin.WorkspaceGroup().MapGroup("/requests").WithTags("Requests");
        var viewer = WorkspacePolicies.For(WorkspaceRole.Viewer);
        group.MapGet("/", ListAsync).RequireAuthorization(viewer)
            .WithSummary("Requests, newest first; filters status, workflow, userId, from, to (created at); paging skip, take (1–500, default 50).");
        group.MapGet("/{id}", GetAsync).RequireAuthorization(viewer).WithSummary("One request with its context, result and bookmarks.");
        group.MapGet("/{id}/journal", JournalAsync).RequireAuthorization(viewer).WithSummary("Every step the request took.");
        group.MapPost("/{id}/cancel", CancelAsync).RequireAuthorization(WorkspacePolicies.For(WorkspaceRole.Reviewer))
            .WithSummary("Cancel an unfinished request (idempotent for cancelled ones; 409 for finished ones).");
        return admin;
    }

    private static async Task<Results<Ok<RequestPage>, ValidationProblem>> ListAsync(
        Guid workspaceId, string? status, string? workflow, string? userId, DateTimeOffset? from, DateTimeOffset? to, int? skip, int? take,
        IWorkflowRuntime runtime, CancellationToken ct)
    {
        var errors = new FieldErrors();
        InstanceStatus? parsed = null;
        if (!string.IsNullOrEmpty(status))
        {
            parsed = EfWorkflowInstanceStore.TryParseStatus(status);
            if (parsed is null)
            {
                errors.Add("status", "One of pending, running, awaiting_input, completed, failed, expired, cancelled.");
            }
        }

        errors.Optional("workflow", workflow, 64);
        errors.Optional("userId", userId, 200);
        var s = errors.Range("skip", skip, 0, 1_000_000, 0);
        var t = errors.Range("take", take, 1, 500, 50);
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var page = await runtime.QueryAsync(workspaceId, new InstanceQuery
        {
            WorkspaceId = workspaceId.ToString(),
            Status = parsed,
            Workflow = string.IsNullOrEmpty(workflow) ? null : workflow,
            UserId = string.IsNullOrEmpty(userId) ? null : userId,
            From = from,
            To = to,
            Skip = s,
            Take = t,
        }, ct);
        return TypedResults.Ok(new RequestPage(page.Items.Select(RequestSummary.From).ToList(), page.Total));
    }

    private static async Task<Results<Ok<RequestDetail>, ProblemHttpResult>> GetAsync(
        Guid workspaceId, string id, IWorkflowRuntime runtime, ModuleRegistry modules, CancellationToken ct)
    {
        var instance = await runtime.GetAsync(workspaceId, id, ct);
        return instance is null ? Problems.NotFound("request") : TypedResults.Ok(Detail(instance, modules));
    }

    private static async Task<Results<Ok<List<JournalStep>>, ProblemHttpResult>> JournalAsync(
        Guid workspaceId, string id, IWorkflowRuntime runtime, CancellationToken ct)
    {
        var journal = await runtime.GetJournalAsync(workspaceId, id, ct);
        return journal is null ? Problems.NotFound("request") : TypedResults.Ok(journal.Select(JournalStep.From).ToList());
    }

    private static async Task<Results<Ok<RequestSummary>, ProblemHttpResult>> CancelAsync(
        Guid workspaceId, string id, HttpContext http, IWorkflowRuntime runtime, PlatformDbContext db, AuditLog audit, CancellationToken ct)
    {
        var before = await runtime.GetAsync(workspaceId, id, ct);
        if (before is null)
        {
            return Problems.NotFound("request");
        }

        if (before.Status == InstanceStatus.Cancelled)
        {
            return TypedResults.Ok(RequestSummary.From(before));
        }

        if (before.Status.IsFinal())
        {
            return Problems.Conflict(before.Status == InstanceStatus.Expired ? EngineErrorCodes.InstanceExpired : EngineErrorCodes.InstanceFinished,
                $"The request has already {before.Status.ToWire()}.");
        }

        var member = http.User.FindFirstValue(ClaimTypes.Email);
        var result = await runtime.CancelAsync(workspaceId, id, member is null ? "by an admin" : "by " + member, ct);
        if (result.Status != InstanceStatus.Cancelled)
        {
            return Problems.Conflict(EngineErrorCodes.InstanceFinished, $"The request {result.Status.ToWire()} before it could be cancelled.");
        }

        audit.Record("request.cancelled", "request", id, new { status = before.Status.ToWire() }, new { status = "cancelled" });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(RequestSummary.From((await runtime.GetAsync(workspaceId, id, ct))!));
    }

    private static RequestDetail Detail(WorkflowInstance i, ModuleRegistry registry)
    {
        // Module outputs flagged sensitive by their descriptor never leave the server, here as in the journal.
        var types = DefinitionSerializer.Deserialize(i.DefinitionSnapshot).Nodes.ToDictionary(n => n.Id, n => n.Type, StringComparer.Ordinal);
        var modules = new JsonObject();
        foreach (var (nodeId, outputs) in i.Context.Modules)
        {
            var descriptor = types.TryGetValue(nodeId, out var type) ? registry.Find(type)?.Descriptor : null;
            modules[nodeId] = WorkflowEngine.Redact(outputs, descriptor);
        }

        return new RequestDetail(
            i.Id, i.DefinitionKey, i.DefinitionVersion, i.DefinitionHash, i.Status.ToWire(), i.Outcome?.ToWire(), i.UserId, i.ApplicationId,
            i.CurrentNodeId, i.ErrorCode, i.ErrorMessage, i.RecoveryCount, i.CreatedAt, i.UpdatedAt, i.ExpiresAt, i.FinishedAt,
            ContextValues.ToJson(i.Context.Request), ContextValues.ToJson(i.Context.User), ContextValues.ToJson(i.Context.Application), modules,
            ContextValues.ToJson(i.Context.Result),
            i.Bookmarks.Select(b => new RequestBookmark(b.Name, b.NodeId, b.CreatedAt, b.ResumeAt, b.ConsumedAt, b.ResumeStatus?.ToWire())).ToList());
    }
}
