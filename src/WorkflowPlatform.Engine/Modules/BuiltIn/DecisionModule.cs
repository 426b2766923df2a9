using System.Text.Json.Nodes;
using WorkflowPlatform.Engine.Validation;

namespace WorkflowPlatform.Engine.Modules.BuiltIn;

/// <summary>
/// Decision: ordered branches <c>[{name, rule}]</c>; the first branch whose rule is true names the port
/// taken, otherwise <c>else</c>. Output <c>branch</c>.
/// </summary>
public sealed class DecisionModule : IWorkflowModule
{
    /// <summary>Type key.</summary>
    public const string TypeKey = "decision";

    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { Ports.Done, Ports.Failed, Ports.Skipped, Ports.Else };

    /// <inheritdoc />
    public ModuleDescriptor Descriptor { get; } = new()
    {
        Type = TypeKey,
        DisplayName = "Decision",
        Category = "flow",
        Description = "Takes the port of the first branch whose rule is true, or 'else'.",
        Ports = [Ports.Else, Ports.Failed, Ports.Skipped],
        Settings =
        [
            new SettingDescriptor
            {
                Name = "branches", Label = "Branches", Type = SettingTypes.Branches, Required = true, Min = 1, Max = 20,
                Description = "Ordered list of {name, rule}; each name becomes a port.",
            },
        ],
        Outputs = [new OutputDescriptor { Name = "branch", Type = OutputTypes.String, Description = "Name of the branch taken ('else' when none matched)." }],
    };

    /// <inheritdoc />
    public IReadOnlyList<string> GetPorts(JsonObject settings)
    {
        var ports = new List<string>();
        foreach (var (name, _) in Branches(settings))
        {
            ports.Add(name);
        }

        ports.Add(Ports.Else);
        ports.Add(Ports.Failed);
        return ports;
    }

    /// <inheritdoc />
    public IEnumerable<ValidationError> Validate(ModuleValidationContext context)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var (name, rule) in Branches(context.Settings))
        {
            var field = $"settings.branches[{i}]";
            if (string.IsNullOrWhiteSpace(name) || name.Length > 64 || Reserved.Contains(name))
            {
                yield return new ValidationError(context.NodeId, field + ".name", $"Branch name '{name}' is empty, too long or reserved (done, failed, skipped, else).", null, null, ValidationCodes.SettingInvalid);
            }
            else if (!names.Add(name))
            {
                yield return new ValidationError(context.NodeId, field + ".name", $"Branch name '{name}' is used twice.", null, null, ValidationCodes.SettingInvalid);
            }

            foreach (var error in context.CheckRule(field + ".rule", rule))
            {
                yield return error;
            }

            i++;
        }
    }

    /// <inheritdoc />
    public ValueTask<ModuleResult> ExecuteAsync(ModuleContext context)
    {
        foreach (var (name, rule) in Branches(context.Settings))
        {
            if (context.EvaluateRule(rule) is true)
            {
                return ValueTask.FromResult(ModuleResult.Next(name, new Dictionary<string, object?> { ["branch"] = name }));
            }
        }

        return ValueTask.FromResult(ModuleResult.Next(Ports.Else, new Dictionary<string, object?> { ["branch"] = Ports.Else }));
    }

    private static IEnumerable<(string Name, string Rule)> Branches(JsonObject settings)
    {
        if (settings["branches"] is not JsonArray array)
        {
            yield break;
        }

        foreach (var item in array)
        {
            if (item is JsonObject branch
                && branch["name"] is JsonValue n && n.TryGetValue<string>(out var name)
                && branch["rule"] is JsonValue r && r.TryGetValue<string>(out var rule))
            {
                yield return (name, rule);
            }
        }
    }
}
