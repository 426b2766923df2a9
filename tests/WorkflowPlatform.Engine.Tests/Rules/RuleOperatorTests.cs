using Xunit;
using WorkflowPlatform.Engine.Rules;
using static WorkflowPlatform.Engine.Tests.Rules.RuleFixture;

namespace WorkflowPlatform.Engine.Tests.Rules;

public class RuleOperatorTests
{
    [Theory]
    [InlineData("1 == 1", true)]
    [InlineData("1 == 2", false)]
    [InlineData("1 == 1.0", true)]
    [InlineData("'a' == 'a'", true)]
    [InlineData("'a' == 'A'", false)]
    [InlineData("true == true", true)]
    [InlineData("null == null", true)]
    [InlineData("data.missing == null", true)]
    [InlineData("data.s == null", false)]
    [InlineData("[1, 2] == [1, 2]", true)]
    [InlineData("[1, 2] == [2, 1]", false)]
    [InlineData("{'a': 1} == {'a': 1}", true)]
    [InlineData("{'a': 1} == {'a': 2}", false)]
    [InlineData("data.any == 5", true)]
    [InlineData("data.any == 'five'", false)]
    [InlineData("data.t == timestamp('2026-11-21T12:00:00Z')", true)]
    [InlineData("data.dur == duration('1h30m')", true)]
    [InlineData("1 != 2", true)]
    [InlineData("'a' != 'a'", false)]
    [InlineData("request.metadata.country != 'FR'", true)]
    public void Evaluate_Equality_ReturnsExpected(string source, bool expected)
    {
        Assert.Equal(expected, EvalBool(source));
    }

    [Theory]
    [InlineData("1 < 2", true)]
    [InlineData("2 < 1", false)]
    [InlineData("2 <= 2", true)]
    [InlineData("3 > 2", true)]
    [InlineData("2 >= 3", false)]
    [InlineData("1 < 1.5", true)]
    [InlineData("2.5 > 2", true)]
    [InlineData("'abc' < 'abd'", true)]
    [InlineData("'B' < 'a'", true)]
    [InlineData("false < true", true)]
    [InlineData("data.t > request.created_at", true)]
    [InlineData("data.dur >= duration('90m')", true)]
    [InlineData("data.dur < duration('1h')", false)]
    [InlineData("request.metadata.age >= 18", true)]
    [InlineData("request.metadata.score < 1", true)]
    public void Evaluate_Ordering_ReturnsExpected(string source, bool expected)
    {
        Assert.Equal(expected, EvalBool(source));
    }

    [Theory]
    [InlineData("2 + 3", 5L)]
    [InlineData("2 - 3", -1L)]
    [InlineData("4 * 3", 12L)]
    [InlineData("7 / 2", 3L)]
    [InlineData("-7 / 2", -3L)]
    [InlineData("7 % 3", 1L)]
    [InlineData("-7 % 3", -1L)]
    [InlineData("-9223372036854775808 % -1", 0L)]
    [InlineData("data.i * 2", 14L)]
    [InlineData("-data.i", -7L)]
    [InlineData("1.5 + 1", 2.5)]
    [InlineData("1 - 0.5", 0.5)]
    [InlineData("2.0 * 3", 6.0)]
    [InlineData("7.0 / 2", 3.5)]
    [InlineData("7.5 % 2", 1.5)]
    [InlineData("-data.d", -2.5)]
    [InlineData("1.0 / 0", double.PositiveInfinity)]
    [InlineData("'ab' + 'cd'", "abcd")]
    [InlineData("data.s + ', ' + user.id", "Hello, user-42")]
    [InlineData("request.metadata.age + 1", 38L)]
    public void Evaluate_Arithmetic_ReturnsExpected(string source, object expected)
    {
        Assert.Equal(expected, Eval(source));
    }

    [Fact]
    public void Evaluate_ListConcatenation_JoinsLists()
    {
        var list = Assert.IsAssignableFrom<IReadOnlyList<object?>>(Eval("data.ints + [4]"));
        Assert.Equal([1L, 2L, 3L, 4L], list);
    }

    [Fact]
    public void Evaluate_TimestampAndDurationArithmetic_Works()
    {
        Assert.Equal(Now.AddMinutes(90), Eval("data.t + data.dur"));
        Assert.Equal(Now.AddMinutes(90), Eval("data.dur + data.t"));
        Assert.Equal(Now.AddHours(-1), Eval("data.t - duration('1h')"));
        Assert.Equal(TimeSpan.FromHours(2), Eval("data.t - request.created_at"));
        Assert.Equal(TimeSpan.FromMinutes(60), Eval("data.dur - duration('30m')"));
        Assert.Equal(TimeSpan.FromMinutes(120), Eval("data.dur + duration('30m')"));
        Assert.Equal(TimeSpan.FromMinutes(-90), Eval("-data.dur"));
        Assert.True(EvalBool("now() - user.registered_at > duration('7d')"));
    }

    [Theory]
    [InlineData("1 / 0", RuleErrorCodes.DivisionByZero)]
    [InlineData("1 % 0", RuleErrorCodes.DivisionByZero)]
    [InlineData("9223372036854775807 + 1", RuleErrorCodes.Overflow)]
    [InlineData("-9223372036854775808 - 1", RuleErrorCodes.Overflow)]
    [InlineData("9223372036854775807 * 2", RuleErrorCodes.Overflow)]
    [InlineData("-9223372036854775808 / -1", RuleErrorCodes.Overflow)]
    [InlineData("-(-9223372036854775808)", RuleErrorCodes.Overflow)]
    public void Compile_ConstantArithmeticError_IsReportedAtCompileTime(string source, string code)
    {
        Assert.Equal(code, CompileError(source).Code);
    }

    [Theory]
    [InlineData("data.i / (data.i - 7)", RuleErrorCodes.DivisionByZero)]
    [InlineData("data.i % (data.i - 7)", RuleErrorCodes.DivisionByZero)]
    [InlineData("data.i + 9223372036854775807", RuleErrorCodes.Overflow)]
    [InlineData("request.metadata.age / 0", RuleErrorCodes.DivisionByZero)]
    public void Evaluate_RuntimeArithmeticError_ThrowsWithCode(string source, string code)
    {
        Assert.Equal(code, EvalError(source).Code);
    }

    [Fact]
    public void Evaluate_DivisionByZero_ReportsPositionOfOperator()
    {
        var error = EvalError("data.i +\n  data.i / (data.i - 7)");
        Assert.Equal(2, error.Line);
        Assert.Equal(10, error.Column);
    }

    [Theory]
    [InlineData("!true", false)]
    [InlineData("!data.b", false)]
    [InlineData("!!data.b", true)]
    [InlineData("true && true", true)]
    [InlineData("true && false", false)]
    [InlineData("false || true", true)]
    [InlineData("false || false", false)]
    [InlineData("data.b && user.is_new && !user.selfie_registered", true)]
    [InlineData("request.metadata.vip || false", true)]
    public void Evaluate_Logic_ReturnsExpected(string source, bool expected)
    {
        Assert.Equal(expected, EvalBool(source));
    }

    [Theory]
    [InlineData("false && data.i / (data.i - 7) == 1", false)]
    [InlineData("true || data.i / (data.i - 7) == 1", true)]
    [InlineData("data.i / (data.i - 7) == 1 && false", false)]
    [InlineData("data.i / (data.i - 7) == 1 || true", true)]
    [InlineData("has(request.metadata.city) && request.metadata.city == 'Berlin'", false)]
    [InlineData("request.metadata.city == 'Berlin' && has(request.metadata.city)", false)]
    public void Evaluate_ShortCircuit_AbsorbsErrorsWhenOtherSideDecides(string source, bool expected)
    {
        Assert.Equal(expected, EvalBool(source));
    }

    [Theory]
    [InlineData("true && data.i / (data.i - 7) == 1")]
    [InlineData("false || data.i / (data.i - 7) == 1")]
    [InlineData("data.i / (data.i - 7) == 1 && true")]
    public void Evaluate_ShortCircuit_RethrowsErrorWhenUndecided(string source)
    {
        Assert.Equal(RuleErrorCodes.DivisionByZero, EvalError(source).Code);
    }

    [Fact]
    public void Evaluate_ShortCircuit_DoesNotEvaluateRightSide()
    {
        var scope = new CountingScope(Values());
        var rule = RuleCompiler.CompileBool("user.selfie_registered && request.metadata.vip", Schema);
        Assert.False(rule.EvaluateBool(scope));
        Assert.Equal(["user"], scope.Resolved);

        scope.Resolved.Clear();
        rule = RuleCompiler.CompileBool("user.is_new || request.metadata.vip", Schema);
        Assert.True(rule.EvaluateBool(scope));
        Assert.Equal(["user"], scope.Resolved);
    }

    [Theory]
    [InlineData("true ? 'yes' : 'no'", "yes")]
    [InlineData("false ? 'yes' : 'no'", "no")]
    [InlineData("data.i > 5 ? data.i : 0", 7L)]
    [InlineData("user.is_new ? null : 'x'", null)]
    [InlineData("!data.b ? 1 : 2", 2L)]
    public void Evaluate_Conditional_ReturnsChosenBranch(string source, object? expected)
    {
        Assert.Equal(expected, Eval(source));
    }

    [Fact]
    public void Evaluate_Conditional_DoesNotEvaluateOtherBranch()
    {
        Assert.Equal(1L, Eval("data.b ? 1 : data.i / (data.i - 7)"));
    }

    [Theory]
    [InlineData("2 in [1, 2, 3]", true)]
    [InlineData("4 in [1, 2, 3]", false)]
    [InlineData("2.0 in data.ints", true)]
    [InlineData("'DE' in ['DE', 'AT', 'CH']", true)]
    [InlineData("request.metadata.country in ['FR', 'IT']", false)]
    [InlineData("request.metadata.country in ['DE', 'AT']", true)]
    [InlineData("request.metadata.age in ['DE', 'AT']", false)]
    [InlineData("'anna' in data.names", true)]
    [InlineData("'x' in data.scores", true)]
    [InlineData("'z' in data.scores", false)]
    [InlineData("'country' in request.metadata", true)]
    [InlineData("'city' in request.metadata", false)]
    [InlineData("'is_new' in user", true)]
    [InlineData("'a' in request.metadata.tags", true)]
    [InlineData("[1] in [[1], [2]]", true)]
    [InlineData("null in [1, null]", true)]
    public void Evaluate_In_ReturnsMembership(string source, bool expected)
    {
        Assert.Equal(expected, EvalBool(source));
    }

    [Theory]
    [InlineData("data.ints[0]", 1L)]
    [InlineData("data.ints[2]", 3L)]
    [InlineData("data.scores['y']", 2L)]
    [InlineData("request.metadata['country']", "DE")]
    [InlineData("request.metadata.tags[1]", "b")]
    [InlineData("request.metadata.nested.level", 2L)]
    [InlineData("request.metadata['nested']['level']", 2L)]
    [InlineData("user['is_new']", true)]
    [InlineData("modules.selfie.face_score", 0.93)]
    [InlineData("modules['selfie'].attempts", 2L)]
    [InlineData("result.outcome", "approved")]
    [InlineData("application.name", "Shop")]
    public void Evaluate_FieldAndIndexAccess_ReturnsValue(string source, object expected)
    {
        Assert.Equal(expected, Eval(source));
    }

    [Theory]
    [InlineData("data.ints[3]", RuleErrorCodes.NoSuchKey)]
    [InlineData("data.ints[-1]", RuleErrorCodes.NoSuchKey)]
    [InlineData("data.scores['z']", RuleErrorCodes.NoSuchKey)]
    [InlineData("request.metadata.city == 'Berlin'", RuleErrorCodes.NoSuchKey)]
    [InlineData("request.metadata.country.code", RuleErrorCodes.RuntimeType)]
    [InlineData("request.metadata.nothing.x", RuleErrorCodes.RuntimeType)]
    [InlineData("request.metadata.country + 1", RuleErrorCodes.RuntimeType)]
    [InlineData("request.metadata.country > 1", RuleErrorCodes.RuntimeType)]
    [InlineData("request.metadata.country && true", RuleErrorCodes.RuntimeType)]
    [InlineData("-request.metadata.country", RuleErrorCodes.RuntimeType)]
    [InlineData("data.missing.size() > 0", RuleErrorCodes.RuntimeType)]
    public void Evaluate_BadRuntimeAccess_ThrowsWithCode(string source, string code)
    {
        Assert.Equal(code, EvalError(source).Code);
    }

    [Fact]
    public void Evaluate_MissingMapKey_MessageSuggestsHas()
    {
        var error = EvalError("request.metadata.city == 'Berlin'");
        Assert.Contains("has(request.metadata.city)", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
        Assert.Equal(18, error.Column);
    }

    [Theory]
    [InlineData("has(request.metadata.country)", true)]
    [InlineData("has(request.metadata.city)", false)]
    [InlineData("has(request.metadata.nothing)", false)]
    [InlineData("has(request.metadata.nested.level)", true)]
    [InlineData("has(user.is_new)", true)]
    [InlineData("has(data.missing)", false)]
    [InlineData("has(data.scores.x)", true)]
    [InlineData("has(modules.selfie.face_score)", true)]
    [InlineData("has(request.metadata.city) ? request.metadata.city : 'none'", false)]
    public void Evaluate_Has_ReportsPresence(string source, bool expected)
    {
        var value = Eval(source);
        Assert.Equal(expected, value is bool b ? b : value is string s && s != "none");
    }

    private sealed class CountingScope(Dictionary<string, object?> values) : IRuleScope
    {
        public List<string> Resolved { get; } = [];

        public bool TryResolve(string name, out object? value)
        {
            Resolved.Add(name);
            return values.TryGetValue(name, out value);
        }
    }
}
