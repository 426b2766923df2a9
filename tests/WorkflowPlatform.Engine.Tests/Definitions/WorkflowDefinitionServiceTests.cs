using Xunit;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Persistence;
using WorkflowPlatform.Engine.Tests.Support;
using WorkflowPlatform.Engine.Validation;

namespace WorkflowPlatform.Engine.Tests.Definitions;

public sealed class WorkflowDefinitionServiceTests : IDisposable
{
    private readonly EngineHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task SaveDraftAsync_TwiceBeforePublish_ReplacesTheSameDraftVersion()
    {
        var definition = Fixtures.Load("Execution/Fixtures/pinned-v1.json");

        var first = await _harness.Definitions.SaveDraftAsync(EngineHarness.Workspace, definition);
        var second = await _harness.Definitions.SaveDraftAsync(EngineHarness.Workspace, definition with { Name = "Renamed" });

        Assert.Equal(1, first.Version);
        Assert.Equal(1, second.Version);
        Assert.Equal(DefinitionStatus.Draft, second.Status);
        var versions = await _harness.Get<IWorkflowDefinitionStore>().ListVersionsAsync(EngineHarness.Workspace, "pinned");
        Assert.Single(versions);
        Assert.Equal("Renamed", versions[0].Definition.Name);
    }

    [Fact]
    public async Task PublishAsync_ThenSaveDraft_CreatesNextVersionAndKeepsOldOneFrozen()
    {
        var v1 = await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/pinned-v1.json"));

        var draft = await _harness.Definitions.SaveDraftAsync(EngineHarness.Workspace, Fixtures.Load("Execution/Fixtures/pinned-v2.json"));
        var store = _harness.Get<IWorkflowDefinitionStore>();

        Assert.Equal(DefinitionStatus.Published, v1.Status);
        Assert.NotNull(v1.PublishedAt);
        Assert.Equal(2, draft.Version);
        Assert.Equal(2, draft.Definition.Version);
        Assert.Equal(1, (await store.GetPublishedAsync(EngineHarness.Workspace, "pinned"))!.Version);
        await Assert.ThrowsAsync<DefinitionConflictException>(() => store.SaveAsync(v1 with { Status = DefinitionStatus.Draft }));
        var summary = Assert.Single(await store.ListAsync(EngineHarness.Workspace));
        Assert.Equal((2, 1), (summary.DraftVersion, summary.PublishedVersion));
        var diff = await _harness.Definitions.DiffAsync(EngineHarness.Workspace, "pinned", 1, 2);
        Assert.Contains(diff!, c => c.Path == "nodes[end].settings.outcome");
    }

    [Fact]
    public async Task PublishAsync_InvalidDraft_ThrowsWithErrorsAndStaysDraft()
    {
        await _harness.Definitions.SaveDraftAsync(EngineHarness.Workspace, Fixtures.Load("Validation/Fixtures/invalid-graph.json"));

        var e = await Assert.ThrowsAsync<DefinitionValidationException>(() => _harness.Definitions.PublishAsync(EngineHarness.Workspace, "invalid-graph"));

        Assert.Equal("VALIDATION_FAILED", e.Code);
        Assert.NotEmpty(e.Errors);
        var latest = await _harness.Get<IWorkflowDefinitionStore>().GetAsync(EngineHarness.Workspace, "invalid-graph", null);
        Assert.Equal(DefinitionStatus.Draft, latest!.Status);
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("Upper")]
    [InlineData("")]
    public async Task SaveDraftAsync_HostileKey_ThrowsKeyInvalid(string key)
    {
        var definition = Fixtures.Load("Execution/Fixtures/pinned-v1.json") with { Key = key };

        var e = await Assert.ThrowsAsync<WorkflowEngineException>(() => _harness.Definitions.SaveDraftAsync(EngineHarness.Workspace, definition));

        Assert.Equal(ValidationCodes.KeyInvalid, e.Code);
    }

    [Fact]
    public async Task PublishAsync_NothingNewToPublish_ThrowsNoDraft()
    {
        await _harness.PublishAsync(Fixtures.Load("Execution/Fixtures/pinned-v1.json"));

        var e = await Assert.ThrowsAsync<WorkflowEngineException>(() => _harness.Definitions.PublishAsync(EngineHarness.Workspace, "pinned"));

        Assert.Equal(EngineErrorCodes.NoDraft, e.Code);
    }

    [Fact]
    public async Task ImportAsync_ExportThenImportElsewhere_SameHash()
    {
        var json = await File.ReadAllTextAsync(Fixtures.Path("Execution/Fixtures/capture.json"));
        var imported = await _harness.Definitions.ImportAsync(EngineHarness.Workspace, json, publish: true);

        var exported = await _harness.Definitions.ExportAsync(EngineHarness.Workspace, "capture", null);
        var again = await _harness.Definitions.ImportAsync("ws2", exported!, publish: true);

        Assert.Equal(imported.Hash, again.Hash);
        Assert.Equal(DefinitionStatus.Published, again.Status);
    }
}
