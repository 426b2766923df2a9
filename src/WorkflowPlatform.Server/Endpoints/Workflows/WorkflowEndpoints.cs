using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Persistence;
using WorkflowPlatform.Engine.Validation;
using WorkflowPlatform.Server.Audit;
using WorkflowPlatform.Server.Auth;
using WorkflowPlatform.Server.Endpoints.Workspaces;
using WorkflowPlatform.Server.Hosting;
using WorkflowPlatform.Server.Workflows;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Workflows;
using WorkflowPlatform.Storage.Workspaces;

namespace WorkflowPlatform.Server.Endpoints.Workflows;

/// <summary>One stored version: <c>{definition, version, status, hash, createdAt, updatedAt, publishedAt}</c>.</summary>
public sealed record WorkflowVersionResponse(JsonObject Definition, int Version, string Status, string Hash, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt)
{
    public static WorkflowVersionResponse From(WorkflowDefinitionVersion v) => new(
        DefinitionSerializer.ToJsonObject(v.Definition), v.Version, StatusText(v.Status), v.Hash, v.CreatedAt, v.UpdatedAt, v.PublishedAt);

    internal static string StatusText(DefinitionStatus status) => status == DefinitionStatus.Published ? "published" : "draft";
}

/// <summary>A row of <c>versions</c>: the version without its body, with who saved and published it.</summary>
public sealed record WorkflowVersionInfo(int Version, string Status, string Hash, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt,
    string? CreatedBy, string? PublishedBy);

/// <summary><c>POST validate</c> answer.</summary>
public sealed record ValidateResponse(bool Valid, IReadOnlyList<ValidationError> Errors);

/// <summary><c>POST publish</c> answer.</summary>
public sealed record PublishResponse(int Version, string Hash, DateTimeOffset? PublishedAt);

/// <summary><c>GET diff</c> answer.</summary>
public sealed record DiffResponse(int From, int To, IReadOnlyList<DefinitionChange> Changes);

/// <summary><c>POST dry-run</c> body: a definition to try (default: the latest stored version) and a sample context.</summary>
public sealed record DryRunRequest(JsonElement? Definition, JsonElement? Context);

/// <summary>
/// <c>/api/admin/workspaces/{workspaceId}/workflows</c>: definitions, drafts, validation, publishing, versions,
/// diff, import/export and dry runs. Viewer+ reads (and validates, dry-runs); Designer+ changes.
/// </summary>
public static partial class WorkflowEndpoints
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex KeyPattern();

    public static RouteGroupBuilder MapWorkflowEndpoints(this RouteGroupBuilder admin)
    {
        var group = admin.WorkspaceGroup().MapGroup("/workflows").WithTags("Workflows");
        var viewer = WorkspacePolicies.For(WorkspaceRole.Viewer);
        var designer = WorkspacePolicies.For(WorkspaceRole.Designer);
        group.MapGet("/", ListAsync).RequireAuthorization(viewer).WithSummary("Definitions of the workspace with their draft and published versions.");
        group.MapPost("/", ImportAsync).RequireAuthorization(designer)
            .WithSummary("Import a definition (JSON body) as a new draft; ?publish=true publishes it when it validates.");
        group.MapGet("/{key}", GetAsync).RequireAuthorization(viewer).WithSummary("A version (?version=N, default latest).");
        group.MapDelete("/{key}", DeleteAsync).RequireAuthorization(designer)
            .WithSummary("Delete every version of a definition; running requests keep their snapshot.");
        group.MapPut("/{key}/draft", SaveDraftAsync).RequireAuthorization(designer)
            .WithSummary("Save the draft (replaces the current draft, or starts version latest+1 after a publish).");
        group.MapPost("/{key}/validate", ValidateAsync).RequireAuthorization(viewer).WithSummary("Validate a definition without saving it.");
        group.MapPost("/{key}/publish", PublishAsync).RequireAuthorization(designer)
            .WithSummary("Validate and freeze the draft; 422 with errors when invalid.");
        group.MapGet("/{key}/versions", VersionsAsync).RequireAuthorization(viewer).WithSummary("Every version, oldest first.");
        group.MapGet("/{key}/diff", DiffAsync).RequireAuthorization(viewer).WithSummary("Changes between two versions (?from=1&to=2).");
        group.MapGet("/{key}/export", ExportAsync).RequireAuthorization(viewer).WithSummary("A version as an indented JSON file.");
        group.MapPost("/{key}/dry-run", DryRunAsync).RequireAuthorization(viewer)
            .WithSummary("Run a definition against a sample context without side effects; returns the path and each rule's value.");
        return admin;
    }

    private static async Task<Ok<IReadOnlyList<WorkflowDefinitionSummary>>> ListAsync(Guid workspaceId, IWorkflowDefinitionStore store, CancellationToken ct)
        => TypedResults.Ok(await store.ListAsync(workspaceId.ToString(), ct));

    private static async Task<Results<Ok<WorkflowVersionResponse>, ProblemHttpResult>> GetAsync(
        Guid workspaceId, string key, int? version, IWorkflowDefinitionStore store, CancellationToken ct)
    {
        var row = KeyPattern().IsMatch(key) ? await store.GetAsync(workspaceId.ToString(), key, version, ct) : null;
        return row is null ? Problems.NotFound(version is null ? "workflow" : "workflow version") : TypedResults.Ok(WorkflowVersionResponse.From(row));
    }

    private static async Task<Results<Created<WorkflowVersionResponse>, ProblemHttpResult>> ImportAsync(
        Guid workspaceId, JsonElement body, bool? publish, WorkflowDefinitionService definitions, PlatformDbContext db, AuditLog audit, CancellationToken ct)
    {
        if (Parse(body, out var definition) is { } invalid)
        {
            return invalid;
        }

        var ws = workspaceId.ToString();
        if (definition.Key is not { } key || !KeyPattern().IsMatch(key))
        {
            return Invalid(definitions.Validate(definition).Errors.Where(e => e.Code == ValidationCodes.KeyInvalid).ToList());
        }

        try
        {
            var saved = await definitions.SaveDraftAsync(ws, definition, ct);
            if (publish == true)
            {
                saved = await definitions.PublishAsync(ws, key, ct);
            }

            audit.Record(publish == true ? "workflow.imported_published" : "workflow.imported", "workflow", key, null, new { saved.Version, saved.Hash });
            await db.SaveChangesAsync(ct);
            return TypedResults.Created($"/api/admin/workspaces/{workspaceId}/workflows/{key}?version={saved.Version}", WorkflowVersionResponse.From(saved));
        }
        catch (DefinitionValidationException e)
        {
            return WorkflowErrors.Invalid(e.Errors);
        }
        catch (DefinitionConflictException e)
        {
            return WorkflowErrors.ToProblem(e);
        }
    }

    private static async Task<Results<Ok<WorkflowVersionResponse>, ProblemHttpResult>> SaveDraftAsync(
        Guid workspaceId, string key, JsonElement body, WorkflowDefinitionService definitions, PlatformDbContext db, AuditLog audit, CancellationToken ct)
    {
        if (Parse(body, out var definition) is { } invalid)
        {
            return invalid;
        }

        if (definition.Key != key)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, EngineErrorCodes.KeyMismatch, "Invalid request",
                $"The body's key '{definition.Key}' differs from the route's '{key}'.");
        }

        if (!KeyPattern().IsMatch(key))
        {
            return Invalid(definitions.Validate(definition).Errors.Where(e => e.Code == ValidationCodes.KeyInvalid).ToList());
        }

        try
        {
            var saved = await definitions.SaveDraftAsync(workspaceId.ToString(), definition, ct);
            audit.Record("workflow.draft_saved", "workflow", key, null, new { saved.Version, saved.Hash });
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(WorkflowVersionResponse.From(saved));
        }
        catch (DefinitionConflictException e)
        {
            return WorkflowErrors.ToProblem(e);
        }
    }

    private static Results<Ok<ValidateResponse>, ProblemHttpResult> ValidateAsync(Guid workspaceId, string key, JsonElement body, WorkflowDefinitionService definitions)
    {
        if (Parse(body, out var definition) is { } invalid)
        {
            return invalid;
        }

        var result = definitions.Validate(definition);
        var errors = result.Errors.ToList();
        if (definition.Key != key)
        {
            errors.Insert(0, new ValidationError(null, "key", $"The key '{definition.Key}' differs from the route's '{key}'.", null, null, EngineErrorCodes.KeyMismatch));
        }

        return TypedResults.Ok(new ValidateResponse(errors.Count == 0, errors));
    }

    private static async Task<Results<Ok<PublishResponse>, ProblemHttpResult>> PublishAsync(
        Guid workspaceId, string key, WorkflowDefinitionService definitions, PlatformDbContext db, AuditLog audit, CancellationToken ct)
    {
        if (!KeyPattern().IsMatch(key))
        {
            return Problems.NotFound("workflow");
        }

        try
        {
            var published = await definitions.PublishAsync(workspaceId.ToString(), key, ct);
            audit.Record("workflow.published", "workflow", key, null, new { published.Version, published.Hash });
            await db.SaveChangesAsync(ct);
            return TypedResults.Ok(new PublishResponse(published.Version, published.Hash, published.PublishedAt));
        }
        catch (DefinitionValidationException e)
        {
            return WorkflowErrors.Invalid(e.Errors);
        }
        catch (WorkflowEngineException e)
        {
            return WorkflowErrors.ToProblem(e);
        }
        catch (DefinitionConflictException e)
        {
            return WorkflowErrors.ToProblem(e);
        }
    }

    private static async Task<Results<Ok<List<WorkflowVersionInfo>>, ProblemHttpResult>> VersionsAsync(
        Guid workspaceId, string key, EfWorkflowDefinitionStore store, CancellationToken ct)
    {
        var rows = KeyPattern().IsMatch(key) ? await store.ListVersionRowsAsync(workspaceId.ToString(), key, ct) : [];
        return rows.Count == 0
            ? Problems.NotFound("workflow")
            : TypedResults.Ok(rows.Select(r => new WorkflowVersionInfo(r.Version, r.Status, r.Hash, r.CreatedAt, r.UpdatedAt, r.PublishedAt, r.CreatedBy, r.PublishedBy)).ToList());
    }

    private static async Task<Results<Ok<DiffResponse>, ProblemHttpResult>> DiffAsync(
        Guid workspaceId, string key, int? from, int? to, WorkflowDefinitionService definitions, CancellationToken ct)
    {
        if (from is null || to is null)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, "Invalid request", "Both 'from' and 'to' versions are required.");
        }

        var changes = KeyPattern().IsMatch(key) ? await definitions.DiffAsync(workspaceId.ToString(), key, from.Value, to.Value, ct) : null;
        return changes is null ? Problems.NotFound("workflow version") : TypedResults.Ok(new DiffResponse(from.Value, to.Value, changes));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> ExportAsync(
        Guid workspaceId, string key, int? version, HttpContext http, WorkflowDefinitionService definitions, CancellationToken ct)
    {
        var json = KeyPattern().IsMatch(key) ? await definitions.ExportAsync(workspaceId.ToString(), key, version, ct) : null;
        if (json is null)
        {
            return Problems.NotFound("workflow");
        }

        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{key}.json\"";
        return TypedResults.Content(json + "\n", "application/json; charset=utf-8");
    }

    private static async Task<Results<Ok<DryRunResult>, ProblemHttpResult>> DryRunAsync(
        Guid workspaceId, string key, DryRunRequest body, IWorkflowDefinitionStore store, DryRunner runner, CancellationToken ct)
    {
        WorkflowDefinition definition;
        if (body.Definition is { ValueKind: JsonValueKind.Object } given)
        {
            if (Parse(given, out definition) is { } invalid)
            {
                return invalid;
            }
        }
        else
        {
            var stored = KeyPattern().IsMatch(key) ? await store.GetAsync(workspaceId.ToString(), key, null, ct) : null;
            if (stored is null)
            {
                return Problems.NotFound("workflow");
            }

            definition = stored.Definition;
        }

        if (body.Context is { } context && context.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, "Invalid request", "'context' must be an object.");
        }

        return TypedResults.Ok(await runner.RunAsync(definition, body.Context, ct));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        Guid workspaceId, string key, IWorkflowDefinitionStore store, PlatformDbContext db, AuditLog audit, CancellationToken ct)
    {
        if (!KeyPattern().IsMatch(key) || !await store.DeleteAsync(workspaceId.ToString(), key, ct))
        {
            return Problems.NotFound("workflow");
        }

        audit.Record("workflow.deleted", "workflow", key, new { key }, null);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult? Parse(JsonElement body, out WorkflowDefinition definition)
    {
        definition = null!;
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "DEFINITION_INVALID_JSON", "Invalid workflow definition", "The body must be a workflow definition object.");
        }

        try
        {
            definition = DefinitionSerializer.Deserialize(body.GetRawText());
            return null;
        }
        catch (DefinitionFormatException e)
        {
            return WorkflowErrors.ToProblem(e);
        }
    }

    private static ProblemHttpResult Invalid(IReadOnlyList<ValidationError> errors) => WorkflowErrors.Invalid(errors);
}
