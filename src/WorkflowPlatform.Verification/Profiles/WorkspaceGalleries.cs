using System.Collections.Concurrent;
using WorkflowPlatform.Faces.Matching;

namespace WorkflowPlatform.Verification.Profiles;

/// <summary>
/// One <see cref="FaceGallery"/> per workspace (ids = user ids), loaded from <see cref="IUserProfileStore"/> on first use
/// and kept current by <see cref="UserProfiles"/> on register and erase. Concurrent first uses share one load; a failed
/// load is retried by the next caller. Updates wait for the load, so a registration committed while the gallery was
/// loading is never lost.
/// </summary>
public sealed class WorkspaceGalleries(IUserProfileStore store) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<FaceGallery>>> _galleries = new(StringComparer.Ordinal);

    /// <summary>The workspace's gallery, loading it on first use.</summary>
    public async Task<FaceGallery> GetAsync(string workspaceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspaceId);
        var lazy = _galleries.GetOrAdd(workspaceId, ws => new Lazy<Task<FaceGallery>>(() => LoadAsync(ws), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            _galleries.TryRemove(new KeyValuePair<string, Lazy<Task<FaceGallery>>>(workspaceId, lazy));
            throw;
        }
    }

    /// <summary>Nearest registered users (at most <paramref name="k"/>, distance ≤ <paramref name="maxDistance"/>), nearest first.</summary>
    public async Task<IReadOnlyList<GalleryHit>> SearchAsync(
        string workspaceId, FaceTemplate template, int k = 50, double maxDistance = FaceMatcher.DefaultThreshold, CancellationToken cancellationToken = default)
        => (await GetAsync(workspaceId, cancellationToken).ConfigureAwait(false)).Search(template, k, maxDistance);

    /// <summary>Adds or replaces a user's template.</summary>
    public async Task AddAsync(string workspaceId, string userId, FaceTemplate template, CancellationToken cancellationToken = default)
        => (await GetAsync(workspaceId, cancellationToken).ConfigureAwait(false)).Add(userId, template);

    /// <summary>Removes a user's template; true when it was there.</summary>
    public async Task<bool> RemoveAsync(string workspaceId, string userId, CancellationToken cancellationToken = default)
        => (await GetAsync(workspaceId, cancellationToken).ConfigureAwait(false)).Remove(userId);

    /// <summary>Drops the cached gallery; the next use reloads it from the store (e.g. after another node changed profiles).</summary>
    public void Invalidate(string workspaceId)
    {
        if (_galleries.TryRemove(workspaceId, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            lazy.Value.Result.Dispose();
    }

    private async Task<FaceGallery> LoadAsync(string workspaceId)
    {
        var templates = await store.ListTemplatesAsync(workspaceId).ConfigureAwait(false);
        var gallery = new FaceGallery();
        foreach (var t in templates)
        {
            if (t.Template.ModelId == gallery.ModelId && t.Template.ModelVersion == gallery.ModelVersion)
                gallery.Add(t.UserId, t.Template);
        }
        return gallery;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var lazy in _galleries.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
                lazy.Value.Result.Dispose();
        }
        _galleries.Clear();
    }
}
