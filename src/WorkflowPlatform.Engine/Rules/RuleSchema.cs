namespace WorkflowPlatform.Engine.Rules;

/// <summary>
/// The typed context a rule is checked against: a set of root identifiers (<c>request</c>, <c>user</c>,
/// <c>application</c>, <c>modules</c>, <c>result</c>, …) and their types. Immutable.
/// </summary>
public sealed class RuleSchema
{
    private readonly Dictionary<string, RuleType> _roots;
    private RuleSchema(Dictionary<string, RuleType> roots)
    {
        _roots = roots;
        Fingerprint = string.Join(";", roots.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Key + ":" + r.Value));
        FingerprintHash = Fingerprint.GetHashCode(StringComparison.Ordinal);
    }

    /// <summary>A schema with no roots (only literals and <c>now()</c>).</summary>
    public static RuleSchema Empty { get; } = new(new Dictionary<string, RuleType>(StringComparer.Ordinal));

    /// <summary>The root identifiers and their types.</summary>
    public IReadOnlyDictionary<string, RuleType> Roots => _roots;

    /// <summary>Creates a schema from root identifiers and their types.</summary>
    public static RuleSchema Create(IEnumerable<KeyValuePair<string, RuleType>> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        var dict = new Dictionary<string, RuleType>(StringComparer.Ordinal);
        foreach (var (name, type) in roots)
        {
            ValidateRootName(name);
            ArgumentNullException.ThrowIfNull(type);
            dict[name] = type;
        }
        return new RuleSchema(dict);
    }

    /// <summary>Creates a schema from root identifiers and their types.</summary>
    public static RuleSchema Create(params (string Name, RuleType Type)[] roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        return Create(roots.Select(r => new KeyValuePair<string, RuleType>(r.Name, r.Type)));
    }

    /// <summary>Returns a copy of this schema with root <paramref name="name"/> set to <paramref name="type"/>.</summary>
    public RuleSchema With(string name, RuleType type)
    {
        ValidateRootName(name);
        ArgumentNullException.ThrowIfNull(type);
        var dict = new Dictionary<string, RuleType>(_roots, StringComparer.Ordinal) { [name] = type };
        return new RuleSchema(dict);
    }

    /// <summary>Shorthand for <see cref="RuleType.Object(ValueTuple{string, RuleType}[])"/>.</summary>
    public static RuleType Object(params (string Name, RuleType Type)[] fields) => RuleType.Object(fields);

    /// <summary>The type of <c>request</c> in the standard workflow context.</summary>
    public static RuleType RequestType { get; } = RuleType.Object(
        ("id", RuleType.String),
        ("workflow", RuleType.String),
        ("user_id", RuleType.String),
        ("force_onboarding", RuleType.Bool),
        ("locale", RuleType.String),
        ("metadata", RuleType.Map(RuleType.Dyn)),
        ("created_at", RuleType.Timestamp));

    /// <summary>The type of <c>user</c> in the standard workflow context.</summary>
    public static RuleType UserType { get; } = RuleType.Object(
        ("id", RuleType.String),
        ("is_new", RuleType.Bool),
        ("selfie_registered", RuleType.Bool),
        ("registered_at", RuleType.Timestamp));

    /// <summary>The type of <c>application</c> in the standard workflow context.</summary>
    public static RuleType ApplicationType { get; } = RuleType.Object(
        ("id", RuleType.String),
        ("name", RuleType.String));

    /// <summary>
    /// The standard workflow rule context: <c>request</c>, <c>user</c>, <c>application</c>,
    /// <c>modules</c> (object of node id → object of typed outputs; <c>map(dyn)</c> when null) and
    /// <c>result</c> (object of typed fields; <c>map(dyn)</c> when null).
    /// </summary>
    /// <param name="modules">Node id → output name → type, from the module descriptors' output schemas.</param>
    /// <param name="result">Result field → type; null means <c>map(dyn)</c>.</param>
    public static RuleSchema CreateWorkflowContext(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, RuleType>>? modules = null,
        IReadOnlyDictionary<string, RuleType>? result = null)
    {
        var modulesType = modules is null
            ? RuleType.Map(RuleType.Dyn)
            : RuleType.Object(modules.Select(m => new KeyValuePair<string, RuleType>(m.Key, RuleType.Object(m.Value))));
        var resultType = result is null ? RuleType.Map(RuleType.Dyn) : RuleType.Object(result);
        return Create(
            ("request", RequestType),
            ("user", UserType),
            ("application", ApplicationType),
            ("modules", modulesType),
            ("result", resultType));
    }

    /// <summary>Returns the type of root identifier <paramref name="name"/>.</summary>
    public bool TryGetRoot(string name, out RuleType type)
    {
        if (_roots.TryGetValue(name, out var t))
        {
            type = t;
            return true;
        }
        type = RuleType.Dyn;
        return false;
    }

    /// <summary>A canonical text form of the schema; equal schemas have equal fingerprints.</summary>
    public string Fingerprint { get; }

    internal int FingerprintHash { get; }

    /// <inheritdoc />
    public override string ToString() => Fingerprint;

    private static void ValidateRootName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!(char.IsAsciiLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"Root identifier '{name}' is not a valid identifier.", nameof(name));
        }
    }
}
