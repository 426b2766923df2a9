using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Tests.Support;
using Xunit;

namespace WorkflowPlatform.Engine.Tests.Execution;

public sealed class ExecutionTests : IDisposable
{
    private readonly EngineHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private static Dictionary<string, object?> Metadata(params (string Key, object? Value)[] values)
        => new() { ["metadata"] = values.ToDictionary(v => v.Key, v => v.Value) };

    [Fact]
    public async Task StartAsync_RuleFalseAndDisabledNodes_SkipsThemAndJournalsWhy()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/skip-and-branch.json"));

        var run = await _harness.StartAsync("skip-and-branch", Metadata(("country", "DE")));

        Assert.Equal(InstanceStatus.Completed, run.Status);
        Assert.False(run.Result.ContainsKey("gate"));
        Assert.False(run.Result.ContainsKey("off"));
        var journal = await _harness.Instances.GetJournalAsync(run.InstanceId);
        var gate = journal.Single(j => j.NodeId == "gate");
        Assert.Equal((JournalStatus.Skipped, "rule false", "request.force_onboarding", "skipped"), (gate.Status, gate.Reason, gate.Rule, gate.Port));
        Assert.False(gate.RuleValue!.GetValue<bool>());
        var off = journal.Single(j => j.NodeId == "off");
        // No skipped edge drawn from 'off': the flow continues on done.
        Assert.Equal((JournalStatus.Skipped, "disabled", "done"), (off.Status, off.Reason, off.Port));
        Assert.Null(off.RuleValue);
        Assert.Equal(["gate", "off", "decide", "end_de"], journal.Select(j => j.NodeId!).ToArray());
        Assert.Equal([1, 2, 3, 4], journal.Select(j => j.Sequence).ToArray());
    }

    [Fact]
    public async Task StartAsync_RuleTrue_RunsNodeAndJournalsRuleValue()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/skip-and-branch.json"));

        var run = await _harness.StartAsync("skip-and-branch", new() { ["force_onboarding"] = true });

        Assert.Equal("ran", run.Result["gate"]);
        var gate = (await _harness.Instances.GetJournalAsync(run.InstanceId)).Single(j => j.NodeId == "gate");
        Assert.Equal((JournalStatus.Ran, "done"), (gate.Status, gate.Port));
        Assert.True(gate.RuleValue!.GetValue<bool>());
    }

    [Theory]
    [InlineData("DE", 30L, "german", WorkflowOutcome.Approved)]
    [InlineData("FR", 30L, "adult", WorkflowOutcome.Review)]
    [InlineData("FR", 12L, "else", WorkflowOutcome.Declined)]
    [InlineData("FR", null, "else", WorkflowOutcome.Declined)]
    public async Task StartAsync_Decision_TakesFirstTrueBranchOrElse(string country, long? age, string branch, WorkflowOutcome outcome)
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/skip-and-branch.json"));
        var metadata = age is null ? Metadata(("country", country)) : Metadata(("country", country), ("age", age));

        var run = await _harness.StartAsync("skip-and-branch", metadata);

        Assert.Equal(InstanceStatus.Completed, run.Status);
        Assert.Equal(outcome, run.Outcome);
        var decide = (await _harness.Instances.GetJournalAsync(run.InstanceId)).Single(j => j.NodeId == "decide");
        Assert.Equal(branch, decide.Port);
        Assert.Equal(branch, decide.Outputs!["branch"]!.GetValue<string>());
    }

    [Fact]
    public async Task ResumeAsync_CaptureSubmitted_ContinuesToOutcomeWithOutputsInRules()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/capture.json"));
        var started = await _harness.StartAsync("capture");

        var resumed = await _harness.Engine.ResumeAsync(started.InstanceId, "capture", new Dictionary<string, object?> { ["score"] = 0.93, ["template"] = "AAEC" }, "key-1");

        Assert.Equal((InstanceStatus.AwaitingInput, "capture"), (started.Status, started.Bookmark));
        Assert.Equal((InstanceStatus.Completed, WorkflowOutcome.Approved), (resumed.Status, resumed.Outcome));
        Assert.Equal(0.93, resumed.Result["score"]);
        Assert.False(resumed.Replayed);
        var stored = await _harness.Instances.GetAsync(started.InstanceId);
        Assert.Equal(0.93, stored!.Context.Modules["capture"]["score"]);
        Assert.Null(stored.CurrentNodeId);
    }

    [Fact]
    public async Task ResumeAsync_LowScore_TakesElseBranchToReview()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/capture.json"));
        var started = await _harness.StartAsync("capture");

        var resumed = await _harness.Engine.ResumeAsync(started.InstanceId, "capture", new Dictionary<string, object?> { ["score"] = 0.2 }, "k");

        Assert.Equal(WorkflowOutcome.Review, resumed.Outcome);
    }

    [Fact]
    public async Task ResumeAsync_ModuleFails_FollowsFailedPort()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/capture.json"));
        var started = await _harness.StartAsync("capture");

        var resumed = await _harness.Engine.ResumeAsync(started.InstanceId, "capture", new Dictionary<string, object?> { ["error"] = "FACE_NOT_FOUND" }, "k");

        Assert.Equal((InstanceStatus.Completed, WorkflowOutcome.Declined), (resumed.Status, resumed.Outcome));
        var step = (await _harness.Instances.GetJournalAsync(started.InstanceId)).Last(j => j.NodeId == "capture");
        Assert.Equal((JournalStatus.Failed, "failed", "FACE_NOT_FOUND"), (step.Status, step.Port, step.ErrorCode));
    }

    [Fact]
    public async Task ResumeAsync_SameIdempotencyKeyTwice_ReplaysFirstAnswerWithoutRunningAgain()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/capture.json"));
        var started = await _harness.StartAsync("capture");
        var input = new Dictionary<string, object?> { ["score"] = 0.9 };

        var first = await _harness.Engine.ResumeAsync(started.InstanceId, "capture", input, "same");
        var second = await _harness.Engine.ResumeAsync(started.InstanceId, "capture", input, "same");

        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal((first.Status, first.Outcome), (second.Status, second.Outcome));
        Assert.Equal(1, _harness.Get<CaptureModule>().Resumes[started.InstanceId]);
    }

    [Fact]
    public async Task ResumeAsync_ConsumedBookmarkOtherKey_ThrowsBookmarkConsumed()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/capture.json"));
        var started = await _harness.StartAsync("capture");
        await _harness.Engine.ResumeAsync(started.InstanceId, "capture", new Dictionary<string, object?> { ["score"] = 0.9 }, "first");

        var e = await Assert.ThrowsAsync<WorkflowEngineException>(
            () => _harness.Engine.ResumeAsync(started.InstanceId, "capture", new Dictionary<string, object?> { ["score"] = 0.9 }, "second"));

        Assert.Equal(EngineErrorCodes.BookmarkConsumed, e.Code);
    }

    [Fact]
    public async Task ResumeAsync_UnknownBookmarkInstanceOrKey_ClearCodes()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/capture.json"));
        var started = await _harness.StartAsync("capture");

        var bookmark = await Assert.ThrowsAsync<WorkflowEngineException>(() => _harness.Engine.ResumeAsync(started.InstanceId, "nope", null, "k"));
        var instance = await Assert.ThrowsAsync<WorkflowEngineException>(() => _harness.Engine.ResumeAsync("missing", "capture", null, "k"));
        var key = await Assert.ThrowsAsync<WorkflowEngineException>(() => _harness.Engine.ResumeAsync(started.InstanceId, "capture", null, new string('k', 201)));

        Assert.Equal(EngineErrorCodes.BookmarkNotFound, bookmark.Code);
        Assert.Equal(EngineErrorCodes.InstanceNotFound, instance.Code);
        Assert.Equal(EngineErrorCodes.IdempotencyKeyInvalid, key.Code);
    }

    [Fact]
    public async Task ResumeAsync_ConcurrentResumesWithDifferentKeys_ExactlyOneRuns()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/capture.json"));
        var capture = _harness.Get<CaptureModule>();
        for (var round = 0; round < 20; round++)
        {
            var started = await _harness.StartAsync("capture");
            using var gate = new ManualResetEventSlim();
            var tasks = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
            {
                gate.Wait();
                try
                {
                    return (object)await _harness.Engine.ResumeAsync(started.InstanceId, "capture", new Dictionary<string, object?> { ["score"] = 0.9 }, $"key-{i}");
                }
                catch (WorkflowEngineException e)
                {
                    return e.Code;
                }
            })).ToArray();
            gate.Set();
            var results = await Task.WhenAll(tasks);

            Assert.Single(results.OfType<RunResult>());
            Assert.All(results.OfType<string>(), code => Assert.Contains(code, new[] { EngineErrorCodes.BookmarkConsumed, EngineErrorCodes.InstanceFinished }));
            Assert.Equal(1, capture.Resumes[started.InstanceId]);
            Assert.Equal(InstanceStatus.Completed, (await _harness.Instances.GetAsync(started.InstanceId))!.Status);
        }
    }

    [Fact]
    public async Task ResumeAsync_AfterNewVersionPublished_RunsOnPinnedVersion()
    {
        var v1 = await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/pinned-v1.json"));
        var old = await _harness.StartAsync("pinned");
        var v2 = await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/pinned-v2.json"));
        var young = await _harness.StartAsync("pinned");

        var oldDone = await _harness.Engine.ResumeAsync(old.InstanceId, "capture", null, "k");
        var youngDone = await _harness.Engine.ResumeAsync(young.InstanceId, "capture", null, "k");

        Assert.Equal(WorkflowOutcome.Approved, oldDone.Outcome);
        Assert.Equal(WorkflowOutcome.Declined, youngDone.Outcome);
        var stored = await _harness.Instances.GetAsync(old.InstanceId);
        Assert.Equal((1, v1.Hash), (stored!.DefinitionVersion, stored.DefinitionHash));
        Assert.Equal(v2.Hash, (await _harness.Instances.GetAsync(young.InstanceId))!.DefinitionHash);
        Assert.NotEqual(v1.Hash, v2.Hash);
    }

    [Fact]
    public async Task StartAsync_UnpublishedOrMissingWorkflow_ClearCodes()
    {
        await _harness.Definitions.SaveDraftAsync(EngineHarness.Workspace, Fixtures.Load("Execution/Fixtures/capture.json"));

        var draft = await Assert.ThrowsAsync<WorkflowEngineException>(() => _harness.StartAsync("capture"));
        var missing = await Assert.ThrowsAsync<WorkflowEngineException>(() => _harness.StartAsync("nothing"));

        Assert.Equal(EngineErrorCodes.WorkflowNotPublished, draft.Code);
        Assert.Equal(EngineErrorCodes.WorkflowNotFound, missing.Code);
    }

    [Fact]
    public async Task Journal_SensitiveOutput_IsRedacted()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/capture.json"));
        var started = await _harness.StartAsync("capture");

        await _harness.Engine.ResumeAsync(started.InstanceId, "capture", new Dictionary<string, object?> { ["score"] = 0.9, ["template"] = "SECRET-BYTES" }, "k");

        var step = (await _harness.Instances.GetJournalAsync(started.InstanceId)).Single(j => j.NodeId == "capture" && j.Status == JournalStatus.Ran);
        Assert.Equal("***", step.Outputs!["template"]!.GetValue<string>());
        Assert.Equal(0.9, step.Outputs["score"]!.GetValue<double>());
        Assert.DoesNotContain("SECRET-BYTES", System.Text.Json.JsonSerializer.Serialize(step.Outputs), StringComparison.Ordinal);
        // The value itself stays available to later rules.
        Assert.Equal("SECRET-BYTES", (await _harness.Instances.GetAsync(started.InstanceId))!.Context.Modules["capture"]["template"]);
    }

    [Fact]
    public async Task CancelAsync_WaitingInstance_CancelsAndRefusesResume()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/capture.json"));
        var started = await _harness.StartAsync("capture");

        var cancelled = await _harness.Engine.CancelAsync(started.InstanceId, "client asked");
        var e = await Assert.ThrowsAsync<WorkflowEngineException>(() => _harness.Engine.ResumeAsync(started.InstanceId, "capture", null, "k"));

        Assert.Equal(InstanceStatus.Cancelled, cancelled.Status);
        Assert.Equal(EngineErrorCodes.InstanceCancelled, e.Code);
    }

    [Fact]
    public async Task StartAsync_RuleReadsMissingMetadataKey_FailsStepWithRuleCodeInJournal()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/skip-and-branch.json"));

        var run = await _harness.StartAsync("skip-and-branch");

        // decide has no failed edge, so the instance fails; the journal names the rule error.
        Assert.Equal(InstanceStatus.Failed, run.Status);
        var step = (await _harness.Instances.GetJournalAsync(run.InstanceId)).Single(j => j.NodeId == "decide");
        Assert.Equal((JournalStatus.Failed, "RULE_NO_SUCH_KEY"), (step.Status, step.ErrorCode));
        Assert.Equal("RULE_NO_SUCH_KEY", run.ErrorCode);
    }

    [Fact]
    public async Task StartAsync_ManyInParallel_EachRunsItsOwnContext()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/skip-and-branch.json"));
        var countries = new[] { "DE", "FR" };

        var runs = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            _harness.StartAsync("skip-and-branch", Metadata(("country", countries[i % 2]), ("age", (long)(i % 40)))))));

        for (var i = 0; i < runs.Length; i++)
        {
            var expected = i % 2 == 0 ? WorkflowOutcome.Approved : (i % 40) >= 18 ? WorkflowOutcome.Review : WorkflowOutcome.Declined;
            Assert.Equal((InstanceStatus.Completed, expected), (runs[i].Status, runs[i].Outcome));
        }

        Assert.Equal(200, runs.Select(r => r.InstanceId).Distinct().Count());
    }

    [Fact]
    public async Task StartAsync_TimestampAsIsoString_IsATimestampForRules()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/capture.json"));

        var run = await _harness.StartAsync("capture", user: new() { ["is_new"] = false, ["registered_at"] = "2024-02-03T04:05:06Z" });

        var stored = await _harness.Instances.GetAsync(run.InstanceId);
        Assert.Equal(new DateTimeOffset(2024, 2, 3, 4, 5, 6, TimeSpan.Zero), stored!.Context.User["registered_at"]);
        Assert.IsType<DateTimeOffset>(stored.Context.Request["created_at"]);
    }

    [Fact]
    public async Task ResumeAsync_InputWithBytes_ReachesModuleUnpersisted()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/echo.json"));
        var started = await _harness.StartAsync("echo");

        var done = await _harness.Engine.ResumeAsync(started.InstanceId, "input", new Dictionary<string, object?> { ["value"] = new byte[] { 1, 2, 3 } }, "k");

        Assert.Equal(InstanceStatus.Completed, done.Status);
        Assert.Equal(3L, (await _harness.Instances.GetAsync(started.InstanceId))!.Context.Modules["echo"]["length"]);
    }

    [Fact]
    public async Task ResumeAsync_ModuleOutputsNonRuleValue_FailsStepWithModuleError()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/echo.json"));
        var started = await _harness.StartAsync("echo");

        var done = await _harness.Engine.ResumeAsync(started.InstanceId, "input", new Dictionary<string, object?> { ["value"] = new byte[] { 1 }, ["leak"] = true }, "k");

        Assert.Equal((InstanceStatus.Failed, EngineErrorCodes.ModuleError), (done.Status, done.ErrorCode));
        Assert.Contains("not a rule value", done.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_StepsOverLimit_FailsWithStepLimit()
    {
        using var harness = new EngineHarness(o => o.MaxStepsPerRun = 2);
        await harness.PublishAsync(Fixtures.Load("Execution/Fixtures/skip-and-branch.json"));

        var run = await harness.StartAsync("skip-and-branch");

        Assert.Equal((InstanceStatus.Failed, EngineErrorCodes.StepLimitExceeded), (run.Status, run.ErrorCode));
    }
}
