namespace WorkflowPlatform.Engine.Rules;

/// <summary>A parsed, type-checked rule ready to evaluate. Immutable and thread-safe.</summary>
public sealed class CompiledRule
{
    internal CompiledRule(string source, RuleType resultType, RuleSchema schema, RuleCompileOptions options)
    {
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
    public object? Evaluate(IRuleScope scope) => throw new NotImplementedException();

    /// <summary>Evaluates a rule whose value must be bool.</summary>
    /// <exception cref="RuleEvaluationException">A run-time error, or <c>RULE_NOT_BOOL</c> when the value is not bool.</exception>
    public bool EvaluateBool(IRuleScope scope) => throw new NotImplementedException();

    /// <inheritdoc />
    public override string ToString() => Source;
}
