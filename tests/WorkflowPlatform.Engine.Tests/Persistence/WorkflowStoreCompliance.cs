using System.Text.Json.Nodes;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Persistence;
using Xunit;

namespace WorkflowPlatform.Engine.Tests.Persistence;

/// <summary>
/// Behaviour every <see cref="IWorkflowInstanceStore"/> must have. Subclass once per implementation
/// (in-memory here; SQLite and PostgreSQL in Storage.Tests by linking this file).
/// </summary>
public abstract class WorkflowInstanceStoreCompliance
{
    protected abstract Task<IWorkflowInstanceStore> CreateStoreAsync();

    protected static WorkflowInstance NewInstance(string id, InstanceStatus status, DateTimeOffset at, string user = "u", string workspace = "w") => new()
    {
        Id = id, WorkspaceId = workspace, DefinitionKey = "k", DefinitionVersion = 1, DefinitionHash = "sha256:x", DefinitionSnapshot = "{\"key\":\"k\"}",
        Status = status, CreatedAt = at, UpdatedAt = at, UserId = user,
    };

    private static JournalEntry Entry(string id, int sequence) => new()
    {
        InstanceId = id, Sequence = sequence, NodeId = "n" + sequence, ModuleType = "end", Status = JournalStatus.Ran,
        StartedAt = DateTimeOffset.UnixEpoch, EndedAt = DateTimeOffset.UnixEpoch.AddMilliseconds(3), DurationMs = 3,
        Rule = "user.is_new", RuleValue = JsonValue.Create(true), Port = "done", Outputs = new JsonObject { ["template"] = "***" },
    };

    [Fact]
    public async Task CreateAsync_ThenGet_ReturnsDetachedCopyWithEveryField()
    {
        var store = await CreateStoreAsync();
        var at = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
        var instance = NewInstance("c1", InstanceStatus.AwaitingInput, at);
        instance.ExpiresAt = at.AddMinutes(30);
        instance.Context.Request["created_at"] = at;
        instance.Context.Modules["selfie"] = new Dictionary<string, object?> { ["score"] = 0.5, ["attempts"] = 2L };
        instance.Bookmarks.Add(new Bookmark { Name = "selfie", NodeId = "selfie", CreatedAt = at, Payload = { ["attempts"] = 3L } });

        await store.CreateAsync(instance, [Entry("c1", 1)]);
        var loaded = (await store.GetAsync("c1"))!;
        loaded.Status = InstanceStatus.Failed;

        var again = (await store.GetAsync("c1"))!;
        Assert.Equal(InstanceStatus.AwaitingInput, again.Status);
        Assert.Equal(1, again.ConcurrencyVersion);
        Assert.Equal(at.AddMinutes(30), again.ExpiresAt);
        Assert.Equal(at, again.Context.Request["created_at"]);
        Assert.Equal(2L, again.Context.Modules["selfie"]["attempts"]);
        Assert.Equal(3L, Assert.Single(again.Bookmarks).Payload["attempts"]);
        Assert.Null(await store.GetAsync("missing"));
    }

    [Fact]
    public async Task CreateAsync_DuplicateId_ThrowsConcurrency()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(NewInstance("d1", InstanceStatus.Running, DateTimeOffset.UnixEpoch), []);

        await Assert.ThrowsAsync<ConcurrencyException>(() => store.CreateAsync(NewInstance("d1", InstanceStatus.Running, DateTimeOffset.UnixEpoch), []));
    }

    [Fact]
    public async Task SaveAsync_StaleVersion_ThrowsAndKeepsStoredStateAndJournal()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(NewInstance("s1", InstanceStatus.Running, DateTimeOffset.UnixEpoch), [Entry("s1", 1)]);
        var first = (await store.GetAsync("s1"))!;
        var second = (await store.GetAsync("s1"))!;
        first.Status = InstanceStatus.Completed;
        await store.SaveAsync(first, [Entry("s1", 2)]);

        second.Status = InstanceStatus.Failed;
        await Assert.ThrowsAsync<ConcurrencyException>(() => store.SaveAsync(second, [Entry("s1", 3)]));

        Assert.Equal(InstanceStatus.Completed, (await store.GetAsync("s1"))!.Status);
        Assert.Equal(2, first.ConcurrencyVersion);
        var journal = await store.GetJournalAsync("s1");
        Assert.Equal([1, 2], journal.Select(j => j.Sequence).ToArray());
    }

    [Fact]
    public async Task SaveAsync_BookmarkConsumed_IsPersisted()
    {
        var store = await CreateStoreAsync();
        var instance = NewInstance("b1", InstanceStatus.AwaitingInput, DateTimeOffset.UnixEpoch);
        instance.Bookmarks.Add(new Bookmark { Name = "selfie", NodeId = "selfie" });
        await store.CreateAsync(instance, []);
        var loaded = (await store.GetAsync("b1"))!;
        loaded.Bookmarks[0].ConsumedAt = DateTimeOffset.UnixEpoch.AddMinutes(1);
        loaded.Bookmarks[0].ConsumedBy = "key-1";
        loaded.Bookmarks[0].ResumeStatus = InstanceStatus.Completed;
        loaded.Bookmarks.Add(new Bookmark { Name = "wait#2", NodeId = "wait", ResumeAt = DateTimeOffset.UnixEpoch.AddHours(1) });

        await store.SaveAsync(loaded, []);

        var again = (await store.GetAsync("b1"))!;
        Assert.Equal(("key-1", InstanceStatus.Completed), (again.Bookmarks[0].ConsumedBy, again.Bookmarks[0].ResumeStatus));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddHours(1), again.Bookmarks.Single(b => b.Name == "wait#2").ResumeAt);
    }

    [Fact]
    public async Task GetJournalAsync_OrderedBySequenceWithEveryField()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(NewInstance("j1", InstanceStatus.Running, DateTimeOffset.UnixEpoch), [Entry("j1", 2), Entry("j1", 1)]);

        var journal = await store.GetJournalAsync("j1");

        Assert.Equal([1, 2], journal.Select(j => j.Sequence).ToArray());
        var entry = journal[0];
        Assert.Equal(("n1", "end", "done", "user.is_new", 3.0), (entry.NodeId, entry.ModuleType, entry.Port, entry.Rule, entry.DurationMs));
        Assert.True(entry.RuleValue!.GetValue<bool>());
        Assert.Equal("***", entry.Outputs!["template"]!.GetValue<string>());
    }

    [Fact]
    public async Task QueryAsync_FiltersAndPages_NewestFirst()
    {
        var store = await CreateStoreAsync();
        var t0 = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < 5; i++)
        {
            await store.CreateAsync(NewInstance($"q{i}", i % 2 == 0 ? InstanceStatus.Completed : InstanceStatus.AwaitingInput, t0.AddMinutes(i), i < 3 ? "u1" : "u2"), []);
        }

        await store.CreateAsync(NewInstance("other-ws", InstanceStatus.Completed, t0, workspace: "w2"), []);

        var page = await store.QueryAsync(new InstanceQuery { WorkspaceId = "w", Status = InstanceStatus.Completed, Take = 2 });
        var user = await store.QueryAsync(new InstanceQuery { WorkspaceId = "w", UserId = "u2", From = t0.AddMinutes(4) });
        var range = await store.QueryAsync(new InstanceQuery { WorkspaceId = "w", From = t0.AddMinutes(1), To = t0.AddMinutes(3), Skip = 1 });

        Assert.Equal(3, page.Total);
        Assert.Equal(["q4", "q2"], page.Items.Select(i => i.Id).ToArray());
        Assert.Equal(["q4"], user.Items.Select(i => i.Id).ToArray());
        Assert.Equal(2, range.Total);
        Assert.Equal(["q1"], range.Items.Select(i => i.Id).ToArray());
    }

    [Fact]
    public async Task FindStuckExpiredAndOverdueTimers_SelectOnlyMatchingRows()
    {
        var store = await CreateStoreAsync();
        var t0 = DateTimeOffset.UnixEpoch;
        await store.CreateAsync(NewInstance("old-running", InstanceStatus.Running, t0), []);
        await store.CreateAsync(NewInstance("new-running", InstanceStatus.Running, t0.AddHours(1)), []);
        var expiring = NewInstance("expiring", InstanceStatus.AwaitingInput, t0);
        expiring.ExpiresAt = t0.AddMinutes(10);
        await store.CreateAsync(expiring, []);
        var done = NewInstance("done", InstanceStatus.Completed, t0);
        done.ExpiresAt = t0;
        await store.CreateAsync(done, []);
        var waiting = NewInstance("waiting", InstanceStatus.AwaitingInput, t0);
        waiting.Bookmarks.Add(new Bookmark { Name = "wait", NodeId = "wait", ResumeAt = t0.AddMinutes(1) });
        await store.CreateAsync(waiting, []);
        var consumed = NewInstance("consumed", InstanceStatus.AwaitingInput, t0);
        consumed.Bookmarks.Add(new Bookmark { Name = "wait", NodeId = "wait", ResumeAt = t0.AddMinutes(1), ConsumedAt = t0.AddMinutes(1) });
        await store.CreateAsync(consumed, []);

        var stuck = await store.FindStuckAsync(t0.AddMinutes(30), 10);
        var expired = await store.FindExpiredAsync(t0.AddMinutes(10), 10);
        var timers = await store.FindOverdueTimersAsync(t0.AddMinutes(5), 10);

        Assert.Equal(["old-running"], stuck.Select(i => i.Id).ToArray());
        Assert.Equal(["expiring"], expired.Select(i => i.Id).ToArray());
        Assert.Equal(["waiting"], timers.Select(i => i.Id).ToArray());
    }
}

/// <summary>Behaviour every <see cref="IWorkflowDefinitionStore"/> must have.</summary>
public abstract class WorkflowDefinitionStoreCompliance
{
    protected abstract Task<IWorkflowDefinitionStore> CreateStoreAsync();

    private static WorkflowDefinitionVersion Version(string key, int version, DefinitionStatus status, string workspace = "w")
    {
        var definition = new WorkflowDefinition
        {
            Key = key, Name = $"{key} v{version}", Version = version, Start = "e",
            Nodes = [new WorkflowNode { Id = "e", Type = "end", Settings = new JsonObject { ["outcome"] = "approved" } }],
        };
        return new WorkflowDefinitionVersion
        {
            WorkspaceId = workspace, Key = key, Version = version, Status = status, Definition = definition,
            Hash = DefinitionSerializer.ComputeHash(definition), CreatedAt = DateTimeOffset.UnixEpoch.AddDays(version),
            UpdatedAt = DateTimeOffset.UnixEpoch.AddDays(version),
            PublishedAt = status == DefinitionStatus.Published ? DateTimeOffset.UnixEpoch.AddDays(version) : null,
        };
    }

    [Fact]
    public async Task SaveAsync_VersionsOfAKey_LatestPublishedAndListAreConsistent()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Version("a", 1, DefinitionStatus.Published));
        await store.SaveAsync(Version("a", 2, DefinitionStatus.Published));
        await store.SaveAsync(Version("a", 3, DefinitionStatus.Draft));
        await store.SaveAsync(Version("b", 1, DefinitionStatus.Draft));
        await store.SaveAsync(Version("a", 1, DefinitionStatus.Draft, workspace: "w2"));

        Assert.Equal(3, (await store.GetAsync("w", "a", null))!.Version);
        Assert.Equal(2, (await store.GetPublishedAsync("w", "a"))!.Version);
        Assert.Equal("a v1", (await store.GetAsync("w", "a", 1))!.Definition.Name);
        Assert.Null(await store.GetAsync("w", "a", 9));
        Assert.Null(await store.GetPublishedAsync("w", "b"));
        var versions = await store.ListVersionsAsync("w", "a");
        Assert.Equal([1, 2, 3], versions.Select(v => v.Version).ToArray());
        var list = await store.ListAsync("w");
        Assert.Equal(["a", "b"], list.Select(s => s.Key).ToArray());
        Assert.Equal((3, 2), (list[0].DraftVersion, list[0].PublishedVersion));
        Assert.Equal(Version("a", 2, DefinitionStatus.Published).Hash, (await store.GetAsync("w", "a", 2))!.Hash);
    }

    [Fact]
    public async Task SaveAsync_ReplacingPublishedVersion_ThrowsAndKeepsIt()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Version("a", 1, DefinitionStatus.Published));

        await Assert.ThrowsAsync<DefinitionConflictException>(() => store.SaveAsync(Version("a", 1, DefinitionStatus.Draft)));

        Assert.Equal(DefinitionStatus.Published, (await store.GetAsync("w", "a", 1))!.Status);
    }

    [Fact]
    public async Task SaveAsync_DraftReplaced_ThenDeleteRemovesEveryVersion()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Version("a", 1, DefinitionStatus.Draft));
        await store.SaveAsync(Version("a", 1, DefinitionStatus.Draft) with { Definition = Version("a", 1, DefinitionStatus.Draft).Definition with { Name = "renamed" } });

        Assert.Equal("renamed", (await store.GetAsync("w", "a", 1))!.Definition.Name);
        Assert.True(await store.DeleteAsync("w", "a"));
        Assert.False(await store.DeleteAsync("w", "a"));
        Assert.Null(await store.GetAsync("w", "a", null));
    }
}
