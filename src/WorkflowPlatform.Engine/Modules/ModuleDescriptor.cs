using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace WorkflowPlatform.Engine.Modules;

/// <summary>
/// Describes a module to the designer, the validator and the executor. Serialises to the descriptor
/// JSON of <c>GET /api/admin/workspaces/{ws}/modules</c>.
/// </summary>
public sealed record ModuleDescriptor
{
    /// <summary>Type key used by nodes (<c>decision</c>, <c>selfie_registration</c>).</summary>
    public required string Type { get; init; }

    /// <summary>Name shown in the palette.</summary>
    public required string DisplayName { get; init; }

    /// <summary>Palette category (<c>flow</c>, <c>identity</c>, <c>integration</c>, …).</summary>
    public required string Category { get; init; }

    /// <summary>Help text.</summary>
    public string Description { get; init; } = "";

    /// <summary>Needs the person: the module suspends the instance until they submit something.</summary>
    public bool Interactive { get; init; }

    /// <summary>Changes the outside world; simulated during a dry run.</summary>
    public bool SideEffects { get; init; }

    /// <summary>
    /// Static ports. <c>skipped</c> is implicit for every node. Modules whose ports come from settings
    /// (Decision) list the fixed ones here and report the rest through <see cref="IWorkflowModule"/>.
    /// </summary>
    public IReadOnlyList<string> Ports { get; init; } = ["done", "failed", "skipped"];

    /// <summary>Settings form: fields, types, defaults, limits.</summary>
    public IReadOnlyList<SettingDescriptor> Settings { get; init; } = [];

    /// <summary>Outputs readable by later rules as <c>modules.&lt;nodeId&gt;.&lt;name&gt;</c>.</summary>
    public IReadOnlyList<OutputDescriptor> Outputs { get; init; } = [];

    /// <summary>
    /// The module may suspend on a timer (Wait, retry back-off); a cycle through such a node is
    /// allowed by validation because every lap waits. Not part of the descriptor JSON.
    /// </summary>
    [JsonIgnore]
    public bool Waits { get; init; }
}

/// <summary>Setting field types.</summary>
public static class SettingTypes
{
    /// <summary>true/false.</summary>
    public const string Bool = "bool";
    /// <summary>64-bit integer with optional min/max.</summary>
    public const string Int = "int";
    /// <summary>Floating point with optional min/max.</summary>
    public const string Number = "number";
    /// <summary>Free text (max length via <see cref="SettingDescriptor.Max"/>).</summary>
    public const string String = "string";
    /// <summary>One of <see cref="SettingDescriptor.Options"/>.</summary>
    public const string Enum = "enum";
    /// <summary>Array of strings.</summary>
    public const string StringList = "string_list";
    /// <summary>A rule expression, type-checked like node rules.</summary>
    public const string Rule = "rule";
    /// <summary>Absolute http(s) URL.</summary>
    public const string Url = "url";
    /// <summary>A secret string; never echoed in journals.</summary>
    public const string Secret = "secret";
    /// <summary>Decision branches: an ordered array of <c>{name, rule}</c>; each name becomes a port.</summary>
    public const string Branches = "branches";
    /// <summary>Object of string → string (e.g. HTTP headers).</summary>
    public const string StringMap = "string_map";

    /// <summary>Every known setting type.</summary>
    public static IReadOnlySet<string> All { get; } =
        new HashSet<string>(StringComparer.Ordinal) { Bool, Int, Number, String, Enum, StringList, Rule, Url, Secret, Branches, StringMap };
}

/// <summary>One field of a module's settings form.</summary>
public sealed record SettingDescriptor
{
    /// <summary>Key inside <c>settings</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Form label.</summary>
    public required string Label { get; init; }

    /// <summary>One of <see cref="SettingTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>Default value when the setting is absent.</summary>
    public JsonNode? Default { get; init; }

    /// <summary>Minimum (numbers) or minimum length/count (strings, lists).</summary>
    public double? Min { get; init; }

    /// <summary>Maximum (numbers) or maximum length/count (strings, lists).</summary>
    public double? Max { get; init; }

    /// <summary>Must be present.</summary>
    public bool Required { get; init; }

    /// <summary>Help text.</summary>
    public string Description { get; init; } = "";

    /// <summary>Allowed values for <c>enum</c>.</summary>
    public IReadOnlyList<string>? Options { get; init; }
}

/// <summary>Output value types.</summary>
public static class OutputTypes
{
    /// <summary>bool.</summary>
    public const string Bool = "bool";
    /// <summary>64-bit integer.</summary>
    public const string Int = "int";
    /// <summary>double.</summary>
    public const string Double = "double";
    /// <summary>string.</summary>
    public const string String = "string";
    /// <summary>DateTimeOffset.</summary>
    public const string Timestamp = "timestamp";
    /// <summary>map of string → dyn.</summary>
    public const string Map = "map";
    /// <summary>list of dyn.</summary>
    public const string List = "list";
}

/// <summary>One output of a module.</summary>
public sealed record OutputDescriptor
{
    /// <summary>Output name (snake_case).</summary>
    public required string Name { get; init; }

    /// <summary>One of <see cref="OutputTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>Help text.</summary>
    public string Description { get; init; } = "";

    /// <summary>Redacted in journals and dry-run output.</summary>
    public bool Sensitive { get; init; }
}
