namespace WorkflowPlatform.Server.Retention;

/// <summary>How long request data is kept. Section <c>Retention</c>; validated at start-up.</summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>
    /// Days after a request finished (completed, failed, expired, cancelled) before its capture images are deleted.
    /// Photos assigned to a user profile are copies outside the request and stay until the user is erased. Default 30; 1–36500.
    /// </summary>
    public int RequestImagesDays { get; set; } = 30;

    /// <summary>
    /// Days after a request finished before its row, bookmarks and journal are deleted; null (an empty value) keeps them.
    /// Must not be shorter than <see cref="RequestImagesDays"/>. Default 365.
    /// </summary>
    public int? FinishedRequestsDays { get; set; } = 365;

    /// <summary>How often the retention job runs (Quartz, one node of the cluster at a time). Default 1 hour; at least 1 second.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Requests handled per pass and run (images, then rows), so one run stays short. Default 500; 1–10000.</summary>
    public int BatchSize { get; set; } = 500;

    internal const int MaxDays = 36_500;
}
