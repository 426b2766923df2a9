using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Persistence;

namespace WorkflowPlatform.Storage.Workflows;

/// <summary>Who is acting, for <c>created_by</c>/<c>published_by</c>. The server supplies the signed-in admin; null outside requests.</summary>
public interface IWorkflowActor
{
    /// <summary>E-mail or name of the acting admin, or null (system, start-up import).</summary>
    string? Current { get; }
}

/// <summary>
/// <see cref="IWorkflowDefinitionStore"/> on <see cref="PlatformDbContext"/>. Singleton; each call opens its own
/// scope bound to the workspace it is given, so the global workspace filter applies to every query.
/// Published rows are frozen: replacing one throws <see cref="DefinitionConflictException"/>, and the status
/// column is a concurrency token so a publish racing a draft save cannot both succeed.
/// </summary>
public sealed class EfWorkflowDefinitionStore(IServiceScopeFactory scopes, IWorkflowActor? actor = null) : IWorkflowDefinitionStore
{
    private const string Draft = "draft";
    private const string Published = "published";

    /// <inheritdoc />
    public async Task<WorkflowDefinitionVersion?> GetAsync(string workspaceId, string key, int? version, CancellationToken cancellationToken = default)
    {
        await using var scope = Open(workspaceId, out var db);
        var rows = db.Set<WorkflowDefinitionRow>().AsNoTracking().Where(r => r.Key == key);
        var row = version is { } v
            ? await rows.SingleOrDefaultAsync(r => r.Version == v, cancellationToken).ConfigureAwait(false)
            : await rows.OrderByDescending(r => r.Version).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToModel(row);
    }

    /// <inheritdoc />
    public async Task<WorkflowDefinitionVersion?> GetPublishedAsync(string workspaceId, string key, CancellationToken cancellationToken = default)
    {
        await using var scope = Open(workspaceId, out var db);
        var row = await db.Set<WorkflowDefinitionRow>().AsNoTracking()
            .Where(r => r.Key == key && r.Status == Published)
            .OrderByDescending(r => r.Version).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToModel(row);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkflowDefinitionVersion>> ListVersionsAsync(string workspaceId, string key, CancellationToken cancellationToken = default)
    {
        await using var scope = Open(workspaceId, out var db);
        var rows = await db.Set<WorkflowDefinitionRow>().AsNoTracking().Where(r => r.Key == key)
            .OrderBy(r => r.Version).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Select(ToModel).ToList();
    }

    /// <summary>Versions with their authors (for the admin API's version list).</summary>
    public async Task<IReadOnlyList<WorkflowDefinitionRow>> ListVersionRowsAsync(string workspaceId, string key, CancellationToken cancellationToken = default)
    {
        await using var scope = Open(workspaceId, out var db);
        return await db.Set<WorkflowDefinitionRow>().AsNoTracking().Where(r => r.Key == key)
            .OrderBy(r => r.Version).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<WorkflowDefinitionSummary>> ListAsync(string workspaceId, CancellationToken cancellationToken = default)
    {
        await using var scope = Open(workspaceId, out var db);
        // Headers only: the JSON bodies are not needed for the list.
        var rows = await db.Set<WorkflowDefinitionRow>().AsNoTracking()
            .Select(r => new { r.Key, r.Version, r.Status, r.Name, r.Description, r.UpdatedAt })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.GroupBy(r => r.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var latest = g.MaxBy(r => r.Version)!;
                return new WorkflowDefinitionSummary(
                    g.Key, latest.Name, latest.Description,
                    g.Where(r => r.Status == Draft).Select(r => (int?)r.Version).Max(),
                    g.Where(r => r.Status == Published).Select(r => (int?)r.Version).Max(),
                    g.Max(r => r.UpdatedAt));
            })
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <inheritdoc />
    public async Task SaveAsync(WorkflowDefinitionVersion version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        await using var scope = Open(version.WorkspaceId, out var db);
        var set = db.Set<WorkflowDefinitionRow>();
        var row = await set.SingleOrDefaultAsync(r => r.Key == version.Key && r.Version == version.Version, cancellationToken).ConfigureAwait(false);
        var status = version.Status == DefinitionStatus.Published ? Published : Draft;
        var who = actor?.Current;
        if (row is null)
        {
            row = new WorkflowDefinitionRow
            {
                WorkspaceId = ParseWorkspace(version.WorkspaceId),
                Key = version.Key,
                Version = version.Version,
                Status = status,
                Name = version.Definition.Name,
                DefinitionJson = "",
                Hash = version.Hash,
                CreatedBy = who,
            };
            set.Add(row);
        }
        else if (row.Status == Published)
        {
            throw new DefinitionConflictException($"Version {version.Version} of '{version.Key}' is published and frozen.");
        }

        row.Status = status;
        row.Name = version.Definition.Name;
        row.Description = version.Definition.Description;
        row.DefinitionJson = DefinitionSerializer.Serialize(version.Definition);
        row.Hash = version.Hash;
        row.CreatedAt = version.CreatedAt;
        row.UpdatedAt = version.UpdatedAt == default ? version.CreatedAt : version.UpdatedAt;
        row.PublishedAt = version.PublishedAt;
        if (status == Published)
        {
            row.PublishedBy = who;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || StorageErrors.IsUniqueViolation(e))
        {
            throw new DefinitionConflictException($"Version {version.Version} of '{version.Key}' was changed concurrently.");
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string workspaceId, string key, CancellationToken cancellationToken = default)
    {
        await using var scope = Open(workspaceId, out var db);
        var deleted = await db.Set<WorkflowDefinitionRow>().Where(r => r.Key == key).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        return deleted > 0;
    }

    internal static WorkflowDefinitionVersion ToModel(WorkflowDefinitionRow row) => new()
    {
        WorkspaceId = row.WorkspaceId.ToString(),
        Key = row.Key,
        Version = row.Version,
        Status = row.Status == Published ? DefinitionStatus.Published : DefinitionStatus.Draft,
        Definition = DefinitionSerializer.Deserialize(row.DefinitionJson),
        Hash = row.Hash,
        CreatedAt = row.CreatedAt,
        UpdatedAt = row.UpdatedAt,
        PublishedAt = row.PublishedAt,
    };

    internal static Guid ParseWorkspace(string workspaceId)
        => Guid.TryParse(workspaceId, out var id)
            ? id
            : throw new ArgumentException($"Workspace id '{workspaceId}' is not a GUID.", nameof(workspaceId));

    private AsyncServiceScope Open(string workspaceId, out PlatformDbContext db)
    {
        var id = ParseWorkspace(workspaceId);
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IWorkspaceContext>().Set(id);
        db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return scope;
    }
}
