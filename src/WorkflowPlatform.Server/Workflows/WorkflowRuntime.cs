using System.Security.Claims;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Persistence;
using WorkflowPlatform.Storage.Workflows;

namespace WorkflowPlatform.Server.Workflows;

/// <summary>
/// The engine as the rest of the server uses it: every call names the workspace it acts for, and an
/// instance of another workspace answers <see cref="EngineErrorCodes.InstanceNotFound"/> exactly like a
/// missing one. Errors are <see cref="WorkflowEngineException"/> with stable codes
/// (<see cref="WorkflowErrors.ToProblem"/> maps them to HTTP).
/// </summary>
public interface IWorkflowRuntime
{
    /// <summary>
    /// Starts the latest published version of <see cref="StartRequest.Workflow"/> in the workspace and runs it
    /// until it completes or waits on a bookmark (then <see cref="RunResult.Bookmark"/> names it). The request's
    /// <see cref="StartRequest.WorkspaceId"/> is overwritten with <paramref name="workspaceId"/>.
    /// Errors: <c>WORKFLOW_NOT_FOUND</c>, <c>WORKFLOW_NOT_PUBLISHED</c>, <c>INSTANCE_EXISTS</c>.
    /// </summary>
    Task<RunResult> StartAsync(Guid workspaceId, StartRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Resumes a bookmark with input; idempotent per key (the same key replays the first answer with
    /// <see cref="RunResult.Replayed"/>). Errors: <c>INSTANCE_NOT_FOUND</c>, <c>BOOKMARK_NOT_FOUND</c>,
    /// <c>BOOKMARK_CONSUMED</c>, <c>INSTANCE_BUSY</c>, <c>INSTANCE_FINISHED</c>, <c>INSTANCE_EXPIRED</c>,
    /// <c>INSTANCE_CANCELLED</c>, <c>IDEMPOTENCY_KEY_INVALID</c>.
    /// </summary>
    Task<RunResult> ResumeAsync(Guid workspaceId, string instanceId, string bookmark, IReadOnlyDictionary<string, object?>? input, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Cancels an unfinished instance; a finished one is returned unchanged. Error: <c>INSTANCE_NOT_FOUND</c>.</summary>
    Task<RunResult> CancelAsync(Guid workspaceId, string instanceId, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>The instance (status, outcome, context, result, bookmarks), or null when not in this workspace.</summary>
    Task<WorkflowInstance?> GetAsync(Guid workspaceId, string instanceId, CancellationToken cancellationToken = default);

    /// <summary>The journal, or null when the instance is not in this workspace.</summary>
    Task<IReadOnlyList<JournalEntry>?> GetJournalAsync(Guid workspaceId, string instanceId, CancellationToken cancellationToken = default);

    /// <summary>Filtered page of the workspace's instances, newest first.</summary>
    Task<InstancePage> QueryAsync(Guid workspaceId, InstanceQuery query, CancellationToken cancellationToken = default);
}

internal sealed class WorkflowRuntime(WorkflowEngine engine, IWorkflowInstanceStore instances) : IWorkflowRuntime
{
    public Task<RunResult> StartAsync(Guid workspaceId, StartRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return engine.StartAsync(request with { WorkspaceId = workspaceId.ToString() }, cancellationToken);
    }

    public async Task<RunResult> ResumeAsync(Guid workspaceId, string instanceId, string bookmark, IReadOnlyDictionary<string, object?>? input, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        await RequireAsync(workspaceId, instanceId, cancellationToken);
        return await engine.ResumeAsync(instanceId, bookmark, input, idempotencyKey, cancellationToken);
    }

    public async Task<RunResult> CancelAsync(Guid workspaceId, string instanceId, string? reason = null, CancellationToken cancellationToken = default)
    {
        await RequireAsync(workspaceId, instanceId, cancellationToken);
        return await engine.CancelAsync(instanceId, reason, cancellationToken);
    }

    public async Task<WorkflowInstance?> GetAsync(Guid workspaceId, string instanceId, CancellationToken cancellationToken = default)
    {
        var instance = await instances.GetAsync(instanceId, cancellationToken);
        return instance is not null && Guid.TryParse(instance.WorkspaceId, out var ws) && ws == workspaceId ? instance : null;
    }

    public async Task<IReadOnlyList<JournalEntry>?> GetJournalAsync(Guid workspaceId, string instanceId, CancellationToken cancellationToken = default)
        => await GetAsync(workspaceId, instanceId, cancellationToken) is null ? null : await instances.GetJournalAsync(instanceId, cancellationToken);

    public Task<InstancePage> QueryAsync(Guid workspaceId, InstanceQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return instances.QueryAsync(query with { WorkspaceId = workspaceId.ToString() }, cancellationToken);
    }

    private async Task RequireAsync(Guid workspaceId, string instanceId, CancellationToken cancellationToken)
    {
        if (await GetAsync(workspaceId, instanceId, cancellationToken) is null)
        {
            throw new WorkflowEngineException(EngineErrorCodes.InstanceNotFound, $"Instance '{instanceId}' does not exist.");
        }
    }
}

/// <summary>The signed-in admin (e-mail) for definition authorship columns.</summary>
internal sealed class HttpWorkflowActor(IHttpContextAccessor accessor) : IWorkflowActor
{
    public string? Current
    {
        get
        {
            var user = accessor.HttpContext?.User;
            return user?.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.Email) ?? user.Identity.Name : null;
        }
    }
}
