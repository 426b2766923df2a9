namespace WorkflowPlatform.Engine.Rules;

/// <summary>
/// Compiles rule source text against a <see cref="RuleSchema"/>: lexes, parses, type-checks and builds
/// an evaluation tree. Thread-safe and stateless; use <see cref="RuleCache"/> to compile each rule once.
/// </summary>
public static class RuleCompiler
{
    /// <summary>Compiles a rule of any result type.</summary>
    /// <exception cref="RuleException">The rule does not parse, type-check or exceeds a limit (first problem found).</exception>
    public static CompiledRule Compile(string source, RuleSchema schema, RuleCompileOptions? options = null)
        => CompileCore(source, schema, options, requireBool: false);

    /// <summary>Compiles a rule whose result must be bool (or dyn, checked at run time).</summary>
    /// <exception cref="RuleException">As <see cref="Compile"/>, plus <c>RULE_NOT_BOOL</c>.</exception>
    public static CompiledRule CompileBool(string source, RuleSchema schema, RuleCompileOptions? options = null)
        => CompileCore(source, schema, options, requireBool: true);

    /// <summary>Checks a rule without throwing; returns every problem found and, when valid, the result type.</summary>
    public static RuleCheckResult Check(string source, RuleSchema schema, RuleCompileOptions? options = null)
        => CheckCore(source, schema, options, requireBool: false);

    /// <summary>As <see cref="Check"/>, and reports <c>RULE_NOT_BOOL</c> when the result is neither bool nor dyn.</summary>
    public static RuleCheckResult CheckBool(string source, RuleSchema schema, RuleCompileOptions? options = null)
        => CheckCore(source, schema, options, requireBool: true);

    private static RuleCheckResult CheckCore(string source, RuleSchema schema, RuleCompileOptions? options, bool requireBool)
    {
        var (_, type, diagnostics) = Build(source, schema, options ?? RuleCompileOptions.Default, requireBool);
        return new RuleCheckResult(diagnostics, type);
    }

    private static CompiledRule CompileCore(string source, RuleSchema schema, RuleCompileOptions? options, bool requireBool)
    {
        options ??= RuleCompileOptions.Default;
        var (root, type, diagnostics) = Build(source, schema, options, requireBool);
        if (diagnostics.Count > 0)
        {
            throw new RuleException(diagnostics[0]);
        }
        return new CompiledRule(source, type!, schema, options, root!);
    }

    private static (EvalNode? Root, RuleType? Type, IReadOnlyList<RuleDiagnostic> Diagnostics) Build(
        string source, RuleSchema schema, RuleCompileOptions options, bool requireBool)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(options);
        if (source.Length > options.MaxSourceLength)
        {
            return Fail(new RuleDiagnostic(1, 1, $"rule is longer than {options.MaxSourceLength} characters ({source.Length})", RuleErrorCodes.TooLong));
        }
        if (string.IsNullOrWhiteSpace(source))
        {
            return Fail(new RuleDiagnostic(1, 1, "rule is empty", RuleErrorCodes.Empty));
        }
        var text = new SourceText(source);
        Ast ast;
        try
        {
            ast = Parser.Parse(text, options);
        }
        catch (RuleException e)
        {
            return Fail(e.ToDiagnostic());
        }
        var binder = new RuleBinder(text, schema, options);
        var (root, type) = binder.Bind(ast);
        if (binder.Diagnostics.Count > 0)
        {
            return (null, null, binder.Diagnostics);
        }
        if (requireBool && type.Kind is not (RuleTypeKind.Bool or RuleTypeKind.Dyn))
        {
            return Fail(new RuleDiagnostic(1, 1, $"rule must produce a bool, but produces {type}", RuleErrorCodes.NotBool));
        }
        return (root, type, []);
    }

    private static (EvalNode?, RuleType?, IReadOnlyList<RuleDiagnostic>) Fail(RuleDiagnostic diagnostic) => (null, null, [diagnostic]);
}
