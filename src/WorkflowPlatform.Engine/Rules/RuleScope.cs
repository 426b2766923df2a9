namespace WorkflowPlatform.Engine.Rules;

/// <summary>
/// Supplies the values of root identifiers when a rule is evaluated. Values are: null, bool, long
/// (int/short/byte are widened), double (float/decimal converted), string, DateTimeOffset (DateTime
/// converted), TimeSpan, IReadOnlyList&lt;object?&gt; and IReadOnlyDictionary&lt;string, object?&gt;
/// (objects and maps); JsonElement values are also accepted.
/// </summary>
public interface IRuleScope
{
    /// <summary>Resolves root identifier <paramref name="name"/>; false when the scope does not have it.</summary>
    bool TryResolve(string name, out object? value);

    /// <summary>The clock behind <c>now()</c>.</summary>
    TimeProvider TimeProvider => TimeProvider.System;
}

/// <summary>A ready-made <see cref="IRuleScope"/> over a dictionary.</summary>
public sealed class RuleScope : IRuleScope
{
    private readonly IReadOnlyDictionary<string, object?> _values;

    private RuleScope(IReadOnlyDictionary<string, object?> values, TimeProvider timeProvider)
    {
        _values = values;
        TimeProvider = timeProvider;
    }

    /// <summary>An empty scope on the system clock.</summary>
    public static RuleScope Empty { get; } = new(new Dictionary<string, object?>(), TimeProvider.System);

    /// <inheritdoc />
    public TimeProvider TimeProvider { get; }

    /// <summary>A scope whose roots are the dictionary's entries; <c>now()</c> reads <paramref name="timeProvider"/> (default: system clock).</summary>
    public static RuleScope FromDictionary(IReadOnlyDictionary<string, object?> values, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new RuleScope(values, timeProvider ?? TimeProvider.System);
    }

    /// <inheritdoc />
    public bool TryResolve(string name, out object? value) => _values.TryGetValue(name, out value);
}
