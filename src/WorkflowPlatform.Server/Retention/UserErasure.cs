using WorkflowPlatform.Storage.Workflows;
using WorkflowPlatform.Verification.Photos;
using WorkflowPlatform.Verification.Profiles;

namespace WorkflowPlatform.Server.Retention;

/// <summary>
/// Erasure of everything biometric the platform holds for one user of a workspace: the capture images of every request of
/// the user (any status), then the profile (template, profile photos, gallery entry) with one receipt naming all counts.
/// What <c>DELETE /api/v1/users/{user_id}</c> calls.
/// </summary>
public sealed class UserErasure(UserProfiles profiles, PhotoRetention photos, RequestRetentionStore requests)
{
    private const int Page = 500;

    /// <summary>
    /// Erases the user and returns the receipt (<see cref="ErasureReceipt.RequestsPurged"/> = requests that still had
    /// images, <see cref="ErasureReceipt.RequestImagesDeleted"/>). Idempotent: erasing again deletes nothing and returns a
    /// receipt with zeros. Request rows stay (without images) until their own retention.
    /// </summary>
    public async Task<ErasureReceipt> EraseAsync(string workspaceId, string userId, CancellationToken cancellationToken = default)
    {
        if (!Guid.TryParse(workspaceId, out var ws))
        {
            throw new ArgumentException($"Workspace id '{workspaceId}' is not a GUID.", nameof(workspaceId));
        }

        ArgumentException.ThrowIfNullOrEmpty(userId);
        // Captures and profile photos are keyed by the instance's workspace string, which is the "D" form.
        var workspace = ws.ToString();
        int purged = 0, images = 0;
        string? after = null;
        while (true)
        {
            var ids = await requests.ListUserRequestIdsAsync(ws, userId, after, Page, cancellationToken).ConfigureAwait(false);
            foreach (var id in ids)
            {
                var deleted = await photos.PurgeRequestBlobsAsync(workspace, id, cancellationToken).ConfigureAwait(false);
                if (deleted > 0)
                {
                    purged++;
                    images += deleted;
                }
            }

            if (ids.Count < Page)
            {
                break;
            }

            after = ids[^1];
        }

        // Request images first: a failure half-way leaves the profile for a retry, which finds the rest.
        var receipt = await profiles.EraseAsync(workspace, userId, purged, images, cancellationToken).ConfigureAwait(false);
        RetentionTelemetry.Record(RetentionTelemetry.RequestsPurgedCounter, purged, "erasure");
        RetentionTelemetry.Record(RetentionTelemetry.ImagesDeletedCounter, images, "erasure");
        return receipt;
    }
}
