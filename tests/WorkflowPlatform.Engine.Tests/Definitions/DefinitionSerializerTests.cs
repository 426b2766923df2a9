using Xunit;
using System.Text.Json.Nodes;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Tests.Support;

namespace WorkflowPlatform.Engine.Tests.Definitions;

public sealed class DefinitionSerializerTests
{
    [Fact]
    public void Deserialize_ContractExample_ReadsEveryField()
    {
        var definition = Fixtures.Load("workflows/selfie-registration.json");

        Assert.Equal("selfie-registration", definition.Key);
        Assert.Equal("selfie", definition.Start);
        var selfie = definition.FindNode("selfie")!;
        Assert.Equal("selfie_registration", selfie.Type);
        Assert.True(selfie.Enabled);
        Assert.Equal(3, selfie.Settings!["attempts"]!.GetValue<int>());
        Assert.Equal("approved", definition.FindTarget("selfie", "done"));
        Assert.Equal(120, definition.Layout!["selfie"].X);
    }

    [Fact]
    public void Serialize_RoundTrip_KeepsHash()
    {
        var definition = Fixtures.Load("Execution/Fixtures/capture.json");

        var again = DefinitionSerializer.Deserialize(DefinitionSerializer.Serialize(definition, indented: true));

        Assert.Equal(DefinitionSerializer.ComputeHash(definition), DefinitionSerializer.ComputeHash(again));
        Assert.StartsWith("sha256:", DefinitionSerializer.ComputeHash(definition), StringComparison.Ordinal);
    }

    [Fact]
    public void ComputeHash_KeyOrderWhitespaceNumberFormAndVersion_DoNotMatter()
    {
        var a = DefinitionSerializer.Deserialize("""{"key":"k","name":"N","start":"e","version":1,"nodes":[{"id":"e","type":"end","settings":{"outcome":"approved","n":3}}],"edges":[]}""");
        var b = DefinitionSerializer.Deserialize("""
            { "version": 7, "edges": [], "nodes": [ { "settings": { "n": 3.0, "outcome": "approved" }, "type": "end", "id": "e" } ],
              "start": "e", "name": "N", "key": "k" }
            """);

        Assert.Equal(DefinitionSerializer.ComputeHash(a), DefinitionSerializer.ComputeHash(b));
    }

    [Fact]
    public void ComputeHash_ContentChange_ChangesHash()
    {
        var a = Fixtures.Load("Execution/Fixtures/capture.json");
        var b = a with { Nodes = a.Nodes.Select(n => n.Id == "capture" ? n with { Enabled = false } : n).ToList() };

        Assert.NotEqual(DefinitionSerializer.ComputeHash(a), DefinitionSerializer.ComputeHash(b));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("""{"key":"k","name":"n"}""")]
    [InlineData("null")]
    public void Deserialize_BadDocument_ThrowsInvalidJson(string json)
    {
        var e = Assert.Throws<DefinitionFormatException>(() => DefinitionSerializer.Deserialize(json));

        Assert.Equal("DEFINITION_INVALID_JSON", e.Code);
    }

    [Fact]
    public void Deserialize_OversizedDocument_ThrowsTooLarge()
    {
        var json = "{\"key\":\"" + new string('a', DefinitionSerializer.MaxDocumentBytes) + "\"}";

        var e = Assert.Throws<DefinitionFormatException>(() => DefinitionSerializer.Deserialize(json));

        Assert.Equal("DEFINITION_TOO_LARGE", e.Code);
    }

    [Fact]
    public void Deserialize_DeeplyNestedSettings_ThrowsInvalidJson()
    {
        var nested = string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200);
        var json = $$"""{"key":"k","name":"n","start":"e","nodes":[{"id":"e","type":"end","settings":{{nested}}}],"edges":[]}""";

        var e = Assert.Throws<DefinitionFormatException>(() => DefinitionSerializer.Deserialize(json));

        Assert.Equal("DEFINITION_INVALID_JSON", e.Code);
    }
}

public sealed class DefinitionDiffTests
{
    [Fact]
    public void Compare_SettingRuleNodeAndEdgeChanges_ReportsPathsAndKinds()
    {
        var v1 = Fixtures.Load("Execution/Fixtures/capture.json");
        var v2 = v1 with
        {
            Nodes = v1.Nodes
                .Where(n => n.Id != "not_needed")
                .Select(n => n.Id == "capture" ? n with { Rule = "user.is_new", Settings = new JsonObject { ["attempts"] = 4 } } : n)
                .Append(new WorkflowNode { Id = "extra", Type = "end", Settings = new JsonObject { ["outcome"] = "review" } })
                .ToList(),
            Edges = v1.Edges.Where(e => e.From != "capture" || e.Port != "skipped")
                .Append(new WorkflowEdge { From = "capture", Port = "skipped", To = "extra" }).ToList(),
        };

        var changes = DefinitionDiff.Compare(v1, v2);

        Assert.Contains(changes, c => c.Path == "nodes[capture].settings.attempts" && c.Kind == ChangeKind.Changed
            && c.Before!.GetValue<int>() == 2 && c.After!.GetValue<int>() == 4);
        Assert.Contains(changes, c => c.Path == "nodes[capture].rule" && c.Kind == ChangeKind.Changed);
        Assert.Contains(changes, c => c.Path == "nodes[not_needed]" && c.Kind == ChangeKind.Removed);
        Assert.Contains(changes, c => c.Path == "nodes[extra]" && c.Kind == ChangeKind.Added);
        Assert.Contains(changes, c => c.Path == "edges[capture:skipped].to" && c.Kind == ChangeKind.Changed
            && c.After!.GetValue<string>() == "extra");
        Assert.Equal(5, changes.Count);
    }

    [Fact]
    public void Compare_ReorderedNodesAndNewVersionNumber_ReportsNothing()
    {
        var v1 = Fixtures.Load("Execution/Fixtures/capture.json");
        var v2 = v1 with { Version = 9, Nodes = v1.Nodes.Reverse().ToList() };

        Assert.Empty(DefinitionDiff.Compare(v1, v2));
    }
}
