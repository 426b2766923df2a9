using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WorkflowPlatform.Engine.Execution;

/// <summary>
/// Conversions between .NET values, rule values (null, bool, long, double, string, DateTimeOffset,
/// TimeSpan, IReadOnlyList&lt;object?&gt;, IReadOnlyDictionary&lt;string, object?&gt;) and JSON.
/// </summary>
public static class ContextValues
{
    private const int MaxDepth = 32;

    /// <summary>Converts a .NET value to a rule value; unsupported types throw <see cref="ArgumentException"/>.</summary>
    public static object? Normalize(object? value) => Normalize(value, 0);

    private static object? Normalize(object? value, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException("Value nested too deeply.");
        }

        switch (value)
        {
            case null or bool or long or double or string or DateTimeOffset or TimeSpan:
                return value;
            case int i: return (long)i;
            case short s: return (long)s;
            case byte b: return (long)b;
            case uint ui: return (long)ui;
            case float f: return (double)f;
            case decimal m: return (double)m;
            case DateTime dt: return new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt);
            case Enum e: return e.ToString();
            case byte[]:
                throw new ArgumentException("Byte arrays are not rule values; store the bytes elsewhere and output an id or URL.");
            case JsonElement element: return FromJson(element, depth);
            case JsonNode node:
            {
                using var document = JsonDocument.Parse(node.ToJsonString());
                return FromJson(document.RootElement, depth);
            }
            case IDictionary<string, object?> dict:
            {
                var copy = new Dictionary<string, object?>(dict.Count, StringComparer.Ordinal);
                foreach (var (k, v) in dict)
                {
                    copy[k] = Normalize(v, depth + 1);
                }

                return copy;
            }
            case IReadOnlyDictionary<string, object?> rdict:
            {
                var copy = new Dictionary<string, object?>(rdict.Count, StringComparer.Ordinal);
                foreach (var (k, v) in rdict)
                {
                    copy[k] = Normalize(v, depth + 1);
                }

                return copy;
            }
            case IEnumerable enumerable:
            {
                var list = new List<object?>();
                foreach (var item in enumerable)
                {
                    list.Add(Normalize(item, depth + 1));
                }

                return list;
            }
            default:
                throw new ArgumentException($"Type {value.GetType().Name} is not a rule value.");
        }
    }

    /// <summary>
    /// Parses ISO 8601 strings in fields that <paramref name="type"/> declares as timestamps (JSON and
    /// API inputs have no timestamp type), in place.
    /// </summary>
    public static void CoerceTimestamps(Dictionary<string, object?> values, Rules.RuleType type)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(type);
        foreach (var (key, value) in values.ToList())
        {
            if (value is string text && type.TryGetField(key, out var field) && field.Kind == Rules.RuleTypeKind.Timestamp
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp))
            {
                values[key] = timestamp;
            }
        }
    }

    /// <summary>Reads plain JSON as rule values (numbers without fraction → long; strings stay strings).</summary>
    public static object? FromJson(JsonElement element) => FromJson(element, 0);

    private static object? FromJson(JsonElement element, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new ArgumentException("Value nested too deeply.");
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.True: return true;
            case JsonValueKind.False: return false;
            case JsonValueKind.String: return element.GetString();
            case JsonValueKind.Number: return element.TryGetInt64(out var l) ? (object)l : element.GetDouble();
            case JsonValueKind.Array:
            {
                var list = new List<object?>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    list.Add(FromJson(item, depth + 1));
                }

                return list;
            }
            case JsonValueKind.Object:
            {
                var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    dict[property.Name] = FromJson(property.Value, depth + 1);
                }

                return dict;
            }
            default: return null;
        }
    }

    /// <summary>Reads a JSON object as a rule-value dictionary (null or non-object → empty).</summary>
    public static Dictionary<string, object?> DictionaryFromJson(JsonElement? element)
        => element is { ValueKind: JsonValueKind.Object } e && FromJson(e) is Dictionary<string, object?> d
            ? d
            : new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Display JSON (timestamps ISO 8601, durations <c>c</c> format); lossy by design.</summary>
    public static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        int i => JsonValue.Create(i),
        double d when double.IsFinite(d) => JsonValue.Create(d),
        double d => JsonValue.Create(d.ToString(CultureInfo.InvariantCulture)),
        string s => JsonValue.Create(s),
        DateTimeOffset t => JsonValue.Create(t.ToString("O", CultureInfo.InvariantCulture)),
        TimeSpan ts => JsonValue.Create(ts.ToString("c", CultureInfo.InvariantCulture)),
        IReadOnlyDictionary<string, object?> dict => ToJsonObject(dict),
        IDictionary<string, object?> dict => ToJsonObject(dict),
        IEnumerable list => ToJsonArray(list),
        _ => JsonValue.Create(value.ToString()),
    };

    private static JsonObject ToJsonObject(IEnumerable<KeyValuePair<string, object?>> dict)
    {
        var obj = new JsonObject();
        foreach (var (k, v) in dict)
        {
            obj[k] = ToJson(v);
        }

        return obj;
    }

    private static JsonArray ToJsonArray(IEnumerable list)
    {
        var array = new JsonArray();
        foreach (var item in list)
        {
            array.Add(ToJson(item));
        }

        return array;
    }

    // ---- lossless, tagged form used to persist instance state ----
    // Timestamps and durations become {"$ts": "..."} / {"$dur": "..."}; a dictionary whose single key
    // starts with '$' is wrapped as {"$map": {...}} so it cannot be mistaken for a tag.

    /// <summary>Writes a rule value in the lossless tagged form.</summary>
    public static void WriteTagged(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue(i); break;
            case double d when double.IsFinite(d):
                if (d == Math.Floor(d) && Math.Abs(d) < 1e15)
                {
                    // Keep doubles as doubles on the way back.
                    writer.WriteStartObject();
                    writer.WriteNumber("$dbl", d);
                    writer.WriteEndObject();
                }
                else
                {
                    writer.WriteNumberValue(d);
                }

                break;
            case double d:
                writer.WriteStartObject();
                writer.WriteString("$dbl", d.ToString("R", CultureInfo.InvariantCulture));
                writer.WriteEndObject();
                break;
            case string s: writer.WriteStringValue(s); break;
            case DateTimeOffset t:
                writer.WriteStartObject();
                writer.WriteString("$ts", t.ToString("O", CultureInfo.InvariantCulture));
                writer.WriteEndObject();
                break;
            case TimeSpan ts:
                writer.WriteStartObject();
                writer.WriteString("$dur", ts.ToString("c", CultureInfo.InvariantCulture));
                writer.WriteEndObject();
                break;
            case IEnumerable<KeyValuePair<string, object?>> dict:
            {
                var pairs = dict as ICollection<KeyValuePair<string, object?>> ?? dict.ToList();
                var wrap = pairs.Count == 1 && pairs.First().Key.StartsWith('$');
                writer.WriteStartObject();
                if (wrap)
                {
                    writer.WritePropertyName("$map");
                    writer.WriteStartObject();
                }

                foreach (var (k, v) in pairs)
                {
                    writer.WritePropertyName(k);
                    WriteTagged(writer, v);
                }

                if (wrap)
                {
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
                break;
            }
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteTagged(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"Type {value.GetType().Name} is not a rule value.");
        }
    }

    /// <summary>Reads the lossless tagged form.</summary>
    public static object? ReadTagged(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
            {
                using var enumerator = element.EnumerateObject();
                var single = enumerator.MoveNext() ? enumerator.Current : default;
                var onlyOne = single.Value.ValueKind != JsonValueKind.Undefined && !enumerator.MoveNext();
                if (onlyOne)
                {
                    switch (single.Name)
                    {
                        case "$ts": return DateTimeOffset.Parse(single.Value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                        case "$dur": return TimeSpan.ParseExact(single.Value.GetString()!, "c", CultureInfo.InvariantCulture);
                        case "$dbl":
                            return single.Value.ValueKind == JsonValueKind.Number
                                ? single.Value.GetDouble()
                                : double.Parse(single.Value.GetString()!, CultureInfo.InvariantCulture);
                        case "$map": return ReadPlainObject(single.Value);
                    }
                }

                return ReadPlainObject(element);
            }
            case JsonValueKind.Array:
            {
                var list = new List<object?>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    list.Add(ReadTagged(item));
                }

                return list;
            }
            case JsonValueKind.Number: return element.TryGetInt64(out var l) ? (object)l : element.GetDouble();
            default: return FromJson(element);
        }
    }

    /// <summary>Reads a tagged JSON object into a dictionary (non-objects give an empty one).</summary>
    public static Dictionary<string, object?> ReadTaggedObject(JsonElement element)
        => ReadTagged(element) as Dictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.Ordinal);

    private static Dictionary<string, object?> ReadPlainObject(JsonElement element)
    {
        var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (element.ValueKind != JsonValueKind.Object)
        {
            return dict;
        }

        foreach (var property in element.EnumerateObject())
        {
            dict[property.Name] = ReadTagged(property.Value);
        }

        return dict;
    }
}
