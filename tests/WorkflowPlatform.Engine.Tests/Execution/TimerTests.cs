using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Scheduling;
using WorkflowPlatform.Engine.Tests.Support;
using Xunit;

namespace WorkflowPlatform.Engine.Tests.Execution;

public sealed class TimerTests : IDisposable
{
    private readonly EngineHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task WaitNode_LoopThroughWaitThreeTimes_ResumedByScheduler()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/wait-loop.json"));
        var run = await _harness.StartAsync("wait-loop");
        Assert.Equal((InstanceStatus.AwaitingInput, "wait"), (run.Status, run.Bookmark));

        _harness.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await _harness.Scheduler.FireDueAsync(_harness.Engine));
        for (var lap = 0; lap < 3; lap++)
        {
            _harness.Time.Advance(TimeSpan.FromSeconds(61));
            Assert.Equal(1, await _harness.Scheduler.FireDueAsync(_harness.Engine));
        }

        var stored = await _harness.Instances.GetAsync(run.InstanceId);
        Assert.Equal((InstanceStatus.Completed, WorkflowOutcome.Approved), (stored!.Status, stored.Outcome));
        Assert.Equal(3L, stored.Context.Result["n"]);
        Assert.Empty(_harness.Scheduler.Pending);
    }

    [Fact]
    public async Task ResumeTimerAsync_FiredTwice_SecondIsIgnored()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/wait-loop.json"));
        var run = await _harness.StartAsync("wait-loop");
        var bookmark = (await _harness.Instances.GetAsync(run.InstanceId))!.Bookmarks.Single().Name;
        _harness.Time.Advance(TimeSpan.FromMinutes(1));

        var first = await _harness.Engine.ResumeTimerAsync(run.InstanceId, bookmark);
        var again = await _harness.Engine.ResumeTimerAsync(run.InstanceId, bookmark);

        Assert.False(first!.Replayed);
        Assert.True(again!.Replayed);
        var n = (await _harness.Instances.GetAsync(run.InstanceId))!.Context.Result["n"];
        Assert.True(1L.Equals(n), $"{n} ({n?.GetType()})");
    }

    [Fact]
    public async Task ExpireAsync_TtlPassedWhileWaiting_ExpiresAndResumeIsRefused()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/capture.json"));
        var run = await _harness.StartAsync("capture", ttl: TimeSpan.FromMinutes(15));
        Assert.Contains(_harness.Scheduler.Pending, t => t.Kind == TimerKind.Expire && t.InstanceId == run.InstanceId);

        _harness.Time.Advance(TimeSpan.FromMinutes(14));
        await _harness.Scheduler.FireDueAsync(_harness.Engine);
        Assert.Equal(InstanceStatus.AwaitingInput, (await _harness.Instances.GetAsync(run.InstanceId))!.Status);
        _harness.Time.Advance(TimeSpan.FromMinutes(2));
        await _harness.Scheduler.FireDueAsync(_harness.Engine);

        var stored = await _harness.Instances.GetAsync(run.InstanceId);
        Assert.Equal((InstanceStatus.Expired, EngineErrorCodes.InstanceExpired), (stored!.Status, stored.ErrorCode));
        var e = await Assert.ThrowsAsync<WorkflowEngineException>(() => _harness.Engine.ResumeAsync(run.InstanceId, "capture", null, "late"));
        Assert.Equal(EngineErrorCodes.InstanceExpired, e.Code);
        Assert.Contains(await _harness.Instances.GetJournalAsync(run.InstanceId), j => j.Status == JournalStatus.Event && j.Reason!.StartsWith("expired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ExpireAsync_BeforeTtl_LeavesInstanceAlone()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/capture.json"));
        var run = await _harness.StartAsync("capture", ttl: TimeSpan.FromMinutes(15));

        var result = await _harness.Engine.ExpireAsync(run.InstanceId);

        Assert.Equal(InstanceStatus.AwaitingInput, result.Status);
    }

    [Fact]
    public async Task SweepAsync_ExpiredInstanceWithLostTimer_ExpiresIt()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/capture.json"));
        var run = await _harness.StartAsync("capture", ttl: TimeSpan.FromMinutes(5));
        await _harness.Scheduler.CancelAsync(run.InstanceId); // the timer store lost it
        _harness.Time.Advance(TimeSpan.FromMinutes(6));

        var report = await _harness.Sweeper.SweepAsync();

        Assert.Equal(1, report.Expired);
        Assert.Equal(InstanceStatus.Expired, (await _harness.Instances.GetAsync(run.InstanceId))!.Status);
    }

    [Fact]
    public async Task SweepAsync_WaitTimerLost_FiresItAfterGrace()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/wait-loop.json"));
        var run = await _harness.StartAsync("wait-loop");
        await _harness.Scheduler.CancelAsync(run.InstanceId); // the trigger was lost
        _harness.Time.Advance(TimeSpan.FromMinutes(2));
        var early = await _harness.Sweeper.SweepAsync();
        _harness.Time.Advance(TimeSpan.FromMinutes(5));

        var report = await _harness.Sweeper.SweepAsync();

        Assert.Equal(0, early.TimersFired);
        Assert.Equal(1, report.TimersFired);
        Assert.Equal(1L, (await _harness.Instances.GetAsync(run.InstanceId))!.Context.Result["n"]);
    }

    [Fact]
    public async Task CompletedInstance_HasNoPendingTimers()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/capture.json"));
        var run = await _harness.StartAsync("capture", ttl: TimeSpan.FromMinutes(5));

        await _harness.Engine.ResumeAsync(run.InstanceId, "capture", new Dictionary<string, object?> { ["score"] = 1.0 }, "k");

        Assert.DoesNotContain(_harness.Scheduler.Pending, t => t.InstanceId == run.InstanceId);
    }
}
