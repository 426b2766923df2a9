using Xunit;
using WorkflowPlatform.Engine.Rules;
using static WorkflowPlatform.Engine.Tests.Rules.RuleFixture;

namespace WorkflowPlatform.Engine.Tests.Rules;

public class RuleCacheTests
{
    [Fact]
    public void GetOrCompile_SameSourceAndSchema_ReturnsSameInstance()
    {
        var cache = new RuleCache();
        var a = cache.GetOrCompile("user.is_new", Schema);
        var b = cache.GetOrCompile("user.is_new", Schema);
        Assert.Same(a, b);
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void GetOrCompile_EqualSchemaBuiltSeparately_SharesEntry()
    {
        var cache = new RuleCache();
        var a = cache.GetOrCompile("user.is_new", RuleSchema.CreateWorkflowContext());
        var b = cache.GetOrCompile("user.is_new", RuleSchema.CreateWorkflowContext());
        Assert.Same(a, b);
    }

    [Fact]
    public void GetOrCompile_DifferentSchemaOrOptions_CompilesSeparately()
    {
        var cache = new RuleCache();
        var typed = cache.GetOrCompile("modules.selfie.attempts", Schema);
        var untyped = cache.GetOrCompile("modules.selfie.attempts", RuleSchema.CreateWorkflowContext());
        Assert.NotSame(typed, untyped);
        Assert.Equal(RuleTypeKind.Int, typed.ResultType.Kind);
        Assert.Equal(RuleTypeKind.Dyn, untyped.ResultType.Kind);
        var limited = cache.GetOrCompile("modules.selfie.attempts", Schema, new RuleCompileOptions { MaxDepth = 10 });
        Assert.NotSame(typed, limited);
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public void GetOrCompileBool_NonBoolRule_ThrowsEveryTimeAndIsNotCached()
    {
        var cache = new RuleCache();
        Assert.Equal(RuleErrorCodes.NotBool, Assert.Throws<RuleException>(() => cache.GetOrCompileBool("user.id", Schema)).Code);
        Assert.Equal(RuleErrorCodes.NotBool, Assert.Throws<RuleException>(() => cache.GetOrCompileBool("user.id", Schema)).Code);
        Assert.Equal(0, cache.Count);
        Assert.Equal(RuleTypeKind.String, cache.GetOrCompile("user.id", Schema).ResultType.Kind);
    }

    [Fact]
    public void GetOrCompile_BeyondCapacity_EvictsLeastRecentlyUsed()
    {
        var cache = new RuleCache(capacity: 10);
        var hot = cache.GetOrCompile("0 == 0", Schema);
        for (var i = 1; i <= 30; i++)
        {
            cache.GetOrCompile($"{i} == {i}", Schema);
            Assert.Same(hot, cache.GetOrCompile("0 == 0", Schema));
            Assert.True(cache.Count <= 10, $"count {cache.Count}");
        }
    }

    [Fact]
    public async Task GetOrCompile_ConcurrentCallers_AllGetWorkingRules()
    {
        var cache = new RuleCache(capacity: 64);
        var tasks = Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                var n = (i + t) % 100;
                var rule = cache.GetOrCompile($"data.i + {n} == {7 + n}", Schema);
                Assert.True(rule.EvaluateBool(Scope()));
            }
        }));
        await Task.WhenAll(tasks);
        Assert.True(cache.Count <= 64);
    }

    [Fact]
    public async Task EvaluateBool_SharedRuleAcrossThreads_IsConsistent()
    {
        var rule = RuleCompiler.CompileBool("request.user_id.matches(p) && size(request.user_id) > 3", Schema.With("p", RuleType.String));
        var tasks = Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                var values = Values();
                var expected = i % 2 == 0;
                values["p"] = expected ? "^user-" : "^nobody" + t;
                Assert.Equal(expected, rule.EvaluateBool(RuleScope.FromDictionary(values)));
            }
        }));
        await Task.WhenAll(tasks);
    }
}
