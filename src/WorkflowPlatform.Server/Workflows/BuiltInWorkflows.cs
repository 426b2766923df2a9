using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Persistence;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Workflows;
using WorkflowPlatform.Storage.Workspaces;

namespace WorkflowPlatform.Server.Workflows;

/// <summary>What <see cref="BuiltInWorkflows.EnsureAsync"/> did for one workspace.</summary>
public sealed record BuiltInImportReport(IReadOnlyList<string> Imported, IReadOnlyList<string> Published, IReadOnlyList<string> Drafts);

/// <summary>
/// Imports the built-in definitions (<c>workflows/*.json</c>) into workspaces. A built-in is imported once per
/// workspace (recorded in <c>workflow_builtins</c>, so one the admin deleted stays deleted) and published when
/// it validates. One that does not — typically because its identity modules are not registered in this build
/// — stays a draft and is published at a later start once it validates, as long as the admin has not
/// edited it.
/// </summary>
public sealed partial class BuiltInWorkflows(
    IServiceScopeFactory scopes, IWorkflowDefinitionStore store, WorkflowDefinitionService definitions,
    IOptions<WorkflowHostingOptions> options, TimeProvider time, IHostEnvironment environment, ILogger<BuiltInWorkflows> logger)
{
    private IReadOnlyList<WorkflowDefinition>? _cache;

    /// <summary>The folder the built-ins are read from.</summary>
    public string? Directory => options.Value.BuiltInDirectory ?? FindDirectory(environment.ContentRootPath);

    /// <summary>The built-in definitions (read once).</summary>
    public async Task<IReadOnlyList<WorkflowDefinition>> LoadAsync(CancellationToken cancellationToken = default)
    {
        if (_cache is not null)
        {
            return _cache;
        }

        var folder = Directory;
        _cache = folder is null ? [] : await WorkflowDefinitionService.LoadFolderAsync(folder, cancellationToken);
        if (folder is null)
        {
            Log.NoFolder(logger);
        }

        return _cache;
    }

    /// <summary>Imports missing built-ins into every workspace and publishes those that now validate.</summary>
    public async Task EnsureAllAsync(CancellationToken cancellationToken = default)
    {
        List<Guid> workspaces;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
            workspaces = await db.Workspaces.AsNoTracking().Select(w => w.Id).ToListAsync(cancellationToken);
        }

        foreach (var workspace in workspaces)
        {
            await EnsureAsync(workspace, cancellationToken);
        }
    }

    /// <summary>Imports missing built-ins into one workspace and publishes unedited drafts that now validate.</summary>
    public async Task<BuiltInImportReport> EnsureAsync(Guid workspaceId, CancellationToken cancellationToken = default)
    {
        var ws = workspaceId.ToString();
        List<string> imported = [], published = [], drafts = [];
        foreach (var builtIn in await LoadAsync(cancellationToken))
        {
            try
            {
                await EnsureOneAsync(workspaceId, ws, builtIn, imported, published, drafts, cancellationToken);
            }
            catch (Exception e) when (e is DefinitionConflictException
                || (e is DbUpdateException u && StorageErrors.IsUniqueViolation(u))
                || (e is WorkflowEngineException { Code: EngineErrorCodes.NoDraft }))
            {
                // Another node (or this node's new-workspace import) imported or published it at the same moment.
                Log.Raced(logger, builtIn.Key, workspaceId);
            }
        }

        if (imported.Count + published.Count > 0)
        {
            Log.Imported(logger, workspaceId, string.Join(", ", imported), string.Join(", ", published), string.Join(", ", drafts));
        }

        return new BuiltInImportReport(imported, published, drafts);
    }

    private async Task EnsureOneAsync(Guid workspaceId, string ws, WorkflowDefinition builtIn, List<string> imported, List<string> published, List<string> drafts, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IWorkspaceContext>().Set(workspaceId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var marker = await db.Set<WorkflowBuiltInRow>().SingleOrDefaultAsync(b => b.Key == builtIn.Key, ct);
        var now = time.GetUtcNow();
        if (marker is null)
        {
            var existing = await store.GetAsync(ws, builtIn.Key, null, ct);
            marker = new WorkflowBuiltInRow { WorkspaceId = workspaceId, Key = builtIn.Key, Hash = DefinitionSerializer.ComputeHash(builtIn), ImportedAt = now };
            db.Set<WorkflowBuiltInRow>().Add(marker);
            if (existing is null)
            {
                var draft = await definitions.SaveDraftAsync(ws, builtIn, ct);
                marker.Hash = draft.Hash;
                imported.Add(builtIn.Key);
                await TryPublishAsync(ws, builtIn.Key, marker, published, drafts, ct);
            }
            else
            {
                // The workspace already has its own definition under this key: leave it alone.
                marker.PublishedAt = existing.PublishedAt;
            }

            await db.SaveChangesAsync(ct);
            return;
        }

        if (marker.PublishedAt is not null)
        {
            return;
        }

        var latest = await store.GetAsync(ws, builtIn.Key, null, ct);
        if (latest is { Status: DefinitionStatus.Draft, Version: 1 } && latest.Hash == marker.Hash)
        {
            await TryPublishAsync(ws, builtIn.Key, marker, published, drafts, ct);
            await db.SaveChangesAsync(ct);
        }
    }

    private async Task TryPublishAsync(string ws, string key, WorkflowBuiltInRow marker, List<string> published, List<string> drafts, CancellationToken ct)
    {
        var latest = await store.GetAsync(ws, key, null, ct);
        var result = definitions.Validate(latest!.Definition);
        if (!result.Valid)
        {
            drafts.Add(key);
            Log.KeptAsDraft(logger, key, string.Join("; ", result.Errors.Select(e => $"{e.NodeId}.{e.Field}: {e.Code}")));
            return;
        }

        var version = await definitions.PublishAsync(ws, key, ct);
        marker.PublishedAt = version.PublishedAt;
        published.Add(key);
    }

    /// <summary><c>workflows/</c> next to the binaries, in the content root, or in a parent of it (running from source).</summary>
    public static string? FindDirectory(string contentRoot)
    {
        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, "workflows") };
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            candidates.Add(Path.Combine(dir.FullName, "workflows"));
        }

        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "workflow.schema.json")));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Built-in workflows for workspace {WorkspaceId}: imported [{Imported}], published [{Published}], kept as drafts [{Drafts}]")]
        public static partial void Imported(ILogger logger, Guid workspaceId, string imported, string published, string drafts);

        [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "Built-in workflow {Key} kept as a draft until it validates: {Errors}")]
        public static partial void KeptAsDraft(ILogger logger, string key, string errors);

        [LoggerMessage(EventId = 4203, Level = LogLevel.Debug, Message = "Built-in workflow {Key} of workspace {WorkspaceId} was imported concurrently by another node")]
        public static partial void Raced(ILogger logger, string key, Guid workspaceId);

        [LoggerMessage(EventId = 4204, Level = LogLevel.Warning, Message = "No built-in workflow folder found (Workflows:BuiltInDirectory); new workspaces start without definitions")]
        public static partial void NoFolder(ILogger logger);

        [LoggerMessage(EventId = 4205, Level = LogLevel.Error, Message = "Importing built-in workflows into new workspace {WorkspaceId} failed; they are imported at the next start")]
        public static partial void NewWorkspaceFailed(ILogger logger, Exception exception, Guid workspaceId);
    }

    internal static void LogNewWorkspaceFailed(ILogger logger, Exception exception, Guid workspaceId) => Log.NewWorkspaceFailed(logger, exception, workspaceId);
}

/// <summary>
/// Imports the built-ins into a workspace as soon as the row creating it is saved, wherever that happens
/// (workspace endpoint, first-run setup, configuration bootstrap).
/// </summary>
internal sealed class NewWorkspaceInterceptor(IServiceProvider services, ILogger<NewWorkspaceInterceptor> logger) : SaveChangesInterceptor
{
    private readonly ConcurrentDictionary<DbContext, List<Guid>> _pending = new(ReferenceEqualityComparer.Instance);

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            var added = context.ChangeTracker.Entries<Workspace>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.Id).ToList();
            if (added.Count > 0)
            {
                _pending[context] = added;
            }
        }

        return ValueTask.FromResult(result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _pending.TryRemove(context, out var added))
        {
            // Inside a caller's open transaction the rows are not visible to other connections yet (and
            // SQLite would wait for its lock): import once that transaction commits (NewWorkspaceCommitInterceptor).
            if (context.Database.CurrentTransaction is null)
                await ImportAsync(added, cancellationToken);
            else
                _afterCommit.AddOrUpdate(context, added, (_, earlier) => [.. earlier, .. added]);
        }

        return result;
    }

    private readonly ConcurrentDictionary<DbContext, List<Guid>> _afterCommit = new(ReferenceEqualityComparer.Instance);

    /// <summary>Called after the context's transaction committed: import what it created.</summary>
    internal async Task CommittedAsync(DbContext context, CancellationToken cancellationToken)
    {
        if (_afterCommit.TryRemove(context, out var added))
            await ImportAsync(added, cancellationToken);
    }

    /// <summary>Called after the context's transaction rolled back: the workspaces never existed.</summary>
    internal void RolledBack(DbContext context) => _afterCommit.TryRemove(context, out _);

    private async Task ImportAsync(List<Guid> workspaces, CancellationToken cancellationToken)
    {
        var builtIns = services.GetRequiredService<BuiltInWorkflows>();
        foreach (var id in workspaces)
        {
            try
            {
                await builtIns.EnsureAsync(id, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                BuiltInWorkflows.LogNewWorkspaceFailed(logger, e, id);
            }
        }
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            _pending.TryRemove(context, out _);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Runs the built-in import for workspaces created inside a transaction once it has committed.</summary>
internal sealed class NewWorkspaceCommitInterceptor(NewWorkspaceInterceptor saves) : DbTransactionInterceptor
{
    public override async Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
            await saves.CommittedAsync(context, cancellationToken);
    }

    public override Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
            saves.RolledBack(context);
        return Task.CompletedTask;
    }
}
