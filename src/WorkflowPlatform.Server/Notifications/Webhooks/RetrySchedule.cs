namespace WorkflowPlatform.Server.Notifications.Webhooks;

/// <summary>
/// When to try a webhook delivery again: the Standard Webhooks schedule (immediately, 5 s, 5 min, 30 min,
/// 2 h, 5 h, 10 h, 14 h, 20 h, 24 h) with ±10 % jitter, and a receiver's <c>Retry-After</c> honoured
/// when it asks for a later time (capped at 24 h).
/// </summary>
public sealed class RetrySchedule
{
    public static readonly IReadOnlyList<TimeSpan> Standard =
    [
        TimeSpan.Zero,
        TimeSpan.FromSeconds(5),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2),
        TimeSpan.FromHours(5),
        TimeSpan.FromHours(10),
        TimeSpan.FromHours(14),
        TimeSpan.FromHours(20),
        TimeSpan.FromHours(24),
    ];

    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromHours(24);
    private readonly IReadOnlyList<TimeSpan> _delays;
    private readonly double _jitter;

    public RetrySchedule(IReadOnlyList<TimeSpan>? delays = null, double jitter = 0.1)
    {
        _delays = delays ?? Standard;
        _jitter = jitter;
    }

    /// <summary>How many attempts the schedule allows in all (the first one included).</summary>
    public int MaxAttempts => _delays.Count;

    /// <summary>
    /// The delay before attempt number <paramref name="attempt"/> (1-based; attempt 1 is immediate),
    /// or null when the schedule is exhausted.
    /// </summary>
    public TimeSpan? DelayBefore(int attempt, TimeSpan? retryAfter = null, Random? random = null)
    {
        if (attempt < 1 || attempt > _delays.Count)
            return null;
        var delay = _delays[attempt - 1];
        if (delay > TimeSpan.Zero && _jitter > 0)
        {
            var factor = 1 + ((random ?? Random.Shared).NextDouble() * 2 - 1) * _jitter;
            delay = TimeSpan.FromMilliseconds(delay.TotalMilliseconds * factor);
        }
        if (retryAfter is { } asked && asked > delay)
            delay = asked < MaxRetryAfter ? asked : MaxRetryAfter;
        return delay;
    }
}
