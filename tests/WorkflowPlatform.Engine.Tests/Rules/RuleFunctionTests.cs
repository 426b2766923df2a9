using Xunit;
using WorkflowPlatform.Engine.Rules;
using static WorkflowPlatform.Engine.Tests.Rules.RuleFixture;

namespace WorkflowPlatform.Engine.Tests.Rules;

public class RuleFunctionTests
{
    [Theory]
    [InlineData("size('hello')", 5L)]
    [InlineData("size('')", 0L)]
    [InlineData("size('😀é')", 2L)]
    [InlineData("'abc'.size()", 3L)]
    [InlineData("size(data.ints)", 3L)]
    [InlineData("data.ints.size()", 3L)]
    [InlineData("size(data.scores)", 2L)]
    [InlineData("size(request.metadata)", 7L)]
    [InlineData("size(request.metadata.tags)", 2L)]
    [InlineData("size(request.user_id)", 7L)]
    [InlineData("size([])", 0L)]
    [InlineData("size({'a': 1})", 1L)]
    public void Evaluate_Size_CountsElements(string source, long expected)
    {
        Assert.Equal(expected, Eval(source));
    }

    [Theory]
    [InlineData("startsWith('hello', 'he')", true)]
    [InlineData("'hello'.startsWith('lo')", false)]
    [InlineData("endsWith('hello', 'lo')", true)]
    [InlineData("request.user_id.endsWith('-42')", true)]
    [InlineData("contains('hello', 'ell')", true)]
    [InlineData("'hello'.contains('xyz')", false)]
    [InlineData("'Hello'.startsWith('he')", false)]
    [InlineData("''.contains('')", true)]
    [InlineData("request.metadata.country.startsWith('D')", true)]
    public void Evaluate_StringPredicates_ReturnExpected(string source, bool expected)
    {
        Assert.Equal(expected, EvalBool(source));
    }

    [Theory]
    [InlineData("matches('user-42', '^user-[0-9]+$')", true)]
    [InlineData("request.user_id.matches('^user-\\\\d+$')", true)]
    [InlineData("'abc'.matches('b')", true)]
    [InlineData("'abc'.matches('^b')", false)]
    [InlineData("'ABC'.matches('(?i)^abc$')", true)]
    [InlineData("request.metadata.country.matches('^[A-Z]{2}$')", true)]
    [InlineData("'x'.matches(data.s)", false)]
    [InlineData("'Hello world'.matches(data.s)", true)]
    public void Evaluate_Matches_UsesRegularExpression(string source, bool expected)
    {
        Assert.Equal(expected, EvalBool(source));
    }

    [Theory]
    [InlineData("'a'.matches('(')", RuleErrorCodes.RegexInvalid, 13)]
    [InlineData("'a'.matches('(a)\\\\1')", RuleErrorCodes.RegexInvalid, 13)]
    [InlineData("'a'.matches('(?=a)')", RuleErrorCodes.RegexInvalid, 13)]
    [InlineData("matches('a', '[')", RuleErrorCodes.RegexInvalid, 14)]
    public void Compile_InvalidRegex_ReportsAtPattern(string source, string code, int column)
    {
        var error = CompileError(source);
        Assert.Equal(code, error.Code);
        Assert.Equal(column, error.Column);
    }

    [Theory]
    [InlineData("lower('HeLLo')", "hello")]
    [InlineData("'HeLLo'.upper()", "HELLO")]
    [InlineData("data.s.lower()", "hello")]
    [InlineData("string(42)", "42")]
    [InlineData("string(-1.5)", "-1.5")]
    [InlineData("string(true)", "true")]
    [InlineData("string('x')", "x")]
    [InlineData("string(null)", "null")]
    [InlineData("string(data.t)", "2026-11-21T12:00:00Z")]
    [InlineData("string(duration('1h30m'))", "5400s")]
    [InlineData("string(duration('1.5s'))", "1.5s")]
    [InlineData("string(request.metadata.age)", "37")]
    public void Evaluate_StringFunctions_ReturnExpected(string source, string expected)
    {
        Assert.Equal(expected, Eval(source));
    }

    [Fact]
    public void Evaluate_UpperOfNonAscii_IsCultureInvariant()
    {
        // Invariant simple case mapping: ß has no single-character upper case and stays.
        Assert.Equal("STRAßE ÄÖÜ", Eval("upper('straße äöü')"));
        Assert.Equal("istanbul", Eval("lower('ISTANBUL')"));
    }

    [Theory]
    [InlineData("int('42')", 42L)]
    [InlineData("int(' -7 ')", -7L)]
    [InlineData("int(3.99)", 3L)]
    [InlineData("int(-3.99)", -3L)]
    [InlineData("int(true)", 1L)]
    [InlineData("int(data.t)", 1795262400L)]
    [InlineData("int(request.metadata.score * 100)", 75L)]
    [InlineData("double('2.5')", 2.5)]
    [InlineData("double(2)", 2.0)]
    [InlineData("double(request.metadata.age)", 37.0)]
    [InlineData("data.i + int(double(data.i) / 2)", 10L)]
    public void Evaluate_NumericConversions_ReturnExpected(string source, object expected)
    {
        Assert.Equal(expected, Eval(source));
    }

    [Theory]
    [InlineData("int('abc')", RuleErrorCodes.Conversion)]
    [InlineData("int('1.5')", RuleErrorCodes.Conversion)]
    [InlineData("int(1e300)", RuleErrorCodes.Overflow)]
    [InlineData("double('x')", RuleErrorCodes.Conversion)]
    [InlineData("timestamp('yesterday')", RuleErrorCodes.Conversion)]
    [InlineData("timestamp('11/21/2026')", RuleErrorCodes.Conversion)]
    [InlineData("duration('1 week')", RuleErrorCodes.Conversion)]
    [InlineData("duration('5')", RuleErrorCodes.Conversion)]
    [InlineData("duration('h')", RuleErrorCodes.Conversion)]
    [InlineData("duration('99999999999999d')", RuleErrorCodes.Conversion)]
    [InlineData("timestamp(999999999999999)", RuleErrorCodes.Overflow)]
    public void Compile_ConstantConversionError_IsReportedAtCompileTime(string source, string code)
    {
        var error = CompileError(source);
        Assert.Equal(code, error.Code);
        Assert.Equal(1, error.Column);
    }

    [Theory]
    [InlineData("int(request.metadata.country)", RuleErrorCodes.Conversion)]
    [InlineData("timestamp(request.metadata.country)", RuleErrorCodes.Conversion)]
    [InlineData("duration(request.metadata.country)", RuleErrorCodes.Conversion)]
    [InlineData("int(request.metadata.tags)", RuleErrorCodes.RuntimeType)]
    [InlineData("lower(request.metadata.age)", RuleErrorCodes.RuntimeType)]
    [InlineData("size(request.metadata.age)", RuleErrorCodes.RuntimeType)]
    [InlineData("request.metadata.age.startsWith('3')", RuleErrorCodes.RuntimeType)]
    public void Evaluate_ConversionOfBadValue_ThrowsWithCode(string source, string code)
    {
        Assert.Equal(code, EvalError(source).Code);
    }

    [Fact]
    public void Evaluate_Timestamp_ParsesIso8601AndUnixSeconds()
    {
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), Eval("timestamp('2026-01-02T03:04:05Z')"));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 1, 4, 5, TimeSpan.Zero), Eval("timestamp('2026-01-02T03:04:05+02:00')"));
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), Eval("timestamp('2026-01-02')"));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), Eval("timestamp(1700000000)"));
        Assert.True(EvalBool("timestamp('2026-01-01T00:00:00Z') < data.t"));
    }

    [Theory]
    [InlineData("1h30m", 90 * 60.0)]
    [InlineData("90s", 90.0)]
    [InlineData("1.5h", 5400.0)]
    [InlineData("-5m", -300.0)]
    [InlineData("250ms", 0.25)]
    [InlineData("2d", 172800.0)]
    [InlineData("1h30m15.5s", 5415.5)]
    [InlineData("0", 0.0)]
    [InlineData("1500us", 0.0015)]
    public void Evaluate_Duration_ParsesUnits(string text, double seconds)
    {
        var value = Assert.IsType<TimeSpan>(Eval($"duration('{text}')"));
        Assert.Equal(seconds, value.TotalSeconds, 6);
    }

    [Fact]
    public void Evaluate_Now_ReadsScopeClock()
    {
        var clock = new ManualTimeProvider(Now);
        var rule = RuleCompiler.CompileBool("now() - request.created_at < duration('3h')", Schema);
        Assert.True(rule.EvaluateBool(RuleScope.FromDictionary(Values(), clock)));

        clock.Now = Now.AddHours(2);
        Assert.False(rule.EvaluateBool(RuleScope.FromDictionary(Values(), clock)));
        Assert.Equal(clock.Now, RuleCompiler.Compile("now()", Schema).Evaluate(RuleScope.FromDictionary(Values(), clock)));
    }

    [Theory]
    [InlineData("sizeof('a')", 1, RuleErrorCodes.UnknownFunction)]
    [InlineData("'a'.reverse()", 5, RuleErrorCodes.UnknownFunction)]
    [InlineData("eval('1')", 1, RuleErrorCodes.UnknownFunction)]
    [InlineData("size('a', 'b')", 1, RuleErrorCodes.Type)]
    [InlineData("'a'.startsWith()", 5, RuleErrorCodes.Type)]
    [InlineData("now(1)", 1, RuleErrorCodes.Type)]
    [InlineData("has(user)", 1, RuleErrorCodes.Type)]
    [InlineData("has(user.nope)", 10, RuleErrorCodes.UnknownField)]
    [InlineData("has(data.i.x)", 12, RuleErrorCodes.Type)]
    public void Compile_BadCall_ReportsCodeAndColumn(string source, int column, string code)
    {
        var error = CompileError(source);
        Assert.Equal(code, error.Code);
        Assert.Equal(column, error.Column);
    }
}
