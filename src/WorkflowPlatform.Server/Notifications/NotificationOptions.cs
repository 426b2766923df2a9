namespace WorkflowPlatform.Server.Notifications;

/// <summary>Webhook and e-mail notification delivery. Section <c>Webhooks</c>.</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Webhooks";

    /// <summary>Allow endpoints on loopback addresses (tests, local development). Default false.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Allow endpoints on private (RFC 1918, ULA) addresses. Default false.</summary>
    public bool AllowPrivate { get; set; }

    /// <summary>Per attempt. Default 15 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a node owns a claimed delivery; must exceed <see cref="Timeout"/>. After a crash the attempt is made again once it runs out. Default 60 s.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often each node looks for due deliveries when nothing wakes it. Default 1 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Interval of the clustered Quartz delivery job (the safety net for due retries). Default 10 s.</summary>
    public TimeSpan JobInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Deliveries claimed per pass. Default 32.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Deliveries in flight per node. Default 16.</summary>
    public int MaxParallel { get; set; } = 16;

    /// <summary>Delays before attempt 1, 2, … Default: the Standard Webhooks schedule (0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h).</summary>
    public List<TimeSpan>? RetryDelays { get; set; }

    /// <summary>± share of each delay chosen at random. Default 0.1.</summary>
    public double Jitter { get; set; } = 0.1;

    /// <summary>How long a rotated-out secret keeps signing next to the new one, unless the rotation names another overlap. Default 24 h.</summary>
    public TimeSpan RotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Origin for <c>photo_url</c> in payloads. Default: <c>Enrolment:PublicBaseUrl</c>, else the URL is relative.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Run the delivery loop and job on this node. Default true.</summary>
    public bool DeliveryEnabled { get; set; } = true;
}
