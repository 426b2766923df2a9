using Xunit;
using System.Text.Json;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Tests.Support;
using WorkflowPlatform.Engine.Validation;

namespace WorkflowPlatform.Engine.Tests.Definitions;

public sealed class BuiltInWorkflowTests : IDisposable
{
    private readonly EngineHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    public static TheoryData<string> BuiltIns => new() { "selfie-registration", "face-authentication", "photo-enroll" };

    private static MiniJsonSchema Schema()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Fixtures.Path("workflows/workflow.schema.json")));
        return new MiniJsonSchema(document.RootElement.Clone());
    }

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void BuiltInFile_AgainstWorkflowSchema_Conforms(string key)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Fixtures.Path($"workflows/{key}.json")));

        Assert.Empty(Schema().Validate(document.RootElement));
    }

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void SerializedDefinition_AgainstWorkflowSchema_Conforms(string key)
    {
        // What the server exports must also satisfy the schema (nulls written for absent fields).
        var json = DefinitionSerializer.Serialize(Fixtures.Load($"workflows/{key}.json"));
        using var document = JsonDocument.Parse(json);

        Assert.Empty(Schema().Validate(document.RootElement));
    }

    [Fact]
    public void WorkflowSchema_DefinitionBreakingIt_ReportsErrors()
    {
        using var document = JsonDocument.Parse("""
            {"key":"Bad Key","name":"","start":"1x","nodes":[],"edges":[{"from":"a","port":"done"}],"extra":1}
            """);

        var errors = Schema().Validate(document.RootElement);

        Assert.Contains(errors, e => e.StartsWith("$.key", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.start", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.nodes", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("missing required 'to'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("unexpected property 'extra'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("selfie-registration", "selfie")]
    [InlineData("face-authentication", "auth")]
    [InlineData("photo-enroll", "enroll")]
    public void Validate_BuiltInWithoutIdentityModules_ReportsExactlyTheUnknownModule(string key, string identityNode)
    {
        // The identity modules (selfie_registration, face_authentication, photo_enroll) are registered by
        // Verification; until then the only error must be the unknown module type.
        var result = _harness.Get<WorkflowValidator>().Validate(Fixtures.Load($"workflows/{key}.json"));

        var error = Assert.Single(result.Errors);
        Assert.Equal((identityNode, "type", ValidationCodes.ModuleUnknown), (error.NodeId, error.Field, error.Code));
    }

    [Fact]
    public async Task LoadFolderAsync_WorkflowsFolder_LoadsEveryBuiltInButNotTheSchema()
    {
        var definitions = await WorkflowDefinitionService.LoadFolderAsync(Fixtures.Path("workflows"));

        Assert.Equal(["face-authentication", "photo-enroll", "selfie-registration"], definitions.Select(d => d.Key).Order().ToArray());
    }
}
