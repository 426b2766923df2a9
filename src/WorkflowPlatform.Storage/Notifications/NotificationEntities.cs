using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WorkflowPlatform.Storage.Schema;
using WorkflowPlatform.Storage.Workspaces;

namespace WorkflowPlatform.Storage.Notifications;

/// <summary>Kinds of notification way an application can have (table <c>notification_endpoints</c>, column <c>kind</c>).</summary>
public static class NotificationChannels
{
    /// <summary>A Standard Webhooks endpoint of the application.</summary>
    public const string Webhook = "webhook";

    /// <summary>An e-mail notification (SMTP) to an address list.</summary>
    public const string Email = "email";

    /// <summary>The <c>notification_url</c> one request named for itself (signed with the application's first webhook secret).</summary>
    public const string RequestUrl = "request_url";
}

/// <summary>Delivery states.</summary>
public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}

/// <summary>
/// A notification way of an application (table <c>notification_endpoints</c>): a webhook endpoint (URL + secret, with
/// the previous secret still signing until <see cref="PreviousSecretExpiresAt"/>) or an e-mail notification.
/// </summary>
public sealed class NotificationEndpoint : IWorkspaceOwned
{
    public const int UrlMaxLength = 2048;
    public const int DescriptionMaxLength = 500;

    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid ApplicationId { get; set; }
    /// <summary><see cref="NotificationChannels.Webhook"/> or <see cref="NotificationChannels.Email"/>.</summary>
    public required string Kind { get; set; }
    public string? Url { get; set; }
    /// <summary>Recipients of an e-mail notification.</summary>
    public List<string> EmailTo { get; set; } = [];
    public string? Description { get; set; }
    /// <summary>Event types this endpoint receives; empty = every type.</summary>
    public List<string> EventTypes { get; set; } = [];
    public bool Enabled { get; set; } = true;
    /// <summary>The current signing secret (<c>whsec_…</c>); null for e-mail.</summary>
    public string? Secret { get; set; }
    public string? PreviousSecret { get; set; }
    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }
    public string? DisabledReason { get; set; }
    public DateTimeOffset? DisabledAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Whether this endpoint wants events of <paramref name="type"/>.</summary>
    public bool Accepts(string type) => EventTypes.Count == 0 || EventTypes.Contains(type, StringComparer.Ordinal);
}

/// <summary>
/// One event in the transactional outbox (table <c>notification_events</c>): written in the same transaction as the
/// state change that caused it. <see cref="Id"/> is the Standard Webhooks <c>webhook-id</c>.
/// </summary>
public sealed class NotificationEvent : IWorkspaceOwned
{
    public const int IdMaxLength = 64;
    public const int TypeMaxLength = 64;
    public const int DedupeKeyMaxLength = 300;

    public required string Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid? ApplicationId { get; set; }
    public string? RequestId { get; set; }
    public required string Type { get; set; }
    /// <summary>Order of the event among its request's events (1, 2, …); 0 for events of no request.</summary>
    public int Sequence { get; set; }
    /// <summary>The body sent: <c>{type, timestamp, data}</c>.</summary>
    public required string PayloadJson { get; set; }
    /// <summary>What makes the event unique (<c>{instance}:request.awaiting_input:{bookmark}</c>); a second write is refused.</summary>
    public required string DedupeKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// One event on its way to one notification way (table <c>notification_deliveries</c>): the retry state and the lease
/// (<see cref="LeaseOwner"/>, <see cref="LeaseUntil"/>, <see cref="LeaseToken"/>) that keeps two nodes from making the
/// same attempt at once.
/// </summary>
public sealed class NotificationDelivery : IWorkspaceOwned
{
    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public required string EventId { get; set; }
    public required string EventType { get; set; }
    /// <summary>The endpoint; null for a request's own <c>notification_url</c>.</summary>
    public Guid? EndpointId { get; set; }
    public required string Channel { get; set; }
    /// <summary>The URL of a <see cref="NotificationChannels.RequestUrl"/> delivery.</summary>
    public string? Url { get; set; }
    public required string Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public string? LeaseOwner { get; set; }
    public Guid? LeaseToken { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One attempt of a delivery (table <c>notification_attempts</c>): the delivery log.</summary>
public sealed class NotificationAttempt : IWorkspaceOwned
{
    public const int ExcerptMaxLength = 512;
    public const int ErrorMaxLength = 1000;

    public Guid Id { get; set; }
    public Guid WorkspaceId { get; set; }
    public Guid DeliveryId { get; set; }
    public required string EventId { get; set; }
    public Guid? EndpointId { get; set; }
    public int Number { get; set; }
    /// <summary><c>delivered</c>, <c>failed</c>, <c>gone</c>, <c>refused</c>.</summary>
    public required string Outcome { get; set; }
    public int? StatusCode { get; set; }
    public double LatencyMs { get; set; }
    public string? ResponseExcerpt { get; set; }
    public string? Error { get; set; }
    /// <summary>The node that made the attempt (host:pid).</summary>
    public string? Node { get; set; }
    public DateTimeOffset StartedAt { get; set; }
}

/// <summary>The <c>notification_url</c> a request named for itself (table <c>request_notification_urls</c>).</summary>
public sealed class RequestNotificationUrl : IWorkspaceOwned
{
    public required string RequestId { get; set; }
    public Guid WorkspaceId { get; set; }
    public required string Url { get; set; }
}

internal sealed class NotificationEndpointConfiguration : IEntityTypeConfiguration<NotificationEndpoint>
{
    public void Configure(EntityTypeBuilder<NotificationEndpoint> b)
    {
        b.ToTable("notification_endpoints");
        b.HasKey(x => x.Id);
        b.Property(x => x.Kind).HasMaxLength(20);
        b.Property(x => x.Url).HasMaxLength(NotificationEndpoint.UrlMaxLength);
        b.Property(x => x.Description).HasMaxLength(NotificationEndpoint.DescriptionMaxLength);
        b.Property(x => x.EmailTo).HasJsonListConversion();
        b.Property(x => x.EventTypes).HasJsonListConversion();
        b.Property(x => x.Secret).HasMaxLength(200);
        b.Property(x => x.PreviousSecret).HasMaxLength(200);
        b.Property(x => x.DisabledReason).HasMaxLength(500);
        b.HasIndex(x => new { x.WorkspaceId, x.ApplicationId });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationEventConfiguration : IEntityTypeConfiguration<NotificationEvent>
{
    public void Configure(EntityTypeBuilder<NotificationEvent> b)
    {
        b.ToTable("notification_events");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(NotificationEvent.IdMaxLength);
        b.Property(x => x.RequestId).HasMaxLength(100);
        b.Property(x => x.Type).HasMaxLength(NotificationEvent.TypeMaxLength);
        b.Property(x => x.DedupeKey).HasMaxLength(NotificationEvent.DedupeKeyMaxLength);
        b.HasIndex(x => new { x.WorkspaceId, x.DedupeKey }).IsUnique();
        b.HasIndex(x => new { x.WorkspaceId, x.RequestId, x.Sequence });
        b.HasIndex(x => new { x.WorkspaceId, x.CreatedAt });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationDeliveryConfiguration : IEntityTypeConfiguration<NotificationDelivery>
{
    public void Configure(EntityTypeBuilder<NotificationDelivery> b)
    {
        b.ToTable("notification_deliveries");
        b.HasKey(x => x.Id);
        b.Property(x => x.EventId).HasMaxLength(NotificationEvent.IdMaxLength);
        b.Property(x => x.EventType).HasMaxLength(NotificationEvent.TypeMaxLength);
        b.Property(x => x.Channel).HasMaxLength(20);
        b.Property(x => x.Url).HasMaxLength(NotificationEndpoint.UrlMaxLength);
        b.Property(x => x.Status).HasMaxLength(20);
        b.Property(x => x.LeaseOwner).HasMaxLength(200);
        b.Property(x => x.LastError).HasMaxLength(NotificationAttempt.ErrorMaxLength);
        b.HasIndex(x => new { x.Status, x.NextAttemptAt });
        b.HasIndex(x => new { x.WorkspaceId, x.EndpointId, x.CreatedAt });
        b.HasIndex(x => new { x.WorkspaceId, x.EventId });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationAttemptConfiguration : IEntityTypeConfiguration<NotificationAttempt>
{
    public void Configure(EntityTypeBuilder<NotificationAttempt> b)
    {
        b.ToTable("notification_attempts");
        b.HasKey(x => x.Id);
        b.Property(x => x.EventId).HasMaxLength(NotificationEvent.IdMaxLength);
        b.Property(x => x.Outcome).HasMaxLength(20);
        b.Property(x => x.ResponseExcerpt).HasMaxLength(NotificationAttempt.ExcerptMaxLength);
        b.Property(x => x.Error).HasMaxLength(NotificationAttempt.ErrorMaxLength);
        b.Property(x => x.Node).HasMaxLength(200);
        b.HasIndex(x => new { x.WorkspaceId, x.DeliveryId, x.Number });
        b.HasIndex(x => new { x.WorkspaceId, x.EventId });
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RequestNotificationUrlConfiguration : IEntityTypeConfiguration<RequestNotificationUrl>
{
    public void Configure(EntityTypeBuilder<RequestNotificationUrl> b)
    {
        b.ToTable("request_notification_urls");
        b.HasKey(x => x.RequestId);
        b.Property(x => x.RequestId).HasMaxLength(100);
        b.Property(x => x.Url).HasMaxLength(NotificationEndpoint.UrlMaxLength);
        b.HasOne<Workspace>().WithMany().HasForeignKey(x => x.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
