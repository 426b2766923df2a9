using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Modules;

namespace WorkflowPlatform.Engine.Execution;

// Dry runs: a definition executed on a transient instance, interactive modules simulated from samples.
public sealed partial class WorkflowEngine
{
    /// <summary>Executes a definition on a transient instance without a store, scheduler or side effects.</summary>
    internal async Task<(WorkflowInstance Instance, List<JournalEntry> Journal)> DryRunAsync(
        WorkflowDefinition definition, InstanceContext context, IReadOnlyDictionary<string, string> ports, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var instance = new WorkflowInstance
        {
            Id = "dry-run",
            WorkspaceId = "dry-run",
            DefinitionKey = definition.Key,
            DefinitionVersion = definition.Version,
            DefinitionHash = "",
            DefinitionSnapshot = "",
            Status = InstanceStatus.Running,
            CurrentNodeId = definition.Start,
            CreatedAt = now,
            UpdatedAt = now,
            Context = context,
        };
        var journal = new List<JournalEntry>();
        var plan = _plans.Build(definition);
        var samples = context.Modules.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        context.Modules.Clear();
        await ExecuteAsync(plan, instance, null, null, journal, new DryRun(samples, ports), cancellationToken).ConfigureAwait(false);
        return (instance, journal);
    }

    internal sealed record DryRun(IReadOnlyDictionary<string, Dictionary<string, object?>> Samples, IReadOnlyDictionary<string, string> Ports);

    private static ModuleResult Simulate(ModuleDescriptor descriptor, string nodeId, DryRun dryRun)
    {
        var outputs = new Dictionary<string, object?>(StringComparer.Ordinal);
        dryRun.Samples.TryGetValue(nodeId, out var sample);
        foreach (var output in descriptor.Outputs)
        {
            outputs[output.Name] = sample is not null && sample.TryGetValue(output.Name, out var value)
                ? value
                : output.Type switch
                {
                    OutputTypes.Bool => true,
                    OutputTypes.Int => 0L,
                    OutputTypes.Double => 0.0,
                    OutputTypes.Timestamp => DateTimeOffset.UnixEpoch,
                    OutputTypes.Map => new Dictionary<string, object?>(StringComparer.Ordinal),
                    OutputTypes.List => new List<object?>(),
                    _ => "",
                };
        }

        var port = dryRun.Ports.GetValueOrDefault(nodeId) ?? Ports.Done;
        return port == Ports.Failed
            ? ModuleResult.Fail("SIMULATED_FAILURE", "Simulated failure.", outputs)
            : ModuleResult.Next(port, outputs);
    }
}
