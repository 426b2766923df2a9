using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Tests.Support;
using Xunit;

namespace WorkflowPlatform.Engine.Tests.Execution;

/// <summary>A crash is simulated by cancelling the run while a module is blocked: nothing after the last checkpoint is saved.</summary>
public sealed class SweeperTests : IDisposable
{
    private readonly EngineHarness _harness = new(o => o.StuckAfter = TimeSpan.FromMinutes(5));

    public void Dispose() => _harness.Dispose();

    private async Task<string> CrashDuringStartAsync(string workflow, Func<string, int> runs)
    {
        using var crash = new CancellationTokenSource();
        var id = Guid.NewGuid().ToString("N");
        var run = _harness.Engine.StartAsync(new StartRequest { WorkspaceId = EngineHarness.Workspace, Workflow = workflow, InstanceId = id }, crash.Token);
        await WaitUntilAsync(() => Task.FromResult(runs(id) == 1));
        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        return id;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 500 && !await condition(); i++)
        {
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task SweepAsync_RunningInstanceOfDeadProcess_ResumesAndCompletes()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/crash.json"));
        var id = await CrashDuringStartAsync("crash", _harness.Get<CrashOnceModule>().Runs);
        Assert.Equal(InstanceStatus.Running, (await _harness.Instances.GetAsync(id))!.Status);

        var early = await _harness.Sweeper.SweepAsync();
        _harness.Time.Advance(TimeSpan.FromMinutes(6));
        var report = await _harness.Sweeper.SweepAsync();

        Assert.Equal(0, early.Resumed);
        Assert.Equal(1, report.Resumed);
        var stored = await _harness.Instances.GetAsync(id);
        Assert.Equal((InstanceStatus.Completed, WorkflowOutcome.Approved, 1), (stored!.Status, stored.Outcome, stored.RecoveryCount));
        Assert.Equal(2, _harness.Get<CrashOnceModule>().Runs(id));
        Assert.Contains(await _harness.Instances.GetJournalAsync(id), j => j.Reason == "recovery: restarting at node 'work'");
    }

    [Fact]
    public async Task SweepAsync_InterruptedSideEffect_FailsInsteadOfRepeatingIt()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/crash-effect.json"));
        var id = await CrashDuringStartAsync("crash-effect", _harness.Get<CrashOnceEffectModule>().Runs);
        _harness.Time.Advance(TimeSpan.FromMinutes(6));

        var report = await _harness.Sweeper.SweepAsync();

        Assert.Equal(1, report.Failed);
        var stored = await _harness.Instances.GetAsync(id);
        Assert.Equal((InstanceStatus.Failed, EngineErrorCodes.Interrupted), (stored!.Status, stored.ErrorCode));
        Assert.Equal(1, _harness.Get<CrashOnceEffectModule>().Runs(id));
    }

    [Fact]
    public async Task SweepAsync_InterruptedSideEffectWhenRetryAllowed_RunsItAgain()
    {
        using var harness = new EngineHarness(o => o.RetryInterruptedSideEffects = true);
        await harness.PublishAsync(Fixtures.Load("Execution/Fixtures/crash-effect.json"));
        using var crash = new CancellationTokenSource();
        var run = harness.Engine.StartAsync(new StartRequest { WorkspaceId = EngineHarness.Workspace, Workflow = "crash-effect", InstanceId = "x1" }, crash.Token);
        await WaitUntilAsync(async () => harness.Get<CrashOnceEffectModule>().Runs("x1") == 1);
        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        harness.Time.Advance(TimeSpan.FromMinutes(6));

        var report = await harness.Sweeper.SweepAsync();

        Assert.Equal(1, report.Resumed);
        Assert.Equal(InstanceStatus.Completed, (await harness.Instances.GetAsync("x1"))!.Status);
    }

    [Fact]
    public async Task SweepAsync_ResumeDiedAfterSideEffectingCaptureCommitted_ContinuesFromNextNode()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/capture-then-crash.json"));
        var started = await _harness.StartAsync("capture-then-crash");
        using var crash = new CancellationTokenSource();
        var resume = _harness.Engine.ResumeAsync(started.InstanceId, "capture", new Dictionary<string, object?> { ["score"] = 0.7 }, "submit-1", crash.Token);
        await WaitUntilAsync(() => Task.FromResult(_harness.Get<CrashOnceModule>().Runs(started.InstanceId) == 1));
        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => resume);
        _harness.Time.Advance(TimeSpan.FromMinutes(6));

        var report = await _harness.Sweeper.SweepAsync();
        var replay = await _harness.Engine.ResumeAsync(started.InstanceId, "capture", new Dictionary<string, object?> { ["score"] = 0.7 }, "submit-1");

        Assert.Equal(1, report.Resumed);
        Assert.Equal(1, _harness.Get<CaptureModule>().Resumes[started.InstanceId]);
        Assert.True(replay.Replayed);
        Assert.Equal(InstanceStatus.Completed, replay.Status);
    }

    [Fact]
    public async Task SweepAsync_ResumeDiedInsideResumedNode_ReopensBookmarkForTheSameKey()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/interactive-crash.json"));
        var started = await _harness.StartAsync("interactive-crash");
        var module = _harness.Get<InteractiveCrashModule>();
        using var crash = new CancellationTokenSource();
        var resume = _harness.Engine.ResumeAsync(started.InstanceId, "input", null, "submit-1", crash.Token);
        await WaitUntilAsync(() => Task.FromResult(module.Runs(started.InstanceId) == 1));
        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => resume);
        _harness.Time.Advance(TimeSpan.FromMinutes(6));

        var report = await _harness.Sweeper.SweepAsync();
        var reopened = await _harness.Instances.GetAsync(started.InstanceId);
        var again = await _harness.Engine.ResumeAsync(started.InstanceId, "input", null, "submit-1");

        Assert.Equal(1, report.Reopened);
        Assert.Equal((InstanceStatus.AwaitingInput, null), (reopened!.Status, reopened.ActiveBookmark));
        Assert.False(again.Replayed);
        Assert.Equal(InstanceStatus.Completed, again.Status);
        Assert.Equal(2, module.Runs(started.InstanceId));
    }

    [Fact]
    public async Task SweepAsync_RecoveredTooOften_FailsWithRecoveryExhausted()
    {
        using var harness = new EngineHarness(o => o.MaxRecoveries = 0);
        await harness.PublishAsync(Fixtures.Load("Execution/Fixtures/crash.json"));
        using var crash = new CancellationTokenSource();
        var run = harness.Engine.StartAsync(new StartRequest { WorkspaceId = EngineHarness.Workspace, Workflow = "crash", InstanceId = "x2" }, crash.Token);
        await WaitUntilAsync(() => Task.FromResult(harness.Get<CrashOnceModule>().Runs("x2") == 1));
        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        harness.Time.Advance(TimeSpan.FromMinutes(6));

        var report = await harness.Sweeper.SweepAsync();

        Assert.Equal(1, report.Failed);
        Assert.Equal(EngineErrorCodes.RecoveryExhausted, (await harness.Instances.GetAsync("x2"))!.ErrorCode);
    }

    [Fact]
    public async Task SweepAsync_TwoSweepersAtOnce_RecoverTheInstanceOnce()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/crash.json"));
        var id = await CrashDuringStartAsync("crash", _harness.Get<CrashOnceModule>().Runs);
        _harness.Time.Advance(TimeSpan.FromMinutes(6));

        var reports = await Task.WhenAll(Task.Run(() => _harness.Sweeper.SweepAsync()), Task.Run(() => _harness.Sweeper.SweepAsync()));

        Assert.Equal(1, reports.Sum(r => r.Resumed));
        Assert.Equal(2, _harness.Get<CrashOnceModule>().Runs(id));
    }
}
