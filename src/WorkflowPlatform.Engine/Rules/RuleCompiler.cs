namespace WorkflowPlatform.Engine.Rules;

/// <summary>
/// Compiles rule source text against a <see cref="RuleSchema"/>: lexes, parses, type-checks and builds
/// an evaluation tree. Thread-safe and stateless; use <see cref="RuleCache"/> to compile each rule once.
/// </summary>
public static class RuleCompiler
{
    /// <summary>Compiles a rule of any result type.</summary>
    /// <exception cref="RuleException">The rule does not parse, type-check or exceeds a limit.</exception>
    public static CompiledRule Compile(string source, RuleSchema schema, RuleCompileOptions? options = null)
        => throw new NotImplementedException();

    /// <summary>Compiles a rule whose result must be bool (or dyn, checked at run time).</summary>
    /// <exception cref="RuleException">As <see cref="Compile"/>, plus <c>RULE_NOT_BOOL</c>.</exception>
    public static CompiledRule CompileBool(string source, RuleSchema schema, RuleCompileOptions? options = null)
        => throw new NotImplementedException();

    /// <summary>Checks a rule without throwing; returns the diagnostics and the result type.</summary>
    public static RuleCheckResult Check(string source, RuleSchema schema, RuleCompileOptions? options = null)
        => throw new NotImplementedException();

    /// <summary>As <see cref="Check"/>, and reports <c>RULE_NOT_BOOL</c> when the result is not bool or dyn.</summary>
    public static RuleCheckResult CheckBool(string source, RuleSchema schema, RuleCompileOptions? options = null)
        => throw new NotImplementedException();
}
