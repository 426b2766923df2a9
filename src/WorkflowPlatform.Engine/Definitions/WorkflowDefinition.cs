using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace WorkflowPlatform.Engine.Definitions;

/// <summary>
/// A workflow definition in the platform's own JSON format (camelCase, see <c>workflows/workflow.schema.json</c>).
/// The designer's positions live in <see cref="Layout"/>, never inside nodes.
/// </summary>
public sealed record WorkflowDefinition
{
    /// <summary>Stable key, lower-case kebab (<c>selfie-registration</c>).</summary>
    public required string Key { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>Free text shown in the console.</summary>
    public string? Description { get; init; }

    /// <summary>Version number; assigned by the definition service when saved.</summary>
    public int Version { get; init; }

    /// <summary>Id of the node the flow starts at.</summary>
    public required string Start { get; init; }

    // Plain setters rather than init: the source-generated deserializer assigns every init-only
    // property (default when absent), which would override these initialisers.

    /// <summary>Nodes of the flowchart.</summary>
    public IReadOnlyList<WorkflowNode> Nodes { get; set; } = [];

    /// <summary>Edges: from node + port → to node.</summary>
    public IReadOnlyList<WorkflowEdge> Edges { get; set; } = [];

    /// <summary>Designer positions by node id; ignored by the executor.</summary>
    public IReadOnlyDictionary<string, NodePosition>? Layout { get; init; }

    /// <summary>Finds a node by id or returns null.</summary>
    public WorkflowNode? FindNode(string id)
    {
        foreach (var node in Nodes)
        {
            if (node.Id == id)
            {
                return node;
            }
        }

        return null;
    }

    /// <summary>Finds the target of the edge leaving <paramref name="nodeId"/> on <paramref name="port"/>.</summary>
    public string? FindTarget(string nodeId, string port)
    {
        foreach (var edge in Edges)
        {
            if (edge.From == nodeId && edge.Port == port)
            {
                return edge.To;
            }
        }

        return null;
    }
}

/// <summary>One node of a workflow: a module instance with Enable, Rule and settings.</summary>
public sealed record WorkflowNode
{
    /// <summary>Unique id inside the definition; also the key under <c>modules.&lt;id&gt;</c> in rules.</summary>
    public required string Id { get; init; }

    /// <summary>Module type key (<c>decision</c>, <c>selfie_registration</c>, …).</summary>
    public required string Type { get; init; }

    /// <summary>Display name.</summary>
    public string? Name { get; init; }

    /// <summary>Enable toggle: a disabled node is skipped. Defaults to true when absent (plain setter: see <see cref="WorkflowDefinition.Nodes"/>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Optional rule: the node runs only when it evaluates to true.</summary>
    public string? Rule { get; init; }

    /// <summary>Module settings, validated against the module's settings schema at publish time.</summary>
    public JsonObject? Settings { get; init; }
}

/// <summary>An edge from a node's port to another node.</summary>
public sealed record WorkflowEdge
{
    /// <summary>Source node id.</summary>
    public required string From { get; init; }

    /// <summary>Port of the source node (<c>done</c>, <c>failed</c>, <c>skipped</c> or a decision branch).</summary>
    public required string Port { get; init; }

    /// <summary>Target node id.</summary>
    public required string To { get; init; }
}

/// <summary>Designer position of a node.</summary>
public sealed record NodePosition(double X, double Y);

/// <summary>State of a stored definition version.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DefinitionStatus>))]
public enum DefinitionStatus
{
    /// <summary>Editable; not used by new requests.</summary>
    [JsonStringEnumMemberName("draft")]
    Draft,

    /// <summary>Frozen; new requests run on the latest published version.</summary>
    [JsonStringEnumMemberName("published")]
    Published,
}

/// <summary>One stored version of a definition (a row of the definition-versions table).</summary>
public sealed record WorkflowDefinitionVersion
{
    /// <summary>Workspace owning the definition.</summary>
    public required string WorkspaceId { get; init; }

    /// <summary>Definition key.</summary>
    public required string Key { get; init; }

    /// <summary>Version number (1, 2, …).</summary>
    public required int Version { get; init; }

    /// <summary>Draft or published.</summary>
    public required DefinitionStatus Status { get; init; }

    /// <summary>The definition (its <see cref="WorkflowDefinition.Version"/> equals <see cref="Version"/>).</summary>
    public required WorkflowDefinition Definition { get; init; }

    /// <summary>Canonical hash, see <see cref="DefinitionSerializer.ComputeHash"/>.</summary>
    public required string Hash { get; init; }

    /// <summary>When this version was first saved.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the draft was last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>When the version was published; null for drafts.</summary>
    public DateTimeOffset? PublishedAt { get; init; }
}

/// <summary>List entry for the admin API's definition list.</summary>
public sealed record WorkflowDefinitionSummary(
    string Key, string Name, string? Description, int? DraftVersion, int? PublishedVersion, DateTimeOffset UpdatedAt);
