using System.Text.Json.Nodes;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Rules;

namespace WorkflowPlatform.Engine.Modules;

/// <summary>Everything a module sees while it runs one node.</summary>
public sealed class ModuleContext
{
    private readonly Func<string, object?> _evaluate;

    internal ModuleContext(
        WorkflowInstance instance, WorkflowNode node, JsonObject settings, IRuleScope scope,
        Func<string, object?> evaluate, ResumeContext? resume, bool dryRun, TimeProvider time,
        IServiceProvider services, CancellationToken cancellationToken)
    {
        Instance = instance;
        Node = node;
        Settings = settings;
        Scope = scope;
        _evaluate = evaluate;
        Resume = resume;
        DryRun = dryRun;
        Time = time;
        Services = services;
        CancellationToken = cancellationToken;
    }

    /// <summary>The instance (read its context; write only through <see cref="SetResult"/>).</summary>
    public WorkflowInstance Instance { get; }

    /// <summary>The node being run.</summary>
    public WorkflowNode Node { get; }

    /// <summary>Node settings with descriptor defaults applied.</summary>
    public JsonObject Settings { get; }

    /// <summary>Rule scope over request, user, application, modules, result.</summary>
    public IRuleScope Scope { get; }

    /// <summary>Set when the node is continued after a suspension.</summary>
    public ResumeContext? Resume { get; }

    /// <summary>True in a dry run: do nothing outside the process.</summary>
    public bool DryRun { get; }

    /// <summary>Clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>Application services (e.g. an <see cref="HttpClient"/>).</summary>
    public IServiceProvider Services { get; }

    /// <summary>Cancelled when the run is abandoned.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Evaluates a rule (compiled once, cached) against <see cref="Scope"/>.</summary>
    public object? EvaluateRule(string source) => _evaluate(source);

    /// <summary>Writes a field of the workflow result (<c>result.&lt;field&gt;</c>).</summary>
    public void SetResult(string field, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        Instance.Context.Result[field] = ContextValues.Normalize(value);
    }

    /// <summary>Reads a string setting or its default.</summary>
    public string? GetString(string name) => Settings[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>Reads an integer setting.</summary>
    public long? GetInt(string name) => Settings[name] is JsonValue v && v.TryGetValue<long>(out var l) ? l
        : Settings[name] is JsonValue d && d.TryGetValue<double>(out var x) ? (long)x : null;

    /// <summary>Reads a number setting.</summary>
    public double? GetNumber(string name) => Settings[name] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    /// <summary>Reads a bool setting.</summary>
    public bool? GetBool(string name) => Settings[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;
}

/// <summary>The bookmark being resumed and what was submitted with it.</summary>
/// <param name="Bookmark">Bookmark name.</param>
/// <param name="State">Payload stored when the module suspended.</param>
/// <param name="Input">Data submitted with the resume, passed as is and never persisted (may hold bytes or objects, e.g. a decoded image).</param>
public sealed record ResumeContext(string Bookmark, IReadOnlyDictionary<string, object?> State, IReadOnlyDictionary<string, object?> Input);
