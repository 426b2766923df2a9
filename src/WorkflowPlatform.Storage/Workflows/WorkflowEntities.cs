using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowPlatform.Storage.Workspaces;

namespace WorkflowPlatform.Storage.Workflows;

/// <summary>One version of a workflow definition (table <c>workflow_definitions</c>); published rows are frozen.</summary>
public sealed class WorkflowDefinitionRow : IWorkspaceOwned
{
    public const int KeyMaxLength = 64;

    public Guid WorkspaceId { get; set; }
    public required string Key { get; set; }
    public int Version { get; set; }
    /// <summary><c>draft</c> or <c>published</c>; also the concurrency token, so a publish and a draft save cannot both win.</summary>
    public required string Status { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public required string DefinitionJson { get; set; }
    public required string Hash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? CreatedBy { get; set; }
    public string? PublishedBy { get; set; }
}

/// <summary>
/// The exact definition JSON instances run on, content-addressed by its hash (table <c>workflow_snapshots</c>).
/// Instances reference it instead of repeating kilobytes per row; it outlives deleted definitions.
/// </summary>
public sealed class WorkflowSnapshotRow : IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public required string Hash { get; set; }
    public required string DefinitionJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A workflow instance (a request), table <c>workflow_instances</c>. <see cref="ConcurrencyVersion"/> is the optimistic-concurrency token.</summary>
public sealed class WorkflowInstanceRow : IWorkspaceOwned
{
    public const int IdMaxLength = 100;

    public required string Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public required string DefinitionKey { get; set; }
    public int DefinitionVersion { get; set; }
    public required string DefinitionHash { get; set; }
    public required string Status { get; set; }
    public string? Outcome { get; set; }
    public string? UserId { get; set; }
    public string? ApplicationId { get; set; }
    public string? CurrentNodeId { get; set; }
    public required string ContextJson { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? ActiveBookmark { get; set; }
    public int RecoveryCount { get; set; }
    public int JournalCount { get; set; }
    public long ConcurrencyVersion { get; set; }
    /// <summary>The process (host:pid) that last wrote the instance while it was <c>running</c>; <see cref="UpdatedAt"/> is its heartbeat.</summary>
    public string? LeaseOwner { get; set; }
}

/// <summary>A bookmark of an instance (table <c>workflow_bookmarks</c>): where it waits, who consumed it and what that resume answered.</summary>
public sealed class WorkflowBookmarkRow : IWorkspaceOwned
{
    public required string InstanceId { get; set; }
    public required string Name { get; set; }
    public Guid WorkspaceId { get; set; }
    /// <summary>Position in the instance's bookmark list (the engine reads the latest one).</summary>
    public int Ordinal { get; set; }
    public required string NodeId { get; set; }
    public required string PayloadJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResumeAt { get; set; }
    public DateTimeOffset? ConsumedAt { get; set; }
    /// <summary>Idempotency key of the consuming resume.</summary>
    public string? ConsumedBy { get; set; }
    /// <summary>Stored response of that resume: status and outcome (replayed for the same key).</summary>
    public string? ResumeStatus { get; set; }
    public string? ResumeOutcome { get; set; }
}

/// <summary>One journal step of an instance (table <c>workflow_journal</c>), append-only.</summary>
public sealed class WorkflowJournalRow : IWorkspaceOwned
{
    public required string InstanceId { get; set; }
    public int Sequence { get; set; }
    public Guid WorkspaceId { get; set; }
    public string? NodeId { get; set; }
    public string? ModuleType { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset EndedAt { get; set; }
    public double DurationMs { get; set; }
    public required string Status { get; set; }
    public string? Reason { get; set; }
    public string? Rule { get; set; }
    public string? RuleValueJson { get; set; }
    public string? Port { get; set; }
    public string? OutputsJson { get; set; }
    public string? ErrorCode { get; set; }
    public string? Error { get; set; }
}

/// <summary>
/// A built-in definition (from <c>workflows/*.json</c>) imported into a workspace (table <c>workflow_builtins</c>).
/// Remembers what was imported so that a built-in the admin deleted is not brought back at the next start.
/// </summary>
public sealed class WorkflowBuiltInRow : IWorkspaceOwned
{
    public Guid WorkspaceId { get; set; }
    public required string Key { get; set; }
    public required string Hash { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
}

internal sealed class WorkflowDefinitionRowConfiguration : IEntityTypeConfiguration<WorkflowDefinitionRow>
{
    public void Configure(EntityTypeBuilder<WorkflowDefinitionRow> b)
    {
        b.ToTable("workflow_definitions");
        b.HasKey(x => new { x.WorkspaceId, x.Key, x.Version });
        b.Property(x => x.Key).HasMaxLength(WorkflowDefinitionRow.KeyMaxLength);
        b.Property(x => x.Status).HasMaxLength(20).IsConcurrencyToken();
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Hash).HasMaxLength(80);
        b.Property(x => x.CreatedBy).HasMaxLength(256);
        b.Property(x => x.PublishedBy).HasMaxLength(256);
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkflowSnapshotRowConfiguration : IEntityTypeConfiguration<WorkflowSnapshotRow>
{
    public void Configure(EntityTypeBuilder<WorkflowSnapshotRow> b)
    {
        b.ToTable("workflow_snapshots");
        b.HasKey(x => new { x.WorkspaceId, x.Hash });
        b.Property(x => x.Hash).HasMaxLength(80);
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkflowInstanceRowConfiguration : IEntityTypeConfiguration<WorkflowInstanceRow>
{
    public void Configure(EntityTypeBuilder<WorkflowInstanceRow> b)
    {
        b.ToTable("workflow_instances");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(WorkflowInstanceRow.IdMaxLength);
        b.Property(x => x.DefinitionKey).HasMaxLength(WorkflowDefinitionRow.KeyMaxLength);
        b.Property(x => x.DefinitionHash).HasMaxLength(80);
        b.Property(x => x.Status).HasMaxLength(20);
        b.Property(x => x.Outcome).HasMaxLength(20);
        b.Property(x => x.UserId).HasMaxLength(200);
        b.Property(x => x.ApplicationId).HasMaxLength(100);
        b.Property(x => x.CurrentNodeId).HasMaxLength(64);
        b.Property(x => x.ErrorCode).HasMaxLength(100);
        b.Property(x => x.ActiveBookmark).HasMaxLength(200);
        b.Property(x => x.LeaseOwner).HasMaxLength(200);
        b.Property(x => x.ConcurrencyVersion).IsConcurrencyToken();
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkflowBookmarkRowConfiguration : IEntityTypeConfiguration<WorkflowBookmarkRow>
{
    public void Configure(EntityTypeBuilder<WorkflowBookmarkRow> b)
    {
        b.ToTable("workflow_bookmarks");
        b.HasKey(x => new { x.InstanceId, x.Name });
        b.Property(x => x.InstanceId).HasMaxLength(WorkflowInstanceRow.IdMaxLength);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.NodeId).HasMaxLength(64);
        b.Property(x => x.ConsumedBy).HasMaxLength(200);
        b.Property(x => x.ResumeStatus).HasMaxLength(20);
        b.Property(x => x.ResumeOutcome).HasMaxLength(20);
        b.HasOne<WorkflowInstanceRow>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkflowJournalRowConfiguration : IEntityTypeConfiguration<WorkflowJournalRow>
{
    public void Configure(EntityTypeBuilder<WorkflowJournalRow> b)
    {
        b.ToTable("workflow_journal");
        b.HasKey(x => new { x.InstanceId, x.Sequence });
        b.Property(x => x.InstanceId).HasMaxLength(WorkflowInstanceRow.IdMaxLength);
        b.Property(x => x.NodeId).HasMaxLength(64);
        b.Property(x => x.ModuleType).HasMaxLength(64);
        b.Property(x => x.Status).HasMaxLength(20);
        b.Property(x => x.Port).HasMaxLength(64);
        b.Property(x => x.ErrorCode).HasMaxLength(100);
        b.HasOne<WorkflowInstanceRow>().WithMany().HasForeignKey(x => x.InstanceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkflowBuiltInRowConfiguration : IEntityTypeConfiguration<WorkflowBuiltInRow>
{
    public void Configure(EntityTypeBuilder<WorkflowBuiltInRow> b)
    {
        b.ToTable("workflow_builtins");
        b.HasKey(x => new { x.WorkspaceId, x.Key });
        b.Property(x => x.Key).HasMaxLength(WorkflowDefinitionRow.KeyMaxLength);
        b.Property(x => x.Hash).HasMaxLength(80);
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
