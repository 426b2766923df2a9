using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Faces.Matching;

namespace WorkflowPlatform.Verification.Profiles;

/// <summary>
/// One <see cref="FaceGallery"/> per workspace (ids = user ids), loaded from <see cref="IUserProfileStore"/> on first use
/// and kept current by <see cref="UserProfiles"/> on register and erase. Concurrent first uses share one load; a failed
/// load is retried by the next caller. Every <see cref="VerificationOptions.GalleryRefreshInterval"/> a use also applies
/// the registrations and erasures other server nodes wrote since the last sync (re-reading a minute of overlap, so
/// clock skew and slow commits are covered; applying a change twice is harmless).
/// </summary>
public sealed class WorkspaceGalleries : IDisposable
{
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Lazy<Task<Entry>>> _galleries = new(StringComparer.Ordinal);
    private readonly IUserProfileStore _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refresh;

    /// <summary>Creates the registry (normally through <c>AddVerification</c>).</summary>
    public WorkspaceGalleries(IUserProfileStore store, TimeProvider time, IOptions<VerificationOptions> options)
    {
        _store = store;
        _time = time;
        _refresh = options.Value.GalleryRefreshInterval;
    }

    /// <summary>The workspace's gallery, loading it on first use and syncing it when the refresh interval has passed.</summary>
    public async Task<FaceGallery> GetAsync(string workspaceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspaceId);
        var lazy = _galleries.GetOrAdd(workspaceId, ws => new Lazy<Task<Entry>>(() => LoadAsync(ws), LazyThreadSafetyMode.ExecutionAndPublication));
        Entry entry;
        try
        {
            entry = await lazy.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            _galleries.TryRemove(new KeyValuePair<string, Lazy<Task<Entry>>>(workspaceId, lazy));
            throw;
        }
        if (_time.GetUtcNow() - entry.CheckedAt >= _refresh)
            await SyncAsync(workspaceId, entry, cancellationToken).ConfigureAwait(false);
        return entry.Gallery;
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

    /// <summary>Drops the cached gallery; the next use reloads it from the store.</summary>
    public void Invalidate(string workspaceId)
    {
        if (_galleries.TryRemove(workspaceId, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            lazy.Value.Result.Dispose();
    }

    private async Task<Entry> LoadAsync(string workspaceId)
    {
        var started = _time.GetUtcNow();
        var templates = await _store.ListTemplatesAsync(workspaceId).ConfigureAwait(false);
        var gallery = new FaceGallery();
        foreach (var t in templates)
        {
            if (Compatible(gallery, t.Template))
                gallery.Add(t.UserId, t.Template);
        }
        return new Entry(gallery) { SyncedTo = started, CheckedAt = started };
    }

    private async Task SyncAsync(string workspaceId, Entry entry, CancellationToken cancellationToken)
    {
        await entry.SyncGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var started = _time.GetUtcNow();
            if (started - entry.CheckedAt < _refresh && _refresh > TimeSpan.Zero)
                return; // another caller synced while we waited
            var changes = await _store.ListChangesAsync(workspaceId, entry.SyncedTo - Overlap, cancellationToken).ConfigureAwait(false);
            foreach (var change in changes)
            {
                if (change.Template is null)
                    entry.Gallery.Remove(change.UserId);
                else if (Compatible(entry.Gallery, change.Template))
                    entry.Gallery.Add(change.UserId, change.Template);
            }
            entry.SyncedTo = started;
            entry.CheckedAt = started;
        }
        finally
        {
            entry.SyncGate.Release();
        }
    }

    private static bool Compatible(FaceGallery gallery, FaceTemplate template)
        => template.ModelId == gallery.ModelId && template.ModelVersion == gallery.ModelVersion;

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

    private sealed class Entry(FaceGallery gallery) : IDisposable
    {
        public FaceGallery Gallery { get; } = gallery;
        public SemaphoreSlim SyncGate { get; } = new(1, 1);
        public DateTimeOffset SyncedTo { get; set; }
        public DateTimeOffset CheckedAt { get; set; }

        public void Dispose()
        {
            Gallery.Dispose();
            SyncGate.Dispose();
        }
    }
}
