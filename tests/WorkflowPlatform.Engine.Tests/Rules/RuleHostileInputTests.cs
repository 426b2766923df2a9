using System.Diagnostics;
using Xunit;
using WorkflowPlatform.Engine.Rules;
using static WorkflowPlatform.Engine.Tests.Rules.RuleFixture;

namespace WorkflowPlatform.Engine.Tests.Rules;

public class RuleHostileInputTests
{
    private static readonly RuleCompileOptions Unlimited = new() { MaxSourceLength = 2_000_000 };

    [Fact]
    public void Compile_SourceLongerThanLimit_ReportsTooLong()
    {
        var error = CompileError("'" + new string('a', 5000) + "'");
        Assert.Equal(RuleErrorCodes.TooLong, error.Code);
        Assert.Equal((1, 1), (error.Line, error.Column));
    }

    [Fact]
    public void Compile_OneMegabyteStringLiteral_ReportsTooLongQuickly()
    {
        var sw = Stopwatch.StartNew();
        var error = CompileError("'" + new string('x', 1024 * 1024) + "' == 'x'");
        Assert.Equal(RuleErrorCodes.TooLong, error.Code);
        Assert.True(sw.ElapsedMilliseconds < 1000, $"took {sw.ElapsedMilliseconds} ms");
    }

    [Theory]
    [InlineData(100_000, '(')]
    [InlineData(100_000, '[')]
    [InlineData(100_000, '!')]
    [InlineData(100_000, '-')]
    [InlineData(60, '(')]
    public void Compile_DeepNesting_ReportsTooDeepWithoutStackOverflow(int depth, char opener)
    {
        var source = new string(opener, depth) + "1";
        var error = Assert.Throws<RuleException>(() => RuleCompiler.Compile(source, Schema, Unlimited));
        Assert.Equal(RuleErrorCodes.TooDeep, error.Code);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Compile_DeepNestingWithDefaultLimits_ReportsTooLongFirst()
    {
        Assert.Equal(RuleErrorCodes.TooLong, CompileError(new string('(', 100_000) + "1" + new string(')', 100_000)).Code);
    }

    [Fact]
    public void Compile_NestingAtLimit_Compiles()
    {
        var source = new string('(', 40) + "1" + new string(')', 40);
        Assert.Equal(1L, RuleCompiler.Compile(source, Schema).Evaluate(Scope()));
    }

    [Fact]
    public void Compile_NestedTernaries_ReportsTooDeep()
    {
        var source = string.Concat(Enumerable.Repeat("true ? ", 200)) + "1" + string.Concat(Enumerable.Repeat(" : 0", 200));
        Assert.Equal(RuleErrorCodes.TooDeep, CompileError(source).Code);
    }

    [Fact]
    public void Compile_NestedCalls_ReportsTooDeep()
    {
        var source = string.Concat(Enumerable.Repeat("size(string(", 100)) + "1" + new string(')', 200);
        Assert.Equal(RuleErrorCodes.TooDeep, CompileError(source, Unlimited).Code);
    }

    [Fact]
    public void Compile_LongFlatChain_CompilesAndEvaluates()
    {
        // A long && chain is flat, not nested: it must not count as depth.
        var source = string.Join(" && ", Enumerable.Repeat("user.is_new", 250));
        Assert.True(RuleCompiler.CompileBool(source, Schema).EvaluateBool(Scope()));
        var sum = string.Join(" + ", Enumerable.Repeat("1", 600));
        Assert.Equal(600L, RuleCompiler.Compile(sum, Schema).Evaluate(Scope()));
    }

    [Fact]
    public void Compile_TooManyNodes_ReportsTooDeep()
    {
        var source = string.Join("+", Enumerable.Repeat("1", 3000));
        Assert.Equal(RuleErrorCodes.TooDeep, Assert.Throws<RuleException>(() => RuleCompiler.Compile(source, Schema, Unlimited)).Code);
    }

    [Fact]
    public void Compile_HugeListLiteral_ReportsListTooLarge()
    {
        var source = "[" + string.Join(",", Enumerable.Repeat("1", 1500)) + "]";
        Assert.Equal(RuleErrorCodes.ListTooLarge, Assert.Throws<RuleException>(() => RuleCompiler.Compile(source, Schema, Unlimited)).Code);
        var map = "{" + string.Join(",", Enumerable.Range(0, 1500).Select(i => $"'k{i}': 1")) + "}";
        Assert.Equal(RuleErrorCodes.ListTooLarge, Assert.Throws<RuleException>(() => RuleCompiler.Compile(map, Schema, Unlimited)).Code);
    }

    [Fact]
    public void Evaluate_CatastrophicRegexOnLongInput_FinishesQuickly()
    {
        var schema = RuleSchema.Create(("s", RuleType.String));
        var rule = RuleCompiler.CompileBool("s.matches('(a+)+$') && s.matches('^(a|aa)+$') && s.matches('(x+x+)+y')", schema);
        var input = new string('a', 100_000) + "!";
        var sw = Stopwatch.StartNew();
        Assert.False(rule.EvaluateBool(RuleScope.FromDictionary(new Dictionary<string, object?> { ["s"] = input })));
        Assert.True(sw.ElapsedMilliseconds < 2000, $"took {sw.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Evaluate_RegexOnOneMegabyteString_CompletesOrTimesOutWithCode()
    {
        var schema = RuleSchema.Create(("s", RuleType.String));
        var rule = RuleCompiler.CompileBool("s.matches('(a|b|ab)*c')", schema, new RuleCompileOptions { RegexTimeout = TimeSpan.FromMilliseconds(50) });
        var input = string.Concat(Enumerable.Repeat("ab", 512 * 1024));
        var sw = Stopwatch.StartNew();
        try
        {
            Assert.False(rule.EvaluateBool(RuleScope.FromDictionary(new Dictionary<string, object?> { ["s"] = input })));
        }
        catch (RuleEvaluationException e)
        {
            Assert.Equal(RuleErrorCodes.RegexTimeout, e.Code);
        }
        Assert.True(sw.ElapsedMilliseconds < 3000, $"took {sw.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Evaluate_RegexTimeout_ReportsRegexTimeout()
    {
        // One tick is shorter than any real match of a megabyte, so the timeout path is exercised for real.
        var schema = RuleSchema.Create(("s", RuleType.String));
        var rule = RuleCompiler.CompileBool("s.matches('[a-z]+[0-9]$')", schema, new RuleCompileOptions { RegexTimeout = TimeSpan.FromTicks(1) });
        var input = new string('a', 4 * 1024 * 1024);
        var error = Assert.Throws<RuleEvaluationException>(() => rule.EvaluateBool(RuleScope.FromDictionary(new Dictionary<string, object?> { ["s"] = input })));
        Assert.Equal(RuleErrorCodes.RegexTimeout, error.Code);
        Assert.Equal((1, 3), (error.Line, error.Column));
    }

    [Fact]
    public void Compile_RegexPatternTooLong_ReportsRegexTooLong()
    {
        var error = CompileError($"'a'.matches('{new string('a', 600)}')");
        Assert.Equal(RuleErrorCodes.RegexTooLong, error.Code);
    }

    [Fact]
    public void Evaluate_DynamicRegexPatternTooLongOrInvalid_ThrowsWithCode()
    {
        var schema = RuleSchema.Create(("s", RuleType.String), ("p", RuleType.String));
        var rule = RuleCompiler.CompileBool("s.matches(p)", schema);
        RuleScope With(string p) => RuleScope.FromDictionary(new Dictionary<string, object?> { ["s"] = "abc", ["p"] = p });
        Assert.True(rule.EvaluateBool(With("^a")));
        Assert.False(rule.EvaluateBool(With("^b")));
        Assert.Equal(RuleErrorCodes.RegexTooLong, Assert.Throws<RuleEvaluationException>(() => rule.EvaluateBool(With(new string('a', 1000)))).Code);
        Assert.Equal(RuleErrorCodes.RegexInvalid, Assert.Throws<RuleEvaluationException>(() => rule.EvaluateBool(With("(a"))).Code);
        Assert.Equal(RuleErrorCodes.RegexInvalid, Assert.Throws<RuleEvaluationException>(() => rule.EvaluateBool(With("(?<=a)b"))).Code);
    }

    [Fact]
    public void Compile_HugeRepetitionRegex_IsRejectedOrBounded()
    {
        var sw = Stopwatch.StartNew();
        var result = RuleCompiler.Check("'aaa'.matches('((a{1,1000}){1,1000}){1,1000}')", Schema);
        Assert.True(sw.ElapsedMilliseconds < 5000, $"took {sw.ElapsedMilliseconds} ms");
        if (!result.IsValid)
        {
            Assert.Equal(RuleErrorCodes.RegexInvalid, result[0].Code);
        }
    }

    [Fact]
    public void Evaluate_OneMegabyteContextString_SizeAndPredicatesWork()
    {
        var schema = RuleSchema.Create(("s", RuleType.String));
        var big = new string('z', 1024 * 1024);
        var scope = RuleScope.FromDictionary(new Dictionary<string, object?> { ["s"] = big });
        Assert.True(RuleCompiler.CompileBool("size(s) == 1048576 && s.startsWith('zz') && !s.contains('a')", schema).EvaluateBool(scope));
    }

    [Theory]
    [InlineData("s + s")]
    [InlineData("s.lower()")]
    [InlineData("s.upper()")]
    public void Evaluate_StringResultOverLimit_ThrowsStringTooLong(string source)
    {
        var schema = RuleSchema.Create(("s", RuleType.String));
        var scope = RuleScope.FromDictionary(new Dictionary<string, object?> { ["s"] = new string('z', 1024 * 1024) });
        var error = Assert.Throws<RuleEvaluationException>(() => RuleCompiler.Compile(source, schema).Evaluate(scope));
        Assert.Equal(RuleErrorCodes.StringTooLong, error.Code);
    }

    [Fact]
    public void Evaluate_RepeatedConcatenation_StopsAtStringLimit()
    {
        var schema = RuleSchema.Create(("s", RuleType.String));
        var scope = RuleScope.FromDictionary(new Dictionary<string, object?> { ["s"] = new string('z', 20_000) });
        var error = Assert.Throws<RuleEvaluationException>(() => RuleCompiler.Compile("s + s + s + s", schema).Evaluate(scope));
        Assert.Equal(RuleErrorCodes.StringTooLong, error.Code);
        Assert.Equal(60_000, ((string)RuleCompiler.Compile("s + s + s", schema).Evaluate(scope)!).Length);
    }

    [Fact]
    public void Evaluate_HugeContextList_MembershipAndSizeWork()
    {
        var schema = RuleSchema.Create(("xs", RuleType.List(RuleType.Int)));
        var list = Enumerable.Range(0, 1_000_000).Select(i => (object?)(long)i).ToList();
        var scope = RuleScope.FromDictionary(new Dictionary<string, object?> { ["xs"] = list });
        Assert.True(RuleCompiler.CompileBool("999999 in xs && size(xs) == 1000000 && xs[500000] == 500000", schema).EvaluateBool(scope));
    }

    [Fact]
    public void Evaluate_HugeListConcatenation_ThrowsListTooLarge()
    {
        var schema = RuleSchema.Create(("xs", RuleType.List(RuleType.Int)));
        var scope = RuleScope.FromDictionary(new Dictionary<string, object?> { ["xs"] = Enumerable.Range(0, 8000).Select(i => (object?)(long)i).ToList() });
        Assert.Equal(RuleErrorCodes.ListTooLarge, Assert.Throws<RuleEvaluationException>(() => RuleCompiler.Compile("xs + xs", schema).Evaluate(scope)).Code);
    }

    [Fact]
    public void Evaluate_DeeplyNestedContextValue_ComparisonIsBounded()
    {
        object? deep = 1L;
        for (var i = 0; i < 10_000; i++)
        {
            deep = new List<object?> { deep };
        }
        var schema = RuleSchema.Create(("a", RuleType.Dyn), ("b", RuleType.Dyn));
        var scope = RuleScope.FromDictionary(new Dictionary<string, object?> { ["a"] = deep, ["b"] = deep });
        var error = Assert.Throws<RuleEvaluationException>(() => RuleCompiler.CompileBool("a == b", schema).EvaluateBool(scope));
        Assert.Equal(RuleErrorCodes.TooDeep, error.Code);
    }

    [Theory]
    [InlineData("\0")]
    [InlineData("user.is_new \u00a0&& true")]
    [InlineData("@")]
    [InlineData("`x`")]
    [InlineData("'\\")]
    [InlineData("\"\\u")]
    [InlineData("1e")]
    [InlineData("a.")]
    [InlineData("a[")]
    [InlineData("{")]
    [InlineData("f(")]
    [InlineData("f(1,")]
    [InlineData(")")]
    [InlineData("? :")]
    public void Compile_Garbage_ReportsCodedErrorNotCrash(string source)
    {
        var result = RuleCompiler.Check(source, Schema);
        var diagnostic = Assert.Single(result);
        Assert.StartsWith("RULE_", diagnostic.Code, StringComparison.Ordinal);
        Assert.True(diagnostic.Line >= 1 && diagnostic.Column >= 1);
    }

    [Fact]
    public void Compile_RandomInput_NeverThrowsAnythingButRuleException()
    {
        var random = new Random(12345);
        const string alphabet = "ab.()[]{}!-+*/%<>=&|?:,'\"\\ 0123456789xyz_ user request metadata size has in true null";
        for (var i = 0; i < 3000; i++)
        {
            var length = random.Next(1, 60);
            var chars = new char[length];
            for (var j = 0; j < length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }
            var source = new string(chars);
            try
            {
                var rule = RuleCompiler.Compile(source, Schema);
                try
                {
                    rule.Evaluate(Scope());
                }
                catch (RuleEvaluationException e)
                {
                    Assert.StartsWith("RULE_", e.Code, StringComparison.Ordinal);
                }
            }
            catch (RuleException e)
            {
                Assert.StartsWith("RULE_", e.Code, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Compile_RandomTokenSequences_NeverThrowAnythingButRuleErrors()
    {
        var tokens = new[]
        {
            "user", "request", "data", "modules", "result", ".", ".is_new", ".metadata", ".country", ".i", ".d", ".s", ".ints",
            ".scores", ".any", ".t", ".dur", ".selfie", ".size()", ".matches('a+')", "(", ")", "[", "]", "{", "}", ",", ":", "?",
            "!", "-", "+", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "in", "true", "false", "null", "0", "1",
            "-1", "2.5", "9223372036854775807", "'DE'", "''", "size(", "has(", "int(", "double(", "string(", "timestamp(",
            "duration(", "matches(", "lower(", "now()", "'1h'", "'2026-01-01T00:00:00Z'", "[1, 2]", "{'k': 1}",
        };
        var random = new Random(4242);
        for (var i = 0; i < 20_000; i++)
        {
            var count = random.Next(1, 14);
            var parts = new string[count];
            for (var j = 0; j < count; j++)
            {
                parts[j] = tokens[random.Next(tokens.Length)];
            }
            var source = string.Join(random.Next(2) == 0 ? " " : "", parts);
            var check = RuleCompiler.Check(source, Schema);
            Assert.All(check, d => Assert.StartsWith("RULE_", d.Code, StringComparison.Ordinal));
            if (!check.IsValid)
            {
                continue;
            }
            try
            {
                RuleCompiler.Compile(source, Schema).Evaluate(Scope());
            }
            catch (RuleEvaluationException e)
            {
                Assert.StartsWith("RULE_", e.Code, StringComparison.Ordinal);
            }
        }
    }
}
