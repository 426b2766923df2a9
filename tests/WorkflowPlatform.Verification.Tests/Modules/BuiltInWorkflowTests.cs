using Microsoft.Extensions.DependencyInjection;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Testing;
using WorkflowPlatform.Verification.Tests.Support;
using Xunit;

namespace WorkflowPlatform.Verification.Tests.Modules;

/// <summary>The repository's built-in workflows publish against the real face modules' descriptors (settings and output names).</summary>
public sealed class BuiltInWorkflowTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        var folder = Path.Combine(TestImages.RepoRootPath, "workflows");
        foreach (var file in Directory.GetFiles(folder, "*.json").Where(f => !f.EndsWith("workflow.schema.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Validate_BuiltInWorkflow_NoErrors(string file)
    {
        await using var host = await VerificationHost.StartAsync(TestDatabase.Sqlite, withFaces: false);
        var definition = DefinitionSerializer.Deserialize(await File.ReadAllTextAsync(Path.Combine(TestImages.RepoRootPath, "workflows", file)));

        var result = host.Services.GetRequiredService<WorkflowDefinitionService>().Validate(definition);

        Assert.True(result.Valid, string.Join("; ", result.Errors.Select(e => $"{e.NodeId} {e.Field}: {e.Message}")));
    }
}
