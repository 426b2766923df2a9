using BenchmarkDotNet.Attributes;
using WorkflowPlatform.Engine.Rules;

namespace WorkflowPlatform.Benchmarks.Rules;

/// <summary>
/// Rule language speed: evaluating the 3-clause rule from the issue (goal ≤ 0.5 µs, must be ≤ 2 µs),
/// compiling it, and a cache hit.
/// </summary>
[MemoryDiagnoser]
public class RuleBenchmarks
{
    private const string ThreeClauseRule = "user.is_new && request.metadata.country == \"DE\" && size(request.user_id) > 3";
    private const string RegexRule = "request.user_id.matches('^user-[0-9]+$') && request.metadata.country in ['DE', 'AT', 'CH']";

    private readonly RuleSchema _schema = RuleSchema.CreateWorkflowContext();
    private readonly RuleCache _cache = new();
    private CompiledRule _rule = null!;
    private CompiledRule _regexRule = null!;
    private IRuleScope _scope = null!;

    [GlobalSetup]
    public void Setup()
    {
        _rule = RuleCompiler.CompileBool(ThreeClauseRule, _schema);
        _regexRule = RuleCompiler.CompileBool(RegexRule, _schema);
        _cache.GetOrCompileBool(ThreeClauseRule, _schema);
        _scope = RuleScope.FromDictionary(new Dictionary<string, object?>
        {
            ["request"] = new Dictionary<string, object?>
            {
                ["id"] = "req_1",
                ["user_id"] = "user-42",
                ["metadata"] = new Dictionary<string, object?> { ["country"] = "DE" },
            },
            ["user"] = new Dictionary<string, object?> { ["id"] = "user-42", ["is_new"] = true },
        });
        if (!_rule.EvaluateBool(_scope) || !_regexRule.EvaluateBool(_scope))
        {
            throw new InvalidOperationException("benchmark rules must evaluate to true");
        }
    }

    [Benchmark(Description = "Rule evaluate (3 clauses)")]
    public bool EvaluateThreeClauseRule() => _rule.EvaluateBool(_scope);

    [Benchmark(Description = "Rule evaluate (regex + in list)")]
    public bool EvaluateRegexRule() => _regexRule.EvaluateBool(_scope);

    [Benchmark(Description = "Rule compile (3 clauses)")]
    public CompiledRule CompileThreeClauseRule() => RuleCompiler.CompileBool(ThreeClauseRule, _schema);

    [Benchmark(Description = "Rule cache hit (3 clauses)")]
    public CompiledRule CacheHit() => _cache.GetOrCompileBool(ThreeClauseRule, _schema);
}
