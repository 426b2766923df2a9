using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowPlatform.Storage.Workspaces;

namespace WorkflowPlatform.Storage.Users;

/// <summary>A user's biometric profile row: the registered template and the key of the kept photo.</summary>
public sealed class UserProfileRecord : IWorkspaceOwned
{
    /// <summary>Seed rule for user ids: <c>[a-zA-Z0-9'+_@.-]{1,256}</c>.</summary>
    public const int UserIdMaxLength = 256;

    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public required string UserId { get; set; }
    /// <summary><c>FaceTemplate.ToBytes()</c>; null when no selfie is registered.</summary>
    public byte[]? Template { get; set; }
    /// <summary>Model id of the template (so a model change can find old templates without parsing them).</summary>
    public string? TemplateModel { get; set; }
    public string? PhotoKey { get; set; }
    public DateTimeOffset? RegisteredAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Receipt of an erasure: what was deleted for which user id, and when. Holds no biometric data.</summary>
public sealed class UserErasure : IWorkspaceOwned
{
    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public required string UserId { get; set; }
    public int TemplatesDeleted { get; set; }
    public int PhotosDeleted { get; set; }
    /// <summary>Requests of the user whose capture images the erasure deleted (migration 0040).</summary>
    public int RequestsPurged { get; set; }
    /// <summary>Capture images deleted from those requests.</summary>
    public int RequestImagesDeleted { get; set; }
    public DateTimeOffset ErasedAt { get; set; }
}

internal sealed class UserProfileRecordConfiguration : IEntityTypeConfiguration<UserProfileRecord>
{
    public void Configure(EntityTypeBuilder<UserProfileRecord> b)
    {
        b.ToTable("user_profiles");
        b.HasKey(x => x.Id);
        b.Property(x => x.UserId).HasMaxLength(UserProfileRecord.UserIdMaxLength);
        b.Property(x => x.TemplateModel).HasMaxLength(100);
        b.Property(x => x.PhotoKey).HasMaxLength(512);
        b.HasIndex(x => new { x.WorkspaceId, x.UserId }).IsUnique();
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UserErasureConfiguration : IEntityTypeConfiguration<UserErasure>
{
    public void Configure(EntityTypeBuilder<UserErasure> b)
    {
        b.ToTable("user_erasures");
        b.HasKey(x => x.Id);
        b.Property(x => x.UserId).HasMaxLength(UserProfileRecord.UserIdMaxLength);
        b.HasIndex(x => new { x.WorkspaceId, x.UserId });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
