using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowPlatform.Storage.Workspaces;

namespace WorkflowPlatform.Storage.Requests;

/// <summary>
/// What the public requests API adds to a workflow instance: the API client's idempotency key, the verification way and
/// its dispatch outcome, and the chain onboarding → verification (<see cref="CurrentInstanceId"/> moves on when the
/// onboarding instance completes). The request id is the id of the first instance.
/// </summary>
public sealed class PublicRequestRecord : IWorkspaceOwned
{
    public const int IdMaxLength = 64;

    public required string Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid ApplicationId { get; set; }
    public required string UserId { get; set; }
    public required string Workflow { get; set; }
    public required string CurrentInstanceId { get; set; }
    /// <summary>Workflow started when the current (onboarding) instance completes; null when none follows.</summary>
    public string? NextWorkflow { get; set; }
    public string? IdempotencyKey { get; set; }
    /// <summary>SHA-256 (hex) of the canonical request body the idempotency key was first used with.</summary>
    public string? BodyHash { get; set; }
    /// <summary>The 201 body answered first, replayed for the same key and body.</summary>
    public string? ResponseJson { get; set; }
    public required string WayType { get; set; }
    public string? WayTo { get; set; }
    public required string Locale { get; set; }
    public bool ForceOnboarding { get; set; }
    /// <summary><c>not_required</c> (link, iframe, qr), <c>pending</c>, <c>sent</c>, <c>failed</c> (retries exhausted).</summary>
    public required string DispatchStatus { get; set; }
    public int DispatchAttempts { get; set; }
    public string? DispatchError { get; set; }
    public DateTimeOffset? DispatchedAt { get; set; }
    public DateTimeOffset? NextDispatchAt { get; set; }
    /// <summary>When the person finished in the capture app (<c>POST /enrolment/complete</c>).</summary>
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class PublicRequestRecordConfiguration : IEntityTypeConfiguration<PublicRequestRecord>
{
    public void Configure(EntityTypeBuilder<PublicRequestRecord> b)
    {
        b.ToTable("public_requests");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(PublicRequestRecord.IdMaxLength);
        b.Property(x => x.UserId).HasMaxLength(256);
        b.Property(x => x.Workflow).HasMaxLength(100);
        b.Property(x => x.NextWorkflow).HasMaxLength(100);
        b.Property(x => x.CurrentInstanceId).HasMaxLength(PublicRequestRecord.IdMaxLength);
        b.Property(x => x.IdempotencyKey).HasMaxLength(200);
        b.Property(x => x.BodyHash).HasMaxLength(64);
        b.Property(x => x.WayType).HasMaxLength(20);
        b.Property(x => x.WayTo).HasMaxLength(320);
        b.Property(x => x.Locale).HasMaxLength(20);
        b.Property(x => x.DispatchStatus).HasMaxLength(20);
        b.Property(x => x.DispatchError).HasMaxLength(2000);
        b.HasIndex(x => new { x.WorkspaceId, x.ApplicationId, x.IdempotencyKey }).IsUnique();
        b.HasIndex(x => new { x.WorkspaceId, x.UserId });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
