using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Modules;
using WorkflowPlatform.Engine.Rules;
using WorkflowPlatform.Engine.Validation;

namespace WorkflowPlatform.Engine.Execution;

/// <summary>A definition prepared for execution: node and edge lookups, settings with defaults, the rule schema.</summary>
internal sealed class ExecutionPlan
{
    private readonly Dictionary<string, WorkflowNode> _nodes;
    private readonly Dictionary<(string, string), string> _edges;
    private readonly Dictionary<string, JsonObject> _settings;
    private readonly Dictionary<string, IWorkflowModule?> _modules;

    private ExecutionPlan(WorkflowDefinition definition, ModuleRegistry registry)
    {
        Definition = definition;
        _nodes = new Dictionary<string, WorkflowNode>(StringComparer.Ordinal);
        _settings = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        _modules = new Dictionary<string, IWorkflowModule?>(StringComparer.Ordinal);
        foreach (var node in definition.Nodes)
        {
            if (!_nodes.TryAdd(node.Id, node))
            {
                continue;
            }

            var module = registry.Find(node.Type);
            _modules[node.Id] = module;
            var settings = module is null
                ? (node.Settings is null ? [] : JsonNode.Parse(node.Settings.ToJsonString())!.AsObject())
                : SettingsValidator.ApplyDefaults(module.Descriptor, node.Settings);
            Materialize(settings);
            _settings[node.Id] = settings;
        }

        _edges = new Dictionary<(string, string), string>();
        foreach (var edge in definition.Edges)
        {
            _edges.TryAdd((edge.From, edge.Port), edge.To);
        }

        Schema = WorkflowValidator.FullContextSchema(definition, registry);
    }

    public WorkflowDefinition Definition { get; }

    // Parsed JsonObject/JsonArray build their child collections lazily on first access, which is not
    // safe when several runs read the shared settings at once; touching every node up front leaves
    // only read-only access afterwards.
    private static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    Materialize(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Materialize(child);
                }

                break;
        }
    }

    public RuleSchema Schema { get; }

    public WorkflowNode? Node(string id) => _nodes.GetValueOrDefault(id);

    public IWorkflowModule? Module(string id) => _modules.GetValueOrDefault(id);

    // Settings are shared between runs; modules read them and must not mutate them.
    public JsonObject Settings(string id) => _settings[id];

    public string? Target(string from, string port) => _edges.GetValueOrDefault((from, port));

    public bool HasEdge(string from, string port) => _edges.ContainsKey((from, port));

    /// <summary>Cache of plans by definition hash (content-addressed, so entries never go stale).</summary>
    internal sealed class Cache(ModuleRegistry registry, int capacity = 1024)
    {
        private readonly ConcurrentDictionary<string, ExecutionPlan> _plans = new(StringComparer.Ordinal);

        public ExecutionPlan Get(string hash, Func<WorkflowDefinition> load)
        {
            if (_plans.TryGetValue(hash, out var plan))
            {
                return plan;
            }

            plan = new ExecutionPlan(load(), registry);
            if (_plans.Count >= capacity)
            {
                _plans.Clear();
            }

            return _plans.GetOrAdd(hash, plan);
        }

        public ExecutionPlan Build(WorkflowDefinition definition) => new(definition, registry);
    }
}

/// <summary>Rule scope over an instance's context.</summary>
internal sealed class InstanceRuleScope(InstanceContext context, TimeProvider time) : IRuleScope
{
    private readonly ModulesView _modules = new(context.Modules);

    public TimeProvider TimeProvider => time;

    public bool TryResolve(string name, out object? value)
    {
        value = name switch
        {
            "request" => context.Request,
            "user" => context.User,
            "application" => context.Application,
            "modules" => _modules,
            "result" => context.Result,
            _ => null,
        };
        return name is "request" or "user" or "application" or "modules" or "result";
    }

    private sealed class ModulesView(Dictionary<string, Dictionary<string, object?>> modules) : IReadOnlyDictionary<string, object?>
    {
        public object? this[string key] => modules[key];

        public IEnumerable<string> Keys => modules.Keys;

        public IEnumerable<object?> Values => modules.Values;

        public int Count => modules.Count;

        public bool ContainsKey(string key) => modules.ContainsKey(key);

        public bool TryGetValue(string key, out object? value)
        {
            var found = modules.TryGetValue(key, out var outputs);
            value = outputs;
            return found;
        }

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
            => modules.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
