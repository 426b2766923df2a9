using System.Text.Json.Nodes;
using WorkflowPlatform.Engine.Validation;

namespace WorkflowPlatform.Engine.Modules;

/// <summary>
/// A module: the code behind a node type. Register with
/// <see cref="WorkflowEngineBuilder.AddModule{TModule}"/>. Modules are singletons and must be thread-safe;
/// per-run state lives in the <see cref="ModuleContext"/> and in bookmark payloads.
/// </summary>
public interface IWorkflowModule
{
    /// <summary>What the module is: type key, settings form, outputs, ports.</summary>
    ModuleDescriptor Descriptor { get; }

    /// <summary>
    /// Runs the node, or continues it when <see cref="ModuleContext.Resume"/> is set (the instance was
    /// suspended on one of this node's bookmarks and has been resumed).
    /// </summary>
    ValueTask<ModuleResult> ExecuteAsync(ModuleContext context);

    /// <summary>Ports of a node with these settings (Decision derives them from its branches).</summary>
    IReadOnlyList<string> GetPorts(JsonObject settings) => Descriptor.Ports;

    /// <summary>Module-specific checks beyond the settings schema (e.g. branch rules); called at publish.</summary>
    IEnumerable<ValidationError> Validate(ModuleValidationContext context) => [];
}

/// <summary>What <see cref="IWorkflowModule.Validate"/> can use.</summary>
public sealed class ModuleValidationContext
{
    internal ModuleValidationContext(string nodeId, JsonObject settings, Func<string, string, IEnumerable<ValidationError>> checkRule)
    {
        NodeId = nodeId;
        Settings = settings;
        _checkRule = checkRule;
    }

    private readonly Func<string, string, IEnumerable<ValidationError>> _checkRule;

    /// <summary>Node being validated.</summary>
    public string NodeId { get; }

    /// <summary>Settings with defaults applied.</summary>
    public JsonObject Settings { get; }

    /// <summary>Parses and type-checks a boolean rule against the node's context; errors carry <paramref name="field"/>.</summary>
    public IEnumerable<ValidationError> CheckRule(string field, string source) => _checkRule(field, source);
}
