using WorkflowPlatform.Faces.Matching;

namespace WorkflowPlatform.Verification.Profiles;

/// <summary>A user's biometric profile in one workspace.</summary>
/// <param name="UserId">The API client's user id.</param>
/// <param name="SelfieRegistered">A template is registered.</param>
/// <param name="RegisteredAt">When the current template was registered.</param>
/// <param name="Template">The registered template.</param>
/// <param name="PhotoKey">Blob key of the registered photo (null when the module did not keep it).</param>
/// <param name="CreatedAt">First registration.</param>
/// <param name="UpdatedAt">Last change.</param>
public sealed record UserProfile(
    string UserId, bool SelfieRegistered, DateTimeOffset? RegisteredAt, FaceTemplate? Template, string? PhotoKey,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Proof of an erasure (kept after the data is gone).</summary>
/// <param name="ReceiptId">Receipt id.</param>
/// <param name="UserId">The erased user id.</param>
/// <param name="TemplatesDeleted">Templates deleted.</param>
/// <param name="PhotosDeleted">Photos deleted.</param>
/// <param name="ErasedAt">When.</param>
public sealed record ErasureReceipt(string ReceiptId, string UserId, int TemplatesDeleted, int PhotosDeleted, DateTimeOffset ErasedAt)
{
    /// <summary>The user's requests whose capture images were deleted by this erasure (0 when only the profile was erased).</summary>
    public int RequestsPurged { get; init; }

    /// <summary>Capture images deleted from those requests (profile photos are counted in <see cref="PhotosDeleted"/>).</summary>
    public int RequestImagesDeleted { get; init; }
}

/// <summary>A registered template, as the workspace gallery loads it.</summary>
/// <param name="UserId">Owner.</param>
/// <param name="Template">Template.</param>
public readonly record struct RegisteredTemplate(string UserId, FaceTemplate Template);

/// <summary>A registration (<see cref="Template"/> set) or an erasure (null) at <see cref="At"/>, for gallery synchronisation.</summary>
/// <param name="UserId">User.</param>
/// <param name="Template">The registered template, or null for an erasure.</param>
/// <param name="At">When (the writing node's clock).</param>
public readonly record struct ProfileChange(string UserId, FaceTemplate? Template, DateTimeOffset At);

/// <summary>
/// Persistence of user profiles, always scoped to one workspace. Use <see cref="UserProfiles"/> for anything that
/// also touches photos and the gallery.
/// </summary>
public interface IUserProfileStore
{
    /// <summary>The profile, or null.</summary>
    Task<UserProfile?> GetAsync(string workspaceId, string userId, CancellationToken cancellationToken = default);

    /// <summary>Creates the profile or replaces its template and photo key; returns the saved profile.</summary>
    Task<UserProfile> SaveRegistrationAsync(
        string workspaceId, string userId, FaceTemplate template, string? photoKey, DateTimeOffset registeredAt,
        CancellationToken cancellationToken = default);

    /// <summary>Every registered template of the workspace.</summary>
    Task<IReadOnlyList<RegisteredTemplate>> ListTemplatesAsync(string workspaceId, CancellationToken cancellationToken = default);

    /// <summary>Registrations and erasures at or after <paramref name="since"/>, oldest first (erasures before registrations at the same instant).</summary>
    Task<IReadOnlyList<ProfileChange>> ListChangesAsync(string workspaceId, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the profile (template, photo key) and records a receipt naming <paramref name="photosDeleted"/> and, when the
    /// erasure also purged the user's requests, <paramref name="requestsPurged"/> and <paramref name="requestImagesDeleted"/>.
    /// </summary>
    Task<ErasureReceipt> EraseAsync(
        string workspaceId, string userId, int photosDeleted, DateTimeOffset erasedAt, int requestsPurged = 0, int requestImagesDeleted = 0,
        CancellationToken cancellationToken = default);

    /// <summary>Receipts of earlier erasures of <paramref name="userId"/>, newest first.</summary>
    Task<IReadOnlyList<ErasureReceipt>> ListErasuresAsync(string workspaceId, string userId, CancellationToken cancellationToken = default);
}
