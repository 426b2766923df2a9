using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace WorkflowPlatform.Engine.Definitions;

/// <summary>Loads, saves and hashes workflow definitions (System.Text.Json, camelCase).</summary>
public static class DefinitionSerializer
{
    /// <summary>Maximum accepted definition document size; larger imports are rejected before parsing.</summary>
    public const int MaxDocumentBytes = 2 * 1024 * 1024;

    /// <summary>Options used for every definition read and write.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions(indented: false);

    private static readonly JsonSerializerOptions Indented = CreateOptions(indented: true);

    private static JsonSerializerOptions CreateOptions(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            TypeInfoResolver = DefinitionJsonContext.Default,
            MaxDepth = 64,
            AllowTrailingCommas = false,
            ReadCommentHandling = JsonCommentHandling.Disallow,
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Parses a definition; throws <see cref="DefinitionFormatException"/> (code <c>DEFINITION_INVALID_JSON</c>).</summary>
    public static WorkflowDefinition Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (Encoding.UTF8.GetByteCount(json) > MaxDocumentBytes)
        {
            throw new DefinitionFormatException("DEFINITION_TOO_LARGE", $"Definition exceeds {MaxDocumentBytes} bytes.");
        }

        try
        {
            return JsonSerializer.Deserialize(json, DefinitionJsonContext.Default.WorkflowDefinition)
                ?? throw new DefinitionFormatException("DEFINITION_INVALID_JSON", "Definition is null.");
        }
        catch (JsonException e)
        {
            throw new DefinitionFormatException("DEFINITION_INVALID_JSON", e.Message, e);
        }
    }

    /// <summary>Reads a definition file.</summary>
    public static async Task<WorkflowDefinition> LoadAsync(string path, CancellationToken cancellationToken = default)
        => Deserialize(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));

    /// <summary>Writes a definition file (indented, for humans and git).</summary>
    public static Task SaveAsync(WorkflowDefinition definition, string path, CancellationToken cancellationToken = default)
        => File.WriteAllTextAsync(path, Serialize(definition, indented: true) + "\n", cancellationToken);

    /// <summary>Serialises a definition.</summary>
    public static string Serialize(WorkflowDefinition definition, bool indented = false)
        => JsonSerializer.Serialize(definition, indented ? Indented : Options);

    /// <summary>Serialises a definition to a mutable JSON tree.</summary>
    public static JsonObject ToJsonObject(WorkflowDefinition definition)
        => JsonSerializer.SerializeToNode(definition, Options)!.AsObject();

    /// <summary>
    /// Canonical JSON: object keys sorted ordinally, no whitespace, the <c>version</c> field left out so
    /// that two versions with the same content have the same hash.
    /// </summary>
    public static string ToCanonicalJson(WorkflowDefinition definition)
    {
        var tree = ToJsonObject(definition);
        tree.Remove("version");
        var builder = new StringBuilder(1024);
        WriteCanonical(tree, builder);
        return builder.ToString();
    }

    /// <summary>SHA-256 of the canonical JSON, lower-case hex prefixed with <c>sha256:</c>.</summary>
    public static string ComputeHash(WorkflowDefinition definition)
    {
        var bytes = Encoding.UTF8.GetBytes(ToCanonicalJson(definition));
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    internal static void WriteCanonical(JsonNode? node, StringBuilder builder)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var pair in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    builder.Append(JsonSerializer.Serialize(pair.Key, CanonicalStringOptions));
                    builder.Append(':');
                    WriteCanonical(pair.Value, builder);
                }

                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    WriteCanonical(array[i], builder);
                }

                builder.Append(']');
                break;
            case JsonValue value:
                builder.Append(CanonicalScalar(value));
                break;
        }
    }

    private static readonly JsonSerializerOptions CanonicalStringOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = DefinitionJsonContext.Default,
    };

    private static string CanonicalScalar(JsonValue value)
    {
        using var document = JsonDocument.Parse(value.ToJsonString());
        var element = document.RootElement;
        return element.ValueKind switch
        {
            // Numbers are normalised so that 3, 3.0 and 3e0 hash alike.
            JsonValueKind.Number when element.TryGetInt64(out var l) => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
            JsonValueKind.Number => element.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            JsonValueKind.String => JsonSerializer.Serialize(element.GetString(), CanonicalStringOptions),
            _ => element.GetRawText(),
        };
    }
}

/// <summary>A definition document that cannot be read.</summary>
public sealed class DefinitionFormatException(string code, string message, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>Stable error code (<c>DEFINITION_INVALID_JSON</c>, <c>DEFINITION_TOO_LARGE</c>).</summary>
    public string Code { get; } = code;
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(WorkflowDefinition))]
[JsonSerializable(typeof(WorkflowDefinitionVersion))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(string))]
internal sealed partial class DefinitionJsonContext : JsonSerializerContext;
