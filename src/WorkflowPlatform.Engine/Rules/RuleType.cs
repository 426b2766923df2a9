using System.Text;

namespace WorkflowPlatform.Engine.Rules;

/// <summary>The kind of a rule value's static type.</summary>
public enum RuleTypeKind
{
    /// <summary>The type of the <c>null</c> literal.</summary>
    Null,
    /// <summary><c>true</c> / <c>false</c>; runtime <see cref="bool"/>.</summary>
    Bool,
    /// <summary>64-bit signed integer; runtime <see cref="long"/>.</summary>
    Int,
    /// <summary>64-bit float; runtime <see cref="double"/>.</summary>
    Double,
    /// <summary>Text; runtime <see cref="string"/>.</summary>
    String,
    /// <summary>A point in time; runtime <see cref="DateTimeOffset"/>.</summary>
    Timestamp,
    /// <summary>A length of time; runtime <see cref="TimeSpan"/>.</summary>
    Duration,
    /// <summary>A list of <see cref="RuleType.ElementType"/>; runtime <see cref="IReadOnlyList{T}"/> of object?.</summary>
    List,
    /// <summary>A map from string keys to <see cref="RuleType.ElementType"/>; runtime IReadOnlyDictionary&lt;string, object?&gt;.</summary>
    Map,
    /// <summary>An object with declared fields; runtime IReadOnlyDictionary&lt;string, object?&gt;.</summary>
    Object,
    /// <summary>Any value, checked at run time (e.g. request metadata).</summary>
    Dyn,
}

/// <summary>
/// A static type in the rule language. Immutable; compare with <see cref="Equals(RuleType?)"/>.
/// </summary>
public sealed class RuleType : IEquatable<RuleType>
{
    private static readonly IReadOnlyDictionary<string, RuleType> NoFields = new Dictionary<string, RuleType>();
    private string? _signature;

    private RuleType(RuleTypeKind kind, RuleType? element, IReadOnlyDictionary<string, RuleType> fields)
    {
        Kind = kind;
        ElementType = element;
        Fields = fields;
    }

    /// <summary>The kind of this type.</summary>
    public RuleTypeKind Kind { get; }

    /// <summary>Element type of a list, value type of a map; otherwise null.</summary>
    public RuleType? ElementType { get; }

    /// <summary>Declared fields of an object type (empty for other kinds).</summary>
    public IReadOnlyDictionary<string, RuleType> Fields { get; }

    /// <summary>The type of the <c>null</c> literal.</summary>
    public static RuleType Null { get; } = new(RuleTypeKind.Null, null, NoFields);
    /// <summary>Boolean.</summary>
    public static RuleType Bool { get; } = new(RuleTypeKind.Bool, null, NoFields);
    /// <summary>64-bit integer.</summary>
    public static RuleType Int { get; } = new(RuleTypeKind.Int, null, NoFields);
    /// <summary>Double-precision number.</summary>
    public static RuleType Double { get; } = new(RuleTypeKind.Double, null, NoFields);
    /// <summary>String.</summary>
    public static RuleType String { get; } = new(RuleTypeKind.String, null, NoFields);
    /// <summary>Timestamp (DateTimeOffset).</summary>
    public static RuleType Timestamp { get; } = new(RuleTypeKind.Timestamp, null, NoFields);
    /// <summary>Duration (TimeSpan).</summary>
    public static RuleType Duration { get; } = new(RuleTypeKind.Duration, null, NoFields);
    /// <summary>Dynamic: any value, checked at run time.</summary>
    public static RuleType Dyn { get; } = new(RuleTypeKind.Dyn, null, NoFields);

    /// <summary>A list whose elements have <paramref name="element"/> type.</summary>
    public static RuleType List(RuleType element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return new(RuleTypeKind.List, element, NoFields);
    }

    /// <summary>A map with string keys and <paramref name="value"/> values.</summary>
    public static RuleType Map(RuleType value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(RuleTypeKind.Map, value, NoFields);
    }

    /// <summary>An object with the given declared fields.</summary>
    public static RuleType Object(params (string Name, RuleType Type)[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var dict = new Dictionary<string, RuleType>(StringComparer.Ordinal);
        foreach (var (name, type) in fields)
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            ArgumentNullException.ThrowIfNull(type);
            dict[name] = type;
        }
        return new(RuleTypeKind.Object, null, dict);
    }

    /// <summary>An object with the given declared fields.</summary>
    public static RuleType Object(IEnumerable<KeyValuePair<string, RuleType>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var dict = new Dictionary<string, RuleType>(StringComparer.Ordinal);
        foreach (var (name, type) in fields)
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            ArgumentNullException.ThrowIfNull(type);
            dict[name] = type;
        }
        return new(RuleTypeKind.Object, null, dict);
    }

    /// <summary>
    /// Parses a type name as used in module output schemas: <c>bool</c>, <c>int</c>, <c>double</c>
    /// (alias <c>number</c>), <c>string</c>, <c>timestamp</c>, <c>duration</c>, <c>map</c> (map of dyn),
    /// <c>list</c> (list of dyn), <c>dyn</c>. Unknown names give <see cref="Dyn"/>.
    /// </summary>
    public static RuleType FromName(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "bool" or "boolean" => Bool,
        "int" or "integer" or "long" => Int,
        "double" or "number" or "float" => Double,
        "string" or "text" => String,
        "timestamp" or "datetime" => Timestamp,
        "duration" => Duration,
        "map" or "object" => Map(Dyn),
        "string_list" => List(String),
        "list" or "array" => List(Dyn),
        _ => Dyn,
    };

    /// <summary>Returns the declared type of field <paramref name="name"/> of an object type.</summary>
    public bool TryGetField(string name, out RuleType type)
    {
        if (Fields.TryGetValue(name, out var t))
        {
            type = t;
            return true;
        }
        type = Dyn;
        return false;
    }

    /// <summary>A canonical text form, e.g. <c>list(string)</c>, <c>map(dyn)</c>, <c>{a: int, b: bool}</c>.</summary>
    public override string ToString() => _signature ??= BuildSignature();

    private string BuildSignature()
    {
        switch (Kind)
        {
            case RuleTypeKind.List: return $"list({ElementType})";
            case RuleTypeKind.Map: return $"map({ElementType})";
            case RuleTypeKind.Object:
                var sb = new StringBuilder("{");
                var first = true;
                foreach (var (name, type) in Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }
                    first = false;
                    sb.Append(name).Append(": ").Append(type.ToString());
                }
                return sb.Append('}').ToString();
            default: return Kind.ToString().ToLowerInvariant();
        }
    }

    /// <inheritdoc />
    public bool Equals(RuleType? other) =>
        other is not null && (ReferenceEquals(this, other) || (Kind == other.Kind && ToString() == other.ToString()));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as RuleType);

    /// <inheritdoc />
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);
}
