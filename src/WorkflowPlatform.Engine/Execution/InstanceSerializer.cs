using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace WorkflowPlatform.Engine.Execution;

/// <summary>
/// Lossless JSON for instance state, for stores: <see cref="SerializeContext"/> for the instance row's
/// context column, <see cref="SerializeValues"/> for bookmark payloads, <see cref="Serialize"/> for a whole
/// instance (used by the in-memory store to keep copies isolated from callers).
/// </summary>
public static class InstanceSerializer
{
    /// <summary>Serialises request/user/application/modules/result.</summary>
    public static string SerializeContext(InstanceContext context)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteContext(writer, context);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads <see cref="SerializeContext"/> output.</summary>
    public static InstanceContext DeserializeContext(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ReadContext(document.RootElement);
    }

    /// <summary>Serialises a value dictionary (bookmark payload).</summary>
    public static string SerializeValues(IReadOnlyDictionary<string, object?> values)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ContextValues.WriteTagged(writer, values);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads <see cref="SerializeValues"/> output.</summary>
    public static Dictionary<string, object?> DeserializeValues(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ContextValues.ReadTaggedObject(document.RootElement);
    }

    /// <summary>Serialises a whole instance.</summary>
    public static byte[] Serialize(WorkflowInstance instance)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", instance.Id);
            w.WriteString("workspaceId", instance.WorkspaceId);
            w.WriteString("definitionKey", instance.DefinitionKey);
            w.WriteNumber("definitionVersion", instance.DefinitionVersion);
            w.WriteString("definitionHash", instance.DefinitionHash);
            w.WriteString("definitionSnapshot", instance.DefinitionSnapshot);
            w.WriteString("userId", instance.UserId);
            w.WriteString("applicationId", instance.ApplicationId);
            w.WriteNumber("status", (int)instance.Status);
            WriteNullableInt(w, "outcome", (int?)instance.Outcome);
            w.WriteString("currentNodeId", instance.CurrentNodeId);
            w.WritePropertyName("context");
            WriteContext(w, instance.Context);
            w.WriteStartArray("bookmarks");
            foreach (var b in instance.Bookmarks)
            {
                w.WriteStartObject();
                w.WriteString("name", b.Name);
                w.WriteString("nodeId", b.NodeId);
                w.WritePropertyName("payload");
                ContextValues.WriteTagged(w, b.Payload);
                w.WriteString("createdAt", b.CreatedAt);
                WriteNullableTime(w, "resumeAt", b.ResumeAt);
                WriteNullableTime(w, "consumedAt", b.ConsumedAt);
                w.WriteString("consumedBy", b.ConsumedBy);
                WriteNullableInt(w, "resumeStatus", (int?)b.ResumeStatus);
                WriteNullableInt(w, "resumeOutcome", (int?)b.ResumeOutcome);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("errorCode", instance.ErrorCode);
            w.WriteString("errorMessage", instance.ErrorMessage);
            w.WriteString("createdAt", instance.CreatedAt);
            w.WriteString("updatedAt", instance.UpdatedAt);
            WriteNullableTime(w, "expiresAt", instance.ExpiresAt);
            WriteNullableTime(w, "finishedAt", instance.FinishedAt);
            w.WriteString("activeBookmark", instance.ActiveBookmark);
            w.WriteNumber("recoveryCount", instance.RecoveryCount);
            w.WriteNumber("journalCount", instance.JournalCount);
            w.WriteNumber("concurrencyVersion", instance.ConcurrencyVersion);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads <see cref="Serialize"/> output.</summary>
    public static WorkflowInstance Deserialize(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8);
        using var document = JsonDocument.ParseValue(ref reader);
        var r = document.RootElement;
        var instance = new WorkflowInstance
        {
            Id = r.GetProperty("id").GetString()!,
            WorkspaceId = r.GetProperty("workspaceId").GetString()!,
            DefinitionKey = r.GetProperty("definitionKey").GetString()!,
            DefinitionVersion = r.GetProperty("definitionVersion").GetInt32(),
            DefinitionHash = r.GetProperty("definitionHash").GetString()!,
            DefinitionSnapshot = r.GetProperty("definitionSnapshot").GetString()!,
            UserId = r.GetProperty("userId").GetString(),
            ApplicationId = r.GetProperty("applicationId").GetString(),
            Status = (InstanceStatus)r.GetProperty("status").GetInt32(),
            Outcome = ReadNullableInt(r, "outcome") is { } o ? (WorkflowOutcome)o : null,
            CurrentNodeId = r.GetProperty("currentNodeId").GetString(),
            Context = ReadContext(r.GetProperty("context")),
            ErrorCode = r.GetProperty("errorCode").GetString(),
            ErrorMessage = r.GetProperty("errorMessage").GetString(),
            CreatedAt = r.GetProperty("createdAt").GetDateTimeOffset(),
            UpdatedAt = r.GetProperty("updatedAt").GetDateTimeOffset(),
            ExpiresAt = ReadNullableTime(r, "expiresAt"),
            FinishedAt = ReadNullableTime(r, "finishedAt"),
            ActiveBookmark = r.GetProperty("activeBookmark").GetString(),
            RecoveryCount = r.GetProperty("recoveryCount").GetInt32(),
            JournalCount = r.GetProperty("journalCount").GetInt32(),
            ConcurrencyVersion = r.GetProperty("concurrencyVersion").GetInt64(),
        };
        foreach (var b in r.GetProperty("bookmarks").EnumerateArray())
        {
            instance.Bookmarks.Add(new Bookmark
            {
                Name = b.GetProperty("name").GetString()!,
                NodeId = b.GetProperty("nodeId").GetString()!,
                Payload = ContextValues.ReadTaggedObject(b.GetProperty("payload")),
                CreatedAt = b.GetProperty("createdAt").GetDateTimeOffset(),
                ResumeAt = ReadNullableTime(b, "resumeAt"),
                ConsumedAt = ReadNullableTime(b, "consumedAt"),
                ConsumedBy = b.GetProperty("consumedBy").GetString(),
                ResumeStatus = ReadNullableInt(b, "resumeStatus") is { } s ? (InstanceStatus)s : null,
                ResumeOutcome = ReadNullableInt(b, "resumeOutcome") is { } ro ? (WorkflowOutcome)ro : null,
            });
        }

        return instance;
    }

    /// <summary>Deep copy through the serialised form.</summary>
    public static WorkflowInstance Clone(WorkflowInstance instance) => Deserialize(Serialize(instance));

    private static void WriteContext(Utf8JsonWriter writer, InstanceContext context)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("request");
        ContextValues.WriteTagged(writer, context.Request);
        writer.WritePropertyName("user");
        ContextValues.WriteTagged(writer, context.User);
        writer.WritePropertyName("application");
        ContextValues.WriteTagged(writer, context.Application);
        writer.WriteStartObject("modules");
        foreach (var (node, outputs) in context.Modules)
        {
            writer.WritePropertyName(node);
            ContextValues.WriteTagged(writer, outputs);
        }

        writer.WriteEndObject();
        writer.WritePropertyName("result");
        ContextValues.WriteTagged(writer, context.Result);
        writer.WriteEndObject();
    }

    private static InstanceContext ReadContext(JsonElement element)
    {
        var context = new InstanceContext
        {
            Request = ContextValues.ReadTaggedObject(element.GetProperty("request")),
            User = ContextValues.ReadTaggedObject(element.GetProperty("user")),
            Application = ContextValues.ReadTaggedObject(element.GetProperty("application")),
            Result = ContextValues.ReadTaggedObject(element.GetProperty("result")),
        };
        foreach (var property in element.GetProperty("modules").EnumerateObject())
        {
            context.Modules[property.Name] = ContextValues.ReadTaggedObject(property.Value);
        }

        return context;
    }

    private static void WriteNullableTime(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            w.WriteString(name, v.ToString("O", CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteNullableInt(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static DateTimeOffset? ReadNullableTime(JsonElement e, string name)
        => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDateTimeOffset();

    private static int? ReadNullableInt(JsonElement e, string name)
        => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetInt32();
}
