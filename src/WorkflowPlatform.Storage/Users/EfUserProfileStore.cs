using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WorkflowPlatform.Faces.Matching;
using WorkflowPlatform.Verification.Profiles;

namespace WorkflowPlatform.Storage.Users;

/// <summary>
/// <see cref="IUserProfileStore"/> on <see cref="PlatformDbContext"/>. A singleton: every call opens its own scope bound
/// to the given workspace, so the workspace filter applies and no row of another workspace is ever read or written.
/// </summary>
public sealed class EfUserProfileStore(IServiceScopeFactory scopes) : IUserProfileStore
{
    public async Task<UserProfile?> GetAsync(string workspaceId, string userId, CancellationToken cancellationToken = default)
    {
        await using var scope = Open(workspaceId, out var db);
        var row = await db.Set<UserProfileRecord>().AsNoTracking().SingleOrDefaultAsync(x => x.UserId == userId, cancellationToken);
        return row is null ? null : ToProfile(row);
    }

    public async Task<UserProfile> SaveRegistrationAsync(
        string workspaceId, string userId, FaceTemplate template, string? photoKey, DateTimeOffset registeredAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(template);
        for (var attempt = 0; ; attempt++)
        {
            await using var scope = Open(workspaceId, out var db);
            var row = await db.Set<UserProfileRecord>().SingleOrDefaultAsync(x => x.UserId == userId, cancellationToken);
            if (row is null)
            {
                row = new UserProfileRecord { Id = Guid.NewGuid(), WorkspaceId = db.CurrentWorkspaceId!.Value, UserId = userId, CreatedAt = registeredAt };
                db.Add(row);
            }
            row.Template = template.ToBytes();
            row.TemplateModel = template.ModelId;
            row.PhotoKey = photoKey;
            row.RegisteredAt = registeredAt;
            row.UpdatedAt = registeredAt;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return ToProfile(row);
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Two first registrations raced on the unique (workspace, user) index: the loser updates the winner's row.
            }
        }
    }

    public async Task<IReadOnlyList<RegisteredTemplate>> ListTemplatesAsync(string workspaceId, CancellationToken cancellationToken = default)
    {
        await using var scope = Open(workspaceId, out var db);
        var rows = await db.Set<UserProfileRecord>().AsNoTracking()
            .Where(x => x.Template != null)
            .Select(x => new { x.UserId, x.Template })
            .ToListAsync(cancellationToken);
        var result = new List<RegisteredTemplate>(rows.Count);
        foreach (var r in rows)
            result.Add(new RegisteredTemplate(r.UserId, FaceTemplate.FromBytes(r.Template!)));
        return result;
    }

    public async Task<IReadOnlyList<ProfileChange>> ListChangesAsync(string workspaceId, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var scope = Open(workspaceId, out var db);
        var registered = await db.Set<UserProfileRecord>().AsNoTracking()
            .Where(x => x.Template != null && x.UpdatedAt >= since)
            .Select(x => new { x.UserId, x.Template, x.UpdatedAt })
            .ToListAsync(cancellationToken);
        var erased = await db.Set<UserErasure>().AsNoTracking()
            .Where(x => x.ErasedAt >= since)
            .Select(x => new { x.UserId, x.ErasedAt })
            .ToListAsync(cancellationToken);
        var changes = new List<ProfileChange>(registered.Count + erased.Count);
        foreach (var e in erased)
            changes.Add(new ProfileChange(e.UserId, null, e.ErasedAt));
        foreach (var r in registered)
            changes.Add(new ProfileChange(r.UserId, FaceTemplate.FromBytes(r.Template!), r.UpdatedAt));
        // Stable sort keeps erasures ahead of registrations at the same instant: the surviving row wins.
        return [.. changes.OrderBy(c => c.At)];
    }

    public async Task<ErasureReceipt> EraseAsync(
        string workspaceId, string userId, int photosDeleted, DateTimeOffset erasedAt, int requestsPurged = 0, int requestImagesDeleted = 0,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await using var scope = Open(workspaceId, out var db);
        var templates = await db.Set<UserProfileRecord>().Where(x => x.UserId == userId && x.Template != null).CountAsync(cancellationToken);
        await db.Set<UserProfileRecord>().Where(x => x.UserId == userId).ExecuteDeleteAsync(cancellationToken);
        var receipt = new UserErasure
        {
            Id = Guid.NewGuid(),
            WorkspaceId = db.CurrentWorkspaceId!.Value,
            UserId = userId,
            TemplatesDeleted = templates,
            PhotosDeleted = photosDeleted,
            RequestsPurged = requestsPurged,
            RequestImagesDeleted = requestImagesDeleted,
            ErasedAt = erasedAt,
        };
        db.Add(receipt);
        await db.SaveChangesAsync(cancellationToken);
        return ToReceipt(receipt);
    }

    public async Task<IReadOnlyList<ErasureReceipt>> ListErasuresAsync(string workspaceId, string userId, CancellationToken cancellationToken = default)
    {
        await using var scope = Open(workspaceId, out var db);
        var rows = await db.Set<UserErasure>().AsNoTracking().Where(x => x.UserId == userId).OrderByDescending(x => x.ErasedAt).ToListAsync(cancellationToken);
        return rows.ConvertAll(ToReceipt);
    }

    private AsyncServiceScope Open(string workspaceId, out PlatformDbContext db)
    {
        if (!Guid.TryParse(workspaceId, out var ws))
            throw new ArgumentException($"Workspace id '{workspaceId}' is not a GUID.", nameof(workspaceId));
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IWorkspaceContext>().Set(ws);
        db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        return scope;
    }

    private static UserProfile ToProfile(UserProfileRecord r) => new(
        r.UserId, r.Template is not null, r.RegisteredAt, r.Template is null ? null : FaceTemplate.FromBytes(r.Template), r.PhotoKey, r.CreatedAt, r.UpdatedAt);

    private static ErasureReceipt ToReceipt(UserErasure e) => new(e.Id.ToString("N"), e.UserId, e.TemplatesDeleted, e.PhotosDeleted, e.ErasedAt)
    {
        RequestsPurged = e.RequestsPurged,
        RequestImagesDeleted = e.RequestImagesDeleted,
    };
}
