using Xunit;
using WorkflowPlatform.Server.Notifications.Webhooks;

namespace WorkflowPlatform.Server.Tests.Notifications;

public class RetryScheduleTests
{
    [Fact]
    public void DelayBefore_WithoutJitter_FollowsTheStandardSchedule()
    {
        var schedule = new RetrySchedule(jitter: 0);

        var delays = Enumerable.Range(1, 10).Select(a => schedule.DelayBefore(a)!.Value).ToArray();

        Assert.Equal(
            new[] { 0, 5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400 },
            delays.Select(d => (int)d.TotalSeconds).ToArray());
        Assert.Null(schedule.DelayBefore(11));
    }

    [Fact]
    public void DelayBefore_WithJitter_StaysWithinTenPercent()
    {
        var schedule = new RetrySchedule();
        var random = new Random(42);

        for (var i = 0; i < 1000; i++)
        {
            var delay = schedule.DelayBefore(3, random: random)!.Value.TotalSeconds;
            Assert.InRange(delay, 270, 330);
        }
    }

    [Fact]
    public void DelayBefore_RetryAfterLongerThanSchedule_IsHonoured()
    {
        var schedule = new RetrySchedule(jitter: 0);

        Assert.Equal(TimeSpan.FromSeconds(120), schedule.DelayBefore(2, retryAfter: TimeSpan.FromSeconds(120)));
        Assert.Equal(TimeSpan.FromMinutes(5), schedule.DelayBefore(3, retryAfter: TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.FromHours(24), schedule.DelayBefore(2, retryAfter: TimeSpan.FromDays(30)));
    }
}
