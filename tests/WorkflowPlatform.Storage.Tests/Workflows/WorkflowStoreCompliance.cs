using Microsoft.Extensions.DependencyInjection;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Persistence;
using WorkflowPlatform.Testing;
using Xunit;

namespace WorkflowPlatform.Storage.Tests.Workflows;

/// <summary>
/// The engine's store contract (<see cref="IWorkflowDefinitionStore"/>, <see cref="IWorkflowInstanceStore"/>)
/// against each database: one abstract class, one subclass per provider. Every test gets a fresh database.
/// </summary>
public abstract class WorkflowStoreCompliance(TestDatabase kind) : IAsyncLifetime
{
    private WorkflowStorageHarness _h = null!;
    private string _ws = null!;

    public async Task InitializeAsync()
    {
        _h = await WorkflowStorageHarness.StartAsync(kind);
        _ws = await _h.CreateWorkspaceAsync();
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task StartAsync_NonInteractiveWorkflow_PersistsCompletedInstanceAndJournal()
    {
        await _h.PublishFixtureAsync(_ws, "five");

        var result = await _h.Engine.StartAsync(WorkflowStorageHarness.Request(_ws, "five"));

        var stored = await _h.Instances.GetAsync(result.InstanceId);
        Assert.NotNull(stored);
        Assert.Equal((InstanceStatus.Completed, WorkflowOutcome.Approved), (stored.Status, stored.Outcome));
        Assert.Equal(61L, stored.Context.Result["score"]);
        Assert.Equal(true, stored.Context.Result["german"]);
        Assert.Equal("de-DE", stored.Context.Request["locale"]);
        Assert.Equal(_ws, stored.WorkspaceId);
        Assert.Equal(_h.Time.GetUtcNow(), stored.FinishedAt);
        var journal = await _h.Instances.GetJournalAsync(result.InstanceId);
        Assert.Equal(["country", "route", "score", "skip", "end"], journal.Select(j => j.NodeId));
        Assert.Equal([1, 2, 3, 4, 5], journal.Select(j => j.Sequence));
        Assert.Equal(JournalStatus.Skipped, journal[3].Status);
        Assert.Equal("disabled", journal[3].Reason);
        Assert.Equal("de", journal[1].Port);
        Assert.True(journal[2].RuleValue!.GetValue<bool>());
        Assert.Equal("de", journal[1].Outputs!["branch"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetAsync_SuspendedInstance_RoundTripsBookmarkPayloadSnapshotAndVersion()
    {
        var version = await _h.PublishFixtureAsync(_ws, "ask");

        var started = await _h.Engine.StartAsync(WorkflowStorageHarness.Request(_ws, "ask", ttl: TimeSpan.FromMinutes(30)));

        var stored = await _h.Instances.GetAsync(started.InstanceId);
        Assert.NotNull(stored);
        Assert.Equal(InstanceStatus.AwaitingInput, stored.Status);
        Assert.Equal("input", started.Bookmark);
        var bookmark = Assert.Single(stored.Bookmarks);
        Assert.Equal(("input", "ask", (DateTimeOffset?)null), (bookmark.Name, bookmark.NodeId, bookmark.ConsumedAt));
        Assert.Equal(_h.Time.GetUtcNow(), bookmark.Payload["asked_at"]);
        Assert.Equal((version.Version, version.Hash), (stored.DefinitionVersion, stored.DefinitionHash));
        Assert.Equal(version.Hash, DefinitionSerializer.ComputeHash(DefinitionSerializer.Deserialize(stored.DefinitionSnapshot)));
        Assert.Equal(_h.Time.GetUtcNow().AddMinutes(30), stored.ExpiresAt);
        Assert.Equal(2, stored.ConcurrencyVersion);
    }

    [Fact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        Assert.Null(await _h.Instances.GetAsync("does-not-exist"));
    }

    [Fact]
    public async Task SaveAsync_StaleConcurrencyVersion_ThrowsAndChangesNothing()
    {
        await _h.PublishFixtureAsync(_ws, "ask");
        var started = await _h.Engine.StartAsync(WorkflowStorageHarness.Request(_ws, "ask"));
        var first = (await _h.Instances.GetAsync(started.InstanceId))!;
        var second = (await _h.Instances.GetAsync(started.InstanceId))!;
        first.ErrorMessage = "first";
        await _h.Instances.SaveAsync(first, []);

        second.ErrorMessage = "second";
        second.Bookmarks[0].ConsumedBy = "second";
        second.Bookmarks[0].ConsumedAt = _h.Time.GetUtcNow();
        var error = await Assert.ThrowsAsync<ConcurrencyException>(() => _h.Instances.SaveAsync(second, []));

        var stored = (await _h.Instances.GetAsync(started.InstanceId))!;
        Assert.Equal(started.InstanceId, error.InstanceId);
        Assert.Equal("first", stored.ErrorMessage);
        Assert.Null(stored.Bookmarks[0].ConsumedBy);
        Assert.Equal(first.ConcurrencyVersion, stored.ConcurrencyVersion);
    }

    [Fact]
    public async Task CreateAsync_DuplicateId_ThrowsConcurrencyException()
    {
        await _h.PublishFixtureAsync(_ws, "five");
        var request = WorkflowStorageHarness.Request(_ws, "five") with { InstanceId = "fixed-id" };
        await _h.Engine.StartAsync(request);

        var error = await Assert.ThrowsAsync<WorkflowEngineException>(() => _h.Engine.StartAsync(request));

        Assert.Equal(EngineErrorCodes.InstanceExists, error.Code);
    }

    [Fact]
    public async Task ResumeAsync_TwoConcurrentResumesFromTwoProcesses_ExactlyOneRuns()
    {
        await _h.PublishFixtureAsync(_ws, "ask");
        var other = _h.BuildEngine().GetRequiredService<WorkflowEngine>();
        for (var round = 0; round < 5; round++)
        {
            var started = await _h.Engine.StartAsync(WorkflowStorageHarness.Request(_ws, "ask"));
            using var gate = new ManualResetEventSlim();
            async Task<object> Resume(WorkflowEngine engine, string key, double score)
            {
                await Task.Yield();
                gate.Wait();
                try
                {
                    return await engine.ResumeAsync(started.InstanceId, "input", new Dictionary<string, object?> { ["score"] = score }, key);
                }
                catch (WorkflowEngineException e)
                {
                    return e;
                }
            }

            var a = Task.Run(() => Resume(_h.Engine, "key-a", 0.25));
            var b = Task.Run(() => Resume(other, "key-b", 0.5));
            gate.Set();
            var outcomes = await Task.WhenAll(a, b);

            var winners = outcomes.OfType<RunResult>().Where(r => !r.Replayed).ToList();
            var winner = Assert.Single(winners);
            var loser = Assert.IsType<WorkflowEngineException>(Assert.Single(outcomes, o => o is WorkflowEngineException));
            Assert.Contains(loser.Code, new[] { EngineErrorCodes.BookmarkConsumed, EngineErrorCodes.InstanceBusy, EngineErrorCodes.InstanceFinished });
            var stored = (await _h.Instances.GetAsync(started.InstanceId))!;
            Assert.Equal(InstanceStatus.Completed, stored.Status);
            Assert.Equal(winner.Result["score"], stored.Context.Result["score"]);
            var journal = await _h.Instances.GetJournalAsync(started.InstanceId);
            Assert.Single(journal, j => j.NodeId == "score");
            Assert.Equal(Enumerable.Range(1, journal.Count), journal.Select(j => j.Sequence));
        }
    }

    [Fact]
    public async Task ResumeAsync_SameIdempotencyKeyTwice_ReplaysTheStoredAnswer()
    {
        await _h.PublishFixtureAsync(_ws, "ask");
        var started = await _h.Engine.StartAsync(WorkflowStorageHarness.Request(_ws, "ask"));
        var input = new Dictionary<string, object?> { ["score"] = 0.75 };

        var first = await _h.Engine.ResumeAsync(started.InstanceId, "input", input, "same-key");
        var again = await _h.BuildEngine().GetRequiredService<WorkflowEngine>().ResumeAsync(started.InstanceId, "input", input, "same-key");
        var otherKey = await Assert.ThrowsAsync<WorkflowEngineException>(() => _h.Engine.ResumeAsync(started.InstanceId, "input", input, "other-key"));

        Assert.False(first.Replayed);
        Assert.True(again.Replayed);
        Assert.Equal((InstanceStatus.Completed, WorkflowOutcome.Approved), (again.Status, again.Outcome));
        Assert.Equal(1.5, again.Result["score"]);
        Assert.Equal(EngineErrorCodes.BookmarkConsumed, otherKey.Code);
        var bookmark = Assert.Single((await _h.Instances.GetAsync(started.InstanceId))!.Bookmarks);
        Assert.Equal(("same-key", InstanceStatus.Completed, WorkflowOutcome.Approved), (bookmark.ConsumedBy, bookmark.ResumeStatus, bookmark.ResumeOutcome));
    }

    [Fact]
    public async Task ResumeAsync_AfterNewVersionPublished_InstanceRunsOnItsPinnedVersion()
    {
        await _h.PublishFixtureAsync(_ws, "ask");
        var old = await _h.Engine.StartAsync(WorkflowStorageHarness.Request(_ws, "ask"));
        var v2 = await _h.PublishFixtureAsync(_ws, "ask", d => d with
        {
            Nodes = d.Nodes.Select(n => n.Id == "end" ? n with { Settings = new System.Text.Json.Nodes.JsonObject { ["outcome"] = "declined" } } : n).ToList(),
        });
        var fresh = await _h.Engine.StartAsync(WorkflowStorageHarness.Request(_ws, "ask"));

        var oldDone = await _h.Engine.ResumeAsync(old.InstanceId, "input", new Dictionary<string, object?> { ["score"] = 1.0 }, "k");
        var freshDone = await _h.Engine.ResumeAsync(fresh.InstanceId, "input", new Dictionary<string, object?> { ["score"] = 1.0 }, "k");

        Assert.Equal(2, v2.Version);
        Assert.Equal(WorkflowOutcome.Approved, oldDone.Outcome);
        Assert.Equal(WorkflowOutcome.Declined, freshDone.Outcome);
        Assert.Equal(1, (await _h.Instances.GetAsync(old.InstanceId))!.DefinitionVersion);
        Assert.Equal(2, (await _h.Instances.GetAsync(fresh.InstanceId))!.DefinitionVersion);
    }

    [Fact]
    public async Task ResumeAsync_DefinitionDeletedMeanwhile_StillRunsFromSnapshot()
    {
        await _h.PublishFixtureAsync(_ws, "ask");
        var started = await _h.Engine.StartAsync(WorkflowStorageHarness.Request(_ws, "ask"));
        Assert.True(await _h.DefinitionStore.DeleteAsync(_ws, "ask"));

        var done = await _h.BuildEngine().GetRequiredService<WorkflowEngine>()
            .ResumeAsync(started.InstanceId, "input", new Dictionary<string, object?> { ["score"] = 1.0 }, "k");

        Assert.Equal(InstanceStatus.Completed, done.Status);
    }

    [Fact]
    public async Task FindStuckAsync_OldRunningInstance_IsFoundAndSweeperCompletesIt()
    {
        await _h.PublishFixtureAsync(_ws, "five");
        var version = (await _h.DefinitionStore.GetPublishedAsync(_ws, "five"))!;
        var crashed = NewInstance(version, InstanceStatus.Running, "crashed", currentNode: "country");
        await _h.Instances.CreateAsync(crashed, []);
        await _h.PublishFixtureAsync(_ws, "ask");
        var waiting = await _h.Engine.StartAsync(WorkflowStorageHarness.Request(_ws, "ask"));

        var early = await _h.Instances.FindStuckAsync(_h.Time.GetUtcNow() - TimeSpan.FromMinutes(5), 10);
        _h.Time.Advance(TimeSpan.FromMinutes(6));
        var late = await _h.Instances.FindStuckAsync(_h.Time.GetUtcNow() - TimeSpan.FromMinutes(5), 10);
        var report = await _h.Sweeper.SweepAsync();

        Assert.Empty(early);
        Assert.Equal(["crashed"], late.Select(i => i.Id));
        Assert.Equal(1, report.Resumed);
        var stored = (await _h.Instances.GetAsync("crashed"))!;
        Assert.Equal((InstanceStatus.Completed, 1), (stored.Status, stored.RecoveryCount));
        Assert.Null((await _h.Instances.GetAsync(waiting.InstanceId))!.ErrorCode);
        Assert.Contains(await _h.Instances.GetJournalAsync("crashed"), j => j.Reason == "recovery: restarting at node 'country'");
    }

    [Fact]
    public async Task FindExpiredAsync_PastTtl_IsFoundAndSweeperExpiresIt()
    {
        await _h.PublishFixtureAsync(_ws, "ask");
        var shortLived = await _h.Engine.StartAsync(WorkflowStorageHarness.Request(_ws, "ask", ttl: TimeSpan.FromMinutes(10)));
        var longLived = await _h.Engine.StartAsync(WorkflowStorageHarness.Request(_ws, "ask", ttl: TimeSpan.FromHours(2)));
        var forever = await _h.Engine.StartAsync(WorkflowStorageHarness.Request(_ws, "ask"));

        var before = await _h.Instances.FindExpiredAsync(_h.Time.GetUtcNow(), 10);
        _h.Time.Advance(TimeSpan.FromMinutes(10));
        var due = await _h.Instances.FindExpiredAsync(_h.Time.GetUtcNow(), 10);
        var report = await _h.Sweeper.SweepAsync();
        var after = await _h.Instances.FindExpiredAsync(_h.Time.GetUtcNow(), 10);

        Assert.Empty(before);
        Assert.Equal([shortLived.InstanceId], due.Select(i => i.Id));
        Assert.Equal(1, report.Expired);
        Assert.Empty(after);
        Assert.Equal(InstanceStatus.Expired, (await _h.Instances.GetAsync(shortLived.InstanceId))!.Status);
        Assert.Equal(InstanceStatus.AwaitingInput, (await _h.Instances.GetAsync(longLived.InstanceId))!.Status);
        Assert.Equal(InstanceStatus.AwaitingInput, (await _h.Instances.GetAsync(forever.InstanceId))!.Status);
        var resume = await Assert.ThrowsAsync<WorkflowEngineException>(
            () => _h.Engine.ResumeAsync(shortLived.InstanceId, "input", null, "late"));
        Assert.Equal(EngineErrorCodes.InstanceExpired, resume.Code);
    }

    [Fact]
    public async Task QueryAsync_FiltersPagesAndIsolatesWorkspaces()
    {
        var otherWs = await _h.CreateWorkspaceAsync("other");
        await _h.PublishFixtureAsync(_ws, "five");
        await _h.PublishFixtureAsync(_ws, "ask");
        await _h.PublishFixtureAsync(otherWs, "five");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await _h.Engine.StartAsync(WorkflowStorageHarness.Request(_ws, "five", userId: i % 2 == 0 ? "even" : "odd"))).InstanceId);
            _h.Time.Advance(TimeSpan.FromSeconds(1));
        }

        var waiting = await _h.Engine.StartAsync(WorkflowStorageHarness.Request(_ws, "ask", userId: "even"));
        await _h.Engine.StartAsync(WorkflowStorageHarness.Request(otherWs, "five", userId: "even"));

        var all = await _h.Instances.QueryAsync(new InstanceQuery { WorkspaceId = _ws });
        var page = await _h.Instances.QueryAsync(new InstanceQuery { WorkspaceId = _ws, Workflow = "five", Skip = 1, Take = 2 });
        var even = await _h.Instances.QueryAsync(new InstanceQuery { WorkspaceId = _ws, UserId = "even", Status = InstanceStatus.Completed });
        var awaiting = await _h.Instances.QueryAsync(new InstanceQuery { WorkspaceId = _ws, Status = InstanceStatus.AwaitingInput });
        var window = await _h.Instances.QueryAsync(new InstanceQuery
        {
            WorkspaceId = _ws, Workflow = "five",
            From = new DateTimeOffset(2026, 11, 21, 12, 0, 1, TimeSpan.Zero), To = new DateTimeOffset(2026, 11, 21, 12, 0, 3, TimeSpan.Zero),
        });

        Assert.Equal(6, all.Total);
        Assert.Equal(waiting.InstanceId, all.Items[0].Id);
        Assert.Equal(5, page.Total);
        Assert.Equal([ids[3], ids[2]], page.Items.Select(i => i.Id));
        Assert.Equal(3, even.Total);
        Assert.Equal([waiting.InstanceId], awaiting.Items.Select(i => i.Id));
        Assert.Equal("input", Assert.Single(awaiting.Items[0].Bookmarks).Name);
        Assert.Equal([ids[2], ids[1]], window.Items.Select(i => i.Id));
        Assert.All(all.Items, i => Assert.Equal(_ws, i.WorkspaceId));
    }

    [Fact]
    public async Task DefinitionStore_PublishedVersion_IsFrozen()
    {
        var published = await _h.PublishFixtureAsync(_ws, "five");

        var error = await Assert.ThrowsAsync<DefinitionConflictException>(() => _h.DefinitionStore.SaveAsync(published with { Hash = "sha256:changed" }));
        var draft = await _h.Definitions.SaveDraftAsync(_ws, published.Definition with { Name = "Five (edited)" });

        Assert.Equal("DEFINITION_VERSION_FROZEN", error.Code);
        Assert.Equal(2, draft.Version);
        Assert.Equal(published.Hash, (await _h.DefinitionStore.GetAsync(_ws, "five", 1))!.Hash);
    }

    [Fact]
    public async Task DefinitionStore_ListVersionsAndSummaries_ReflectDraftsAndPublishedVersions()
    {
        var v1 = await _h.PublishFixtureAsync(_ws, "five");
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        await _h.Definitions.SaveDraftAsync(_ws, v1.Definition with { Description = "draft two" });
        await _h.PublishFixtureAsync(_ws, "ask");
        var otherWs = await _h.CreateWorkspaceAsync("other");
        await _h.PublishFixtureAsync(otherWs, "five");

        var list = await _h.DefinitionStore.ListAsync(_ws);
        var versions = await _h.DefinitionStore.ListVersionsAsync(_ws, "five");
        var latest = await _h.DefinitionStore.GetAsync(_ws, "five", null);
        var published = await _h.DefinitionStore.GetPublishedAsync(_ws, "five");

        Assert.Equal(["ask", "five"], list.Select(s => s.Key));
        var five = list[1];
        Assert.Equal((2, 1, "draft two"), (five.DraftVersion, five.PublishedVersion, five.Description));
        Assert.Equal(_h.Time.GetUtcNow(), five.UpdatedAt);
        Assert.Equal([(1, DefinitionStatus.Published), (2, DefinitionStatus.Draft)], versions.Select(v => (v.Version, v.Status)));
        Assert.Equal(2, latest!.Version);
        Assert.Equal((1, v1.Hash), (published!.Version, published.Hash));
        Assert.NotNull(published.PublishedAt);
        Assert.Null(await _h.DefinitionStore.GetAsync(_ws, "missing", null));
    }

    [Fact]
    public async Task DefinitionStore_Delete_RemovesEveryVersionOfOneWorkspaceOnly()
    {
        var otherWs = await _h.CreateWorkspaceAsync("other");
        await _h.PublishFixtureAsync(_ws, "five");
        await _h.PublishFixtureAsync(otherWs, "five");

        Assert.True(await _h.DefinitionStore.DeleteAsync(_ws, "five"));
        Assert.False(await _h.DefinitionStore.DeleteAsync(_ws, "five"));

        Assert.Null(await _h.DefinitionStore.GetAsync(_ws, "five", null));
        Assert.NotNull(await _h.DefinitionStore.GetAsync(otherWs, "five", null));
    }

    [Fact]
    public async Task CancelAsync_SuspendedInstance_IsCancelledWithJournalEvent()
    {
        await _h.PublishFixtureAsync(_ws, "ask");
        var started = await _h.Engine.StartAsync(WorkflowStorageHarness.Request(_ws, "ask"));

        var cancelled = await _h.Engine.CancelAsync(started.InstanceId, "by test");

        Assert.Equal(InstanceStatus.Cancelled, cancelled.Status);
        var stored = (await _h.Instances.GetAsync(started.InstanceId))!;
        Assert.Equal((InstanceStatus.Cancelled, EngineErrorCodes.InstanceCancelled), (stored.Status, stored.ErrorCode));
        Assert.Equal("cancelled: by test", (await _h.Instances.GetJournalAsync(started.InstanceId))[^1].Reason);
    }

    private WorkflowInstance NewInstance(WorkflowDefinitionVersion version, InstanceStatus status, string id, string currentNode) => new()
    {
        Id = id,
        WorkspaceId = _ws,
        DefinitionKey = version.Key,
        DefinitionVersion = version.Version,
        DefinitionHash = version.Hash,
        DefinitionSnapshot = DefinitionSerializer.Serialize(version.Definition),
        Status = status,
        CurrentNodeId = currentNode,
        CreatedAt = _h.Time.GetUtcNow(),
        UpdatedAt = _h.Time.GetUtcNow(),
        Context = new InstanceContext
        {
            Request =
            {
                ["locale"] = "de-DE", ["force_onboarding"] = false,
                ["metadata"] = new Dictionary<string, object?> { ["country"] = "DE", ["age"] = 30L },
            },
            User = { ["is_new"] = true },
        },
    };
}

public sealed class WorkflowStoreCompliance_Sqlite() : WorkflowStoreCompliance(TestDatabase.Sqlite);

public sealed class WorkflowStoreCompliance_Postgres() : WorkflowStoreCompliance(TestDatabase.Postgres);
