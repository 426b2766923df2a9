using WorkflowPlatform.Verification.Capture;

namespace WorkflowPlatform.Verification.Photos;

/// <summary>
/// Deletes a request's images when its retention ends. Photos assigned to a user profile are copies under the
/// user's folder (<see cref="Profiles.UserProfiles.UserFolder"/>), so they survive; they go when the user is erased.
/// </summary>
public sealed class PhotoRetention(IBlobStore blobs)
{
    /// <summary>Deletes every image stored under the request; returns how many.</summary>
    public Task<int> PurgeRequestBlobsAsync(string workspaceId, string requestId, CancellationToken cancellationToken = default)
        => blobs.DeletePrefixAsync(SelfieCapture.RequestFolder(workspaceId, requestId), cancellationToken);
}
