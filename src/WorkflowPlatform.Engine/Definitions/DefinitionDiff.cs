using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace WorkflowPlatform.Engine.Definitions;

/// <summary>Kind of a change between two definition versions.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChangeKind>))]
public enum ChangeKind
{
    /// <summary>Present only in the newer version.</summary>
    [JsonStringEnumMemberName("added")]
    Added,

    /// <summary>Present only in the older version.</summary>
    [JsonStringEnumMemberName("removed")]
    Removed,

    /// <summary>Present in both with different values.</summary>
    [JsonStringEnumMemberName("changed")]
    Changed,
}

/// <summary>One change: a path such as <c>nodes[selfie].settings.attempts</c>, its kind and both values.</summary>
public sealed record DefinitionChange(string Path, ChangeKind Kind, JsonNode? Before, JsonNode? After);

/// <summary>
/// Structural diff of two definitions. Nodes are matched by id and edges by <c>from:port</c>, so
/// reordering the arrays is not a change and paths name what an admin recognises.
/// </summary>
public static class DefinitionDiff
{
    /// <summary>Lists the changes from <paramref name="from"/> to <paramref name="to"/> (the <c>version</c> field is ignored).</summary>
    public static IReadOnlyList<DefinitionChange> Compare(WorkflowDefinition from, WorkflowDefinition to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var before = DefinitionSerializer.ToJsonObject(from);
        var after = DefinitionSerializer.ToJsonObject(to);
        before.Remove("version");
        after.Remove("version");
        KeyArray(before, "nodes", n => n["id"]?.GetValue<string>());
        KeyArray(after, "nodes", n => n["id"]?.GetValue<string>());
        KeyArray(before, "edges", EdgeKey);
        KeyArray(after, "edges", EdgeKey);
        var changes = new List<DefinitionChange>();
        CompareNodes(string.Empty, before, after, changes);
        return changes;
    }

    private static string? EdgeKey(JsonObject edge)
        => $"{edge["from"]?.GetValue<string>()}:{edge["port"]?.GetValue<string>()}";

    // Replaces an array of objects by an object keyed by identity (duplicates keep their index suffix).
    private static void KeyArray(JsonObject root, string property, Func<JsonObject, string?> keyOf)
    {
        if (root[property] is not JsonArray array)
        {
            return;
        }

        var keyed = new JsonObject();
        for (var i = 0; i < array.Count; i++)
        {
            var item = array[i];
            var key = item is JsonObject obj ? keyOf(obj) : null;
            key ??= $"#{i}";
            if (keyed.ContainsKey(key))
            {
                key = $"{key}#{i}";
            }

            keyed[key] = item?.DeepClone();
        }

        root[property] = keyed;
    }

    private static void CompareNodes(string path, JsonNode? before, JsonNode? after, List<DefinitionChange> changes)
    {
        if (before is JsonObject a && after is JsonObject b)
        {
            var keyed = path is "nodes" or "edges" or "layout";
            foreach (var (key, value) in a)
            {
                var child = Child(path, key, keyed);
                if (!b.TryGetPropertyValue(key, out var other))
                {
                    changes.Add(new DefinitionChange(child, ChangeKind.Removed, value?.DeepClone(), null));
                }
                else
                {
                    CompareNodes(child, value, other, changes);
                }
            }

            foreach (var (key, value) in b)
            {
                if (!a.ContainsKey(key))
                {
                    changes.Add(new DefinitionChange(Child(path, key, keyed), ChangeKind.Added, null, value?.DeepClone()));
                }
            }

            return;
        }

        if (!JsonNode.DeepEquals(before, after) && !CanonicalEquals(before, after))
        {
            changes.Add(new DefinitionChange(path, ChangeKind.Changed, before?.DeepClone(), after?.DeepClone()));
        }
    }

    private static bool CanonicalEquals(JsonNode? a, JsonNode? b)
    {
        var x = new System.Text.StringBuilder();
        var y = new System.Text.StringBuilder();
        DefinitionSerializer.WriteCanonical(a, x);
        DefinitionSerializer.WriteCanonical(b, y);
        return x.Equals(y);
    }

    private static string Child(string path, string key, bool keyed)
        => path.Length == 0 ? key : keyed ? $"{path}[{key}]" : $"{path}.{key}";
}
