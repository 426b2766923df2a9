using System.Text.RegularExpressions;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Modules;
using WorkflowPlatform.Engine.Rules;

namespace WorkflowPlatform.Engine.Validation;

/// <summary>
/// Publish-time validation: module types known, settings valid, rules parse and type-check against
/// the context each node sees (request, user, application, result, and the outputs of the modules that
/// can run before it), one start, every node reachable, no dangling edges or ports, no cycle that does
/// not pass through a waiting (Wait/retry) or interactive node.
/// </summary>
public sealed partial class WorkflowValidator(ModuleRegistry registry)
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex NodeIdPattern();

    /// <summary>True when <paramref name="key"/> is a valid definition key (lower-case kebab, 1–64 characters).</summary>
    public static bool IsValidKey(string? key) => !string.IsNullOrEmpty(key) && KeyPattern().IsMatch(key);

    /// <summary>Validates a definition; never throws for bad input.</summary>
    public ValidationResult Validate(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new List<ValidationError>();
        if (string.IsNullOrEmpty(definition.Key) || !KeyPattern().IsMatch(definition.Key))
        {
            errors.Add(new(null, "key", "Key must be 1–64 characters of a-z, 0-9 and '-', starting with a letter or digit.", null, null, ValidationCodes.KeyInvalid));
        }

        if (string.IsNullOrWhiteSpace(definition.Name))
        {
            errors.Add(new(null, "name", "Name is required.", null, null, ValidationCodes.NameMissing));
        }

        var nodes = definition.Nodes ?? [];
        var edges = definition.Edges ?? [];
        if (nodes.Count == 0)
        {
            errors.Add(new(null, "nodes", "A workflow needs at least one node.", null, null, ValidationCodes.Empty));
            return new ValidationResult(errors);
        }

        // Nodes and modules.
        var byId = new Dictionary<string, WorkflowNode>(StringComparer.Ordinal);
        var modules = new Dictionary<string, IWorkflowModule?>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            if (string.IsNullOrEmpty(node.Id) || !NodeIdPattern().IsMatch(node.Id))
            {
                errors.Add(new(node.Id, $"nodes[{i}].id", "Node id must be an identifier (letters, digits, '_', not starting with a digit), as rules read it as modules.<id>.", null, null, ValidationCodes.NodeIdInvalid));
                continue;
            }

            if (!byId.TryAdd(node.Id, node))
            {
                errors.Add(new(node.Id, "id", $"Node id '{node.Id}' is used twice.", null, null, ValidationCodes.NodeIdDuplicate));
                continue;
            }

            var module = registry.Find(node.Type ?? "");
            modules[node.Id] = module;
            if (module is null)
            {
                errors.Add(new(node.Id, "type", $"Unknown module type '{node.Type}'.", null, null, ValidationCodes.ModuleUnknown));
            }
        }

        if (string.IsNullOrEmpty(definition.Start) || !byId.ContainsKey(definition.Start))
        {
            errors.Add(new(null, "start", $"Start node '{definition.Start}' does not exist.", null, null, ValidationCodes.StartInvalid));
        }

        // Edges and ports.
        var outgoing = byId.Keys.ToDictionary(k => k, _ => new List<string>(), StringComparer.Ordinal);
        var seenPorts = new HashSet<(string, string)>();
        var portsByNode = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (id, module) in modules)
        {
            if (module is not null)
            {
                var settings = SettingsValidator.ApplyDefaults(module.Descriptor, byId[id].Settings);
                portsByNode[id] = SafePorts(module, settings);
            }
        }

        for (var i = 0; i < edges.Count; i++)
        {
            var edge = edges[i];
            var ok = true;
            if (edge.From is null || !byId.ContainsKey(edge.From))
            {
                errors.Add(new(edge.From, $"edges[{i}].from", $"Edge starts at unknown node '{edge.From}'.", null, null, ValidationCodes.EdgeDangling));
                ok = false;
            }

            if (edge.To is null || !byId.ContainsKey(edge.To))
            {
                errors.Add(new(edge.From, $"edges[{i}].to", $"Edge ends at unknown node '{edge.To}'.", null, null, ValidationCodes.EdgeDangling));
                ok = false;
            }

            if (!ok)
            {
                continue;
            }

            if (portsByNode.TryGetValue(edge.From!, out var ports) && edge.Port != Ports.Skipped && !ports.Contains(edge.Port))
            {
                errors.Add(new(edge.From, $"edges[{i}].port", $"Node '{edge.From}' has no port '{edge.Port}' (ports: {string.Join(", ", ports.Append(Ports.Skipped).Distinct())}).", null, null, ValidationCodes.PortUnknown));
                continue;
            }

            if (!seenPorts.Add((edge.From!, edge.Port)))
            {
                errors.Add(new(edge.From, $"edges[{i}].port", $"Port '{edge.Port}' of node '{edge.From}' has more than one edge.", null, null, ValidationCodes.EdgeDuplicate));
                continue;
            }

            outgoing[edge.From!].Add(edge.To!);
        }

        // Continuing ports must lead somewhere; failed/skipped have fallbacks.
        foreach (var (id, ports) in portsByNode)
        {
            foreach (var port in ports)
            {
                if (port is Ports.Failed or Ports.Skipped)
                {
                    continue;
                }

                if (!seenPorts.Contains((id, port)))
                {
                    errors.Add(new(id, "ports", $"Port '{port}' of node '{id}' is not connected.", null, null, ValidationCodes.PortUnconnected));
                }
            }
        }

        // Reachability.
        if (definition.Start is not null && byId.ContainsKey(definition.Start))
        {
            var reached = Reach(definition.Start, outgoing);
            foreach (var node in nodes)
            {
                if (node.Id is not null && byId.ContainsKey(node.Id) && !reached.Contains(node.Id) && ReferenceEquals(byId[node.Id], node))
                {
                    errors.Add(new(node.Id, "id", $"Node '{node.Id}' cannot be reached from the start node.", null, null, ValidationCodes.NodeUnreachable));
                }
            }
        }

        // Cycles.
        foreach (var component in StronglyConnected(byId.Keys, outgoing))
        {
            var isCycle = component.Count > 1 || outgoing[component[0]].Contains(component[0]);
            if (!isCycle)
            {
                continue;
            }

            var waits = component.Any(id => modules.GetValueOrDefault(id) is { } m && (m.Descriptor.Waits || m.Descriptor.Interactive));
            // A cycle through an unknown module is reported as the unknown module, not twice.
            var unknown = component.Any(id => modules.GetValueOrDefault(id) is null);
            if (!waits && !unknown)
            {
                var ordered = component.OrderBy(id => id, StringComparer.Ordinal).ToList();
                errors.Add(new(ordered[0], "edges", $"Cycle {string.Join(" → ", ordered)} has no wait, retry or interactive node; it would loop forever.", null, null, ValidationCodes.Cycle));
            }
        }

        // Settings and rules, against the context each node sees.
        var ancestors = Ancestors(byId.Keys, outgoing);
        foreach (var (id, node) in byId)
        {
            var schema = ContextSchema(ancestors[id], byId, modules);
            if (!string.IsNullOrWhiteSpace(node.Rule))
            {
                errors.AddRange(CheckRule(id, "rule", node.Rule, schema, requireBool: true));
            }

            if (modules[id] is not { } module)
            {
                continue;
            }

            var ruleSettings = new List<(string Field, string Source)>();
            errors.AddRange(SettingsValidator.Validate(id, module.Descriptor, node.Settings, ruleSettings));
            // Rule-typed settings are expressions of any type (a value to store or send); only node
            // rules and branch conditions must be bool.
            foreach (var (field, source) in ruleSettings)
            {
                errors.AddRange(CheckRule(id, field, source, schema, requireBool: false));
            }

            var context = new ModuleValidationContext(
                id, SettingsValidator.ApplyDefaults(module.Descriptor, node.Settings), (field, source) => CheckRule(id, field, source, schema, requireBool: true));
            errors.AddRange(module.Validate(context));
        }

        return new ValidationResult(errors);
    }

    /// <summary>
    /// The rule context a node sees: the standard roots plus <c>modules.&lt;id&gt;</c> for every node that can
    /// run before it, typed by its module's output schema (<c>map(dyn)</c> for unknown modules).
    /// </summary>
    public RuleSchema ContextSchemaFor(WorkflowDefinition definition, string nodeId)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var byId = new Dictionary<string, WorkflowNode>(StringComparer.Ordinal);
        foreach (var node in definition.Nodes)
        {
            byId.TryAdd(node.Id, node);
        }

        var outgoing = byId.Keys.ToDictionary(k => k, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var edge in definition.Edges)
        {
            if (outgoing.TryGetValue(edge.From, out var list) && byId.ContainsKey(edge.To))
            {
                list.Add(edge.To);
            }
        }

        var modules = byId.ToDictionary(p => p.Key, p => registry.Find(p.Value.Type), StringComparer.Ordinal);
        var ancestors = Ancestors(byId.Keys, outgoing);
        return ContextSchema(ancestors.GetValueOrDefault(nodeId) ?? new HashSet<string>(), byId, modules);
    }

    /// <summary>The context with every node's outputs (used at run time and for dry runs).</summary>
    public static RuleSchema FullContextSchema(WorkflowDefinition definition, ModuleRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(registry);
        var byId = new Dictionary<string, WorkflowNode>(StringComparer.Ordinal);
        foreach (var node in definition.Nodes)
        {
            byId.TryAdd(node.Id, node);
        }

        var modules = byId.ToDictionary(p => p.Key, p => registry.Find(p.Value.Type), StringComparer.Ordinal);
        return ContextSchema(byId.Keys.ToHashSet(StringComparer.Ordinal), byId, modules);
    }

    private static RuleSchema ContextSchema(
        IReadOnlySet<string> visible, Dictionary<string, WorkflowNode> byId, Dictionary<string, IWorkflowModule?> modules)
    {
        var fields = new List<KeyValuePair<string, RuleType>>();
        foreach (var id in visible.OrderBy(v => v, StringComparer.Ordinal))
        {
            if (!byId.ContainsKey(id))
            {
                continue;
            }

            var type = modules.GetValueOrDefault(id) is { } module
                ? RuleType.Object(module.Descriptor.Outputs.Select(o => new KeyValuePair<string, RuleType>(o.Name, RuleType.FromName(o.Type))))
                : RuleType.Map(RuleType.Dyn);
            fields.Add(new(id, type));
        }

        return RuleSchema.Create(
            ("request", RuleSchema.RequestType),
            ("user", RuleSchema.UserType),
            ("application", RuleSchema.ApplicationType),
            ("modules", RuleType.Object(fields)),
            ("result", RuleType.Map(RuleType.Dyn)));
    }

    private static IEnumerable<ValidationError> CheckRule(string nodeId, string field, string source, RuleSchema schema, bool requireBool)
    {
        var check = requireBool ? RuleCompiler.CheckBool(source, schema) : RuleCompiler.Check(source, schema);
        foreach (var diagnostic in check.Diagnostics)
        {
            yield return new ValidationError(nodeId, field, diagnostic.Message, diagnostic.Line, diagnostic.Column, diagnostic.Code);
        }
    }

    private static IReadOnlyList<string> SafePorts(IWorkflowModule module, System.Text.Json.Nodes.JsonObject settings)
    {
        try
        {
            return module.GetPorts(settings);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            return module.Descriptor.Ports;
        }
    }

    private static HashSet<string> Reach(string start, Dictionary<string, List<string>> outgoing)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { start };
        var stack = new Stack<string>();
        stack.Push(start);
        while (stack.Count > 0)
        {
            foreach (var next in outgoing[stack.Pop()])
            {
                if (seen.Add(next))
                {
                    stack.Push(next);
                }
            }
        }

        return seen;
    }

    // Nodes that can reach each node (its possible predecessors at run time), excluding itself unless on a cycle.
    private static Dictionary<string, IReadOnlySet<string>> Ancestors(IEnumerable<string> ids, Dictionary<string, List<string>> outgoing)
    {
        var incoming = outgoing.Keys.ToDictionary(k => k, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var (from, targets) in outgoing)
        {
            foreach (var to in targets)
            {
                incoming[to].Add(from);
            }
        }

        var result = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>(incoming[id]);
            while (stack.Count > 0)
            {
                var current = stack.Pop();
                if (seen.Add(current))
                {
                    foreach (var previous in incoming[current])
                    {
                        stack.Push(previous);
                    }
                }
            }

            result[id] = seen;
        }

        return result;
    }

    // Tarjan's algorithm, iterative so that a hostile 10,000-node chain cannot overflow the stack.
    private static List<List<string>> StronglyConnected(IEnumerable<string> ids, Dictionary<string, List<string>> outgoing)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var components = new List<List<string>>();
        var counter = 0;
        foreach (var root in ids)
        {
            if (index.ContainsKey(root))
            {
                continue;
            }

            var work = new Stack<(string Node, int Edge)>();
            work.Push((root, 0));
            index[root] = low[root] = counter++;
            stack.Push(root);
            onStack.Add(root);
            while (work.Count > 0)
            {
                var (node, edge) = work.Pop();
                var targets = outgoing[node];
                if (edge < targets.Count)
                {
                    work.Push((node, edge + 1));
                    var next = targets[edge];
                    if (!index.ContainsKey(next))
                    {
                        index[next] = low[next] = counter++;
                        stack.Push(next);
                        onStack.Add(next);
                        work.Push((next, 0));
                    }
                    else if (onStack.Contains(next))
                    {
                        low[node] = Math.Min(low[node], index[next]);
                    }

                    continue;
                }

                if (low[node] == index[node])
                {
                    var component = new List<string>();
                    string member;
                    do
                    {
                        member = stack.Pop();
                        onStack.Remove(member);
                        component.Add(member);
                    }
                    while (member != node);
                    components.Add(component);
                }

                if (work.Count > 0)
                {
                    var parent = work.Peek().Node;
                    low[parent] = Math.Min(low[parent], low[node]);
                }
            }
        }

        return components;
    }
}
