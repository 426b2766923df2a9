using Xunit;
using System.Text.Json.Nodes;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Tests.Support;
using WorkflowPlatform.Engine.Validation;

namespace WorkflowPlatform.Engine.Tests.Validation;

public sealed class WorkflowValidatorTests : IDisposable
{
    private readonly EngineHarness _harness = new();

    public void Dispose() => _harness.Dispose();

    private ValidationResult Validate(string fixture) => _harness.Get<WorkflowValidator>().Validate(Fixtures.Load($"Validation/Fixtures/{fixture}"));

    [Theory]
    [InlineData("capture.json")]
    [InlineData("skip-and-branch.json")]
    [InlineData("wait-loop.json")]
    [InlineData("http.json")]
    public void Validate_ValidFixture_NoErrors(string fixture)
    {
        var definition = Fixtures.Load($"Execution/Fixtures/{fixture}");
        definition = fixture == "http.json"
            ? DefinitionSerializer.Deserialize(DefinitionSerializer.Serialize(definition).Replace("{{url}}", "http://127.0.0.1:9/x", StringComparison.Ordinal))
            : definition;

        var result = _harness.Get<WorkflowValidator>().Validate(definition);

        Assert.True(result.Valid, string.Join("\n", result.Errors));
    }

    [Fact]
    public void Validate_RuleSyntaxError_ReportsNodeFieldLineAndColumn()
    {
        var errors = Validate("invalid-rules.json").Errors;

        var syntax = Assert.Single(errors, e => e.NodeId == "second");
        Assert.Equal("rule", syntax.Field);
        Assert.Equal(2, syntax.Line);
        Assert.Equal(30, syntax.Column);
        Assert.Equal("RULE_SYNTAX", syntax.Code);
    }

    [Fact]
    public void Validate_RuleReadsOutputOfLaterNode_ReportsUnknownField()
    {
        var errors = Validate("invalid-rules.json").Errors;

        var unknown = Assert.Single(errors, e => e.NodeId == "first");
        Assert.Equal(("rule", 1), (unknown.Field, unknown.Line));
        Assert.Equal("RULE_UNKNOWN_FIELD", unknown.Code);
        Assert.Contains("second", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DecisionBranchTypeError_ReportsBranchFieldAndPosition()
    {
        var errors = Validate("invalid-rules.json").Errors;

        // third's own rule reads modules.first (an ancestor): valid; its second branch is a type error.
        var branch = Assert.Single(errors, e => e.NodeId == "third");
        Assert.Equal("settings.branches[1].rule", branch.Field);
        Assert.Equal("RULE_TYPE", branch.Code);
        Assert.Equal(1, branch.Line);
        Assert.NotNull(branch.Column);
        Assert.Equal(3, errors.Count);
    }

    [Fact]
    public void Validate_BrokenGraph_ReportsEveryProblem()
    {
        var errors = Validate("invalid-graph.json").Errors;

        Assert.Contains(errors, e => e is { NodeId: "mystery", Field: "type", Code: ValidationCodes.ModuleUnknown });
        Assert.Contains(errors, e => e is { NodeId: "b", Field: "edges[3].port", Code: ValidationCodes.PortUnknown });
        Assert.Contains(errors, e => e is { NodeId: "b", Field: "edges[4].to", Code: ValidationCodes.EdgeDangling });
        Assert.Contains(errors, e => e is { NodeId: "lonely", Code: ValidationCodes.NodeUnreachable });
        Assert.Contains(errors, e => e is { NodeId: "a", Field: "edges", Code: ValidationCodes.Cycle });
        Assert.Equal(5, errors.Count);
    }

    [Fact]
    public void Validate_CycleThroughWaitNode_IsAllowed()
    {
        var result = _harness.Get<WorkflowValidator>().Validate(Fixtures.Load("Execution/Fixtures/wait-loop.json"));

        Assert.True(result.Valid);
    }

    [Fact]
    public void Validate_BadSettings_ReportsTypeRangeOptionRequiredUnknownAndUrl()
    {
        var errors = Validate("invalid-settings.json").Errors;

        Assert.Contains(errors, e => e is { NodeId: "capture", Field: "settings.attempts", Code: ValidationCodes.SettingRange });
        Assert.Contains(errors, e => e is { NodeId: "capture", Field: "settings.colour", Code: ValidationCodes.SettingUnknown });
        Assert.Contains(errors, e => e is { NodeId: "set", Field: "settings.field", Code: ValidationCodes.SettingRequired });
        Assert.Contains(errors, e => e is { NodeId: "call", Field: "settings.url", Code: ValidationCodes.SettingUrl });
        Assert.Contains(errors, e => e is { NodeId: "call", Field: "settings.retries", Code: ValidationCodes.SettingType });
        Assert.Contains(errors, e => e is { NodeId: "end", Field: "settings.outcome", Code: ValidationCodes.SettingOption });
        Assert.Equal(6, errors.Count);
    }

    [Fact]
    public void Validate_StartNamesNoNode_ReportsStartInvalid()
    {
        var error = Assert.Single(Validate("no-start.json").Errors);

        Assert.Equal((null, "start", ValidationCodes.StartInvalid), (error.NodeId, error.Field, error.Code));
    }

    [Fact]
    public void Validate_DuplicateIdsEdgesAndUnconnectedBranch_Reported()
    {
        var definition = new WorkflowDefinition
        {
            Key = "dups",
            Name = "Dups",
            Start = "d",
            Nodes =
            [
                new WorkflowNode { Id = "d", Type = "decision", Settings = JsonNode.Parse("""{"branches":[{"name":"x","rule":"true"},{"name":"else","rule":"true"}]}""")!.AsObject() },
                new WorkflowNode { Id = "e", Type = "end" },
                new WorkflowNode { Id = "e", Type = "end" },
            ],
            Edges =
            [
                new WorkflowEdge { From = "d", Port = "else", To = "e" },
                new WorkflowEdge { From = "d", Port = "else", To = "e" },
            ],
        };

        var errors = _harness.Get<WorkflowValidator>().Validate(definition).Errors;

        Assert.Contains(errors, e => e is { NodeId: "e", Code: ValidationCodes.NodeIdDuplicate });
        Assert.Contains(errors, e => e is { NodeId: "d", Field: "edges[1].port", Code: ValidationCodes.EdgeDuplicate });
        Assert.Contains(errors, e => e is { NodeId: "d", Field: "ports", Code: ValidationCodes.PortUnconnected } && e.Message.Contains("'x'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { NodeId: "d", Field: "settings.branches[1].name", Code: ValidationCodes.SettingInvalid });
    }

    [Fact]
    public void Validate_HostileRuleInDefinition_ReportsRuleErrorWithoutThrowing()
    {
        var definition = new WorkflowDefinition
        {
            Key = "hostile",
            Name = "Hostile",
            Start = "e",
            Nodes = [new WorkflowNode { Id = "e", Type = "end", Rule = new string('(', 5000) + "true" + new string(')', 5000) }],
        };

        var error = Assert.Single(_harness.Get<WorkflowValidator>().Validate(definition).Errors);

        Assert.Equal(("e", "rule"), (error.NodeId, error.Field));
        Assert.StartsWith("RULE_", error.Code, StringComparison.Ordinal);
    }

    [Fact]
    public void ContextSchemaFor_NodeAfterCapture_SeesCaptureOutputsTyped()
    {
        var schema = _harness.Get<WorkflowValidator>().ContextSchemaFor(Fixtures.Load("Execution/Fixtures/capture.json"), "score");

        Assert.True(schema.TryGetRoot("modules", out var modules));
        Assert.True(modules.TryGetField("capture", out var capture));
        Assert.True(capture.TryGetField("score", out var score));
        Assert.Equal(Engine.Rules.RuleType.Double, score);
        Assert.False(modules.TryGetField("score", out _));
    }
}
