using System.Security.Cryptography;
using System.Text;
using WorkflowPlatform.Faces.Matching;
using WorkflowPlatform.Verification.Photos;

namespace WorkflowPlatform.Verification.Profiles;

/// <summary>
/// User profiles with their photos and the workspace gallery kept in step: what the modules and the
/// <c>/api/v1/users</c> endpoints call. Profile photos live under <c>ws/{ws}/users/{hash of user id}/</c>, outside
/// the request folders, so request retention never touches them.
/// </summary>
public sealed class UserProfiles(IUserProfileStore store, IBlobStore blobs, WorkspaceGalleries galleries, TimeProvider time)
{
    /// <summary>The profile, or null.</summary>
    public Task<UserProfile?> GetAsync(string workspaceId, string userId, CancellationToken cancellationToken = default)
        => store.GetAsync(workspaceId, userId, cancellationToken);

    /// <summary>
    /// Registers <paramref name="template"/> for the user, replacing an earlier one. With a <paramref name="sourcePhotoKey"/>
    /// (a capture under the request) the photo is copied to the profile; the previous profile photo is deleted.
    /// </summary>
    public async Task<UserProfile> RegisterAsync(
        string workspaceId, string userId, FaceTemplate template, string? sourcePhotoKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        var now = time.GetUtcNow();
        var previous = await store.GetAsync(workspaceId, userId, cancellationToken).ConfigureAwait(false);
        string? photoKey = null;
        if (sourcePhotoKey is not null)
        {
            var bytes = await blobs.GetAsync(sourcePhotoKey, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Captured photo '{sourcePhotoKey}' is missing.");
            var extension = Path.GetExtension(sourcePhotoKey);
            photoKey = UserFolder(workspaceId, userId) + "selfie-" + now.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) + extension;
            await blobs.PutAsync(photoKey, bytes, cancellationToken).ConfigureAwait(false);
        }
        var saved = await store.SaveRegistrationAsync(workspaceId, userId, template, photoKey, now, cancellationToken).ConfigureAwait(false);
        if (previous?.PhotoKey is { } old && old != photoKey)
            await blobs.DeleteAsync(old, cancellationToken).ConfigureAwait(false);
        await galleries.AddAsync(workspaceId, userId, template, cancellationToken).ConfigureAwait(false);
        return saved;
    }

    /// <summary>
    /// Erases the user's template and photos (the photos first: a failure half-way leaves a profile without photos,
    /// never photos without a profile) and returns the receipt. Erasing an unknown user returns a receipt with zeros.
    /// </summary>
    public Task<ErasureReceipt> EraseAsync(string workspaceId, string userId, CancellationToken cancellationToken = default)
        => EraseAsync(workspaceId, userId, requestsPurged: 0, requestImagesDeleted: 0, cancellationToken);

    /// <summary>
    /// <see cref="EraseAsync(string, string, CancellationToken)"/> recording on the receipt what the caller already purged
    /// from the user's requests (the server's <c>UserErasure</c> purges the request images first, then calls this).
    /// </summary>
    public async Task<ErasureReceipt> EraseAsync(
        string workspaceId, string userId, int requestsPurged, int requestImagesDeleted, CancellationToken cancellationToken = default)
    {
        var photos = await blobs.DeletePrefixAsync(UserFolder(workspaceId, userId), cancellationToken).ConfigureAwait(false);
        var receipt = await store.EraseAsync(workspaceId, userId, photos, time.GetUtcNow(), requestsPurged, requestImagesDeleted, cancellationToken)
            .ConfigureAwait(false);
        await galleries.RemoveAsync(workspaceId, userId, cancellationToken).ConfigureAwait(false);
        return receipt;
    }

    /// <summary>The blob folder of a user's profile photos (user ids may hold characters blob keys do not allow).</summary>
    public static string UserFolder(string workspaceId, string userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(userId)))[..32];
        return BlobKeys.Validate($"ws/{workspaceId}/users/{hash}") + "/";
    }
}
