using System.Text.Json;
using System.Text.Json.Nodes;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Rules;

namespace WorkflowPlatform.Engine.Execution;

/// <summary>
/// One node on a dry run's path. <c>status</c>: ran, skipped, simulated, plus failed (the step failed;
/// <c>errorCode</c> says why) and suspended (a non-simulated module would wait).
/// </summary>
public sealed record DryRunStep(
    string NodeId, string Type, string Status, string? Reason, string? Rule, JsonNode? RuleValue, string? Port, JsonObject? Outputs,
    string? ErrorCode, string? Error);

/// <summary>Dry-run answer: <c>{path, outcome, result, status}</c>.</summary>
public sealed record DryRunResult(IReadOnlyList<DryRunStep> Path, WorkflowOutcome? Outcome, JsonObject Result, InstanceStatus Status, string? ErrorCode);

/// <summary>
/// Executes a (draft) definition against a sample context with no store, no timers and no side effects:
/// modules that are interactive, wait or have side effects are simulated from their descriptor.
/// The context JSON is <c>{request, user, application, result, modules: {nodeId: {output: value}}, ports: {nodeId: port}}</c>;
/// <c>modules</c> supplies simulated outputs (defaults by output type otherwise) and <c>ports</c> the port a
/// simulated node takes (default <c>done</c>; <c>failed</c> simulates a failure).
/// </summary>
public sealed class DryRunner(WorkflowEngine engine)
{
    /// <summary>Runs the dry run.</summary>
    public async Task<DryRunResult> RunAsync(WorkflowDefinition definition, JsonElement? context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var instanceContext = new InstanceContext();
        var ports = new Dictionary<string, string>(StringComparer.Ordinal);
        if (context is { ValueKind: JsonValueKind.Object } c)
        {
            Fill(c, "request", instanceContext.Request, RuleSchema.RequestType);
            Fill(c, "user", instanceContext.User, RuleSchema.UserType);
            Fill(c, "application", instanceContext.Application, RuleSchema.ApplicationType);
            Fill(c, "result", instanceContext.Result, null);
            if (c.TryGetProperty("modules", out var modules) && modules.ValueKind == JsonValueKind.Object)
            {
                foreach (var module in modules.EnumerateObject())
                {
                    instanceContext.Modules[module.Name] = ContextValues.DictionaryFromJson(module.Value);
                }
            }

            if (c.TryGetProperty("ports", out var portMap) && portMap.ValueKind == JsonValueKind.Object)
            {
                foreach (var port in portMap.EnumerateObject())
                {
                    if (port.Value.ValueKind == JsonValueKind.String)
                    {
                        ports[port.Name] = port.Value.GetString()!;
                    }
                }
            }
        }

        instanceContext.Request.TryAdd("workflow", definition.Key);
        instanceContext.Request.TryAdd("force_onboarding", false);
        instanceContext.Request.TryAdd("metadata", new Dictionary<string, object?>(StringComparer.Ordinal));
        var (instance, journal) = await engine.DryRunAsync(definition, instanceContext, ports, cancellationToken).ConfigureAwait(false);
        var path = journal.Where(j => j.NodeId is not null && j.ModuleType is not null)
            .Select(j => new DryRunStep(j.NodeId!, j.ModuleType!, j.Status == JournalStatus.Completed ? JournalStatus.Ran : j.Status, j.Reason, j.Rule, j.RuleValue, j.Port, j.Outputs, j.ErrorCode, j.Error))
            .ToList();
        var result = (JsonObject)ContextValues.ToJson(instance.Context.Result)!;
        return new DryRunResult(path, instance.Outcome, result, instance.Status, instance.ErrorCode);
    }

    // JSON has no timestamp type: ISO strings in fields the schema types as timestamps are parsed.
    private static void Fill(JsonElement context, string name, Dictionary<string, object?> target, RuleType? type)
    {
        if (!context.TryGetProperty(name, out var value))
        {
            return;
        }

        foreach (var (k, v) in ContextValues.DictionaryFromJson(value))
        {
            target[k] = v;
        }

        if (type is not null)
        {
            ContextValues.CoerceTimestamps(target, type);
        }
    }
}
