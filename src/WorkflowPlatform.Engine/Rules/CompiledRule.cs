namespace WorkflowPlatform.Engine.Rules;

/// <summary>A parsed, type-checked rule ready to evaluate. Immutable and thread-safe.</summary>
public sealed class CompiledRule
{
    private readonly EvalNode _root;

    internal CompiledRule(string source, RuleType resultType, RuleSchema schema, RuleCompileOptions options, EvalNode root)
    {
        _root = root;
        Source = source;
        ResultType = resultType;
        Schema = schema;
        Options = options;
    }

    /// <summary>The rule text as compiled.</summary>
    public string Source { get; }

    /// <summary>The static type of the rule's value (<see cref="RuleType.Dyn"/> when only known at run time).</summary>
    public RuleType ResultType { get; }

    /// <summary>The schema the rule was checked against.</summary>
    public RuleSchema Schema { get; }

    /// <summary>The limits in force.</summary>
    public RuleCompileOptions Options { get; }

    /// <summary>
    /// Evaluates the rule. Returns null, bool, long, double, string, DateTimeOffset, TimeSpan,
    /// IReadOnlyList&lt;object?&gt; or IReadOnlyDictionary&lt;string, object?&gt;.
    /// </summary>
    /// <exception cref="RuleEvaluationException">A run-time error, with its code.</exception>
    public object? Evaluate(IRuleScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        try
        {
            return _root.Eval(scope);
        }
        catch (Exception e) when (IsHostFailure(e))
        {
            throw Wrap(e);
        }
    }

    /// <summary>Evaluates a rule whose value must be bool.</summary>
    /// <exception cref="RuleEvaluationException">A run-time error, or <c>RULE_NOT_BOOL</c> when the value is not bool.</exception>
    public bool EvaluateBool(IRuleScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        try
        {
            if (ResultType.Kind == RuleTypeKind.Bool)
            {
                return _root.EvalBool(scope);
            }
            var value = _root.Eval(scope);
            return value is bool b
                ? b
                : throw new RuleEvaluationException(RuleErrorCodes.NotBool, $"rule produced {RuleValues.TypeName(value)}, not a bool", 1, 1);
        }
        catch (Exception e) when (IsHostFailure(e))
        {
            throw Wrap(e);
        }
    }

    // Values handed in by the host (a throwing dictionary, a JsonElement of the wrong shape) can fail
    // in ways the rule cannot foresee; they surface as a coded rule error rather than an unknown crash.
    private static bool IsHostFailure(Exception e) =>
        e is InvalidCastException or InvalidOperationException or FormatException or KeyNotFoundException
            or ArgumentException or IndexOutOfRangeException or NotSupportedException;

    private static RuleEvaluationException Wrap(Exception e) =>
        new(RuleErrorCodes.RuntimeType, $"a context value could not be read: {e.Message}", 0, 0, e);

    /// <inheritdoc />
    public override string ToString() => Source;
}
