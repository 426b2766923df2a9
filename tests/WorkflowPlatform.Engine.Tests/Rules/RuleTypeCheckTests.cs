using Xunit;
using WorkflowPlatform.Engine.Rules;
using static WorkflowPlatform.Engine.Tests.Rules.RuleFixture;

namespace WorkflowPlatform.Engine.Tests.Rules;

public class RuleTypeCheckTests
{
    [Theory]
    [InlineData("user.is_new && 1", 16, "operator '&&' needs bool operands, got int")]
    [InlineData("!data.s", 1, "operator '!' needs a bool")]
    [InlineData("-data.s", 1, "operator '-' needs a number")]
    [InlineData("data.s + 1", 8, "operator '+' cannot be applied to string and int")]
    [InlineData("data.i == 'seven'", 8, "operator '==' cannot be applied to int and string")]
    [InlineData("data.b < 1", 8, "operator '<' cannot be applied to bool and int")]
    [InlineData("data.t - 1", 8, "operator '-' cannot be applied to timestamp and int")]
    [InlineData("data.s * 2", 8, "operator '*' cannot be applied to string and int")]
    [InlineData("data.ints < data.ints", 11, "operator '<'")]
    [InlineData("1 in data.names", 3, "operator 'in' cannot be applied to int and list(string)")]
    [InlineData("1 in data.s", 3, "operator 'in'")]
    [InlineData("data.i ? 1 : 2", 1, "condition before '?' must be bool")]
    [InlineData("size(data.i)", 1, "size() needs a string, list or map, got int")]
    [InlineData("lower(data.i)", 1, "lower() needs a string")]
    [InlineData("data.i.startsWith('a')", 8, "startsWith() needs strings")]
    [InlineData("data.s.matches(1)", 8, "matches() needs strings")]
    [InlineData("timestamp(true)", 1, "timestamp() needs")]
    [InlineData("duration(1)", 1, "duration() needs")]
    [InlineData("data.ints['a']", 10, "cannot index list(int) with string")]
    [InlineData("data.scores[1]", 12, "cannot index map(int) with int")]
    [InlineData("data.i.x", 8, "cannot read field 'x' of int data.i")]
    [InlineData("{1: 'a'}", 2, "map keys must be strings")]
    [InlineData("string(data.ints)", 1, "string() needs a scalar")]
    public void Compile_TypeError_ReportsRuleTypeWithPosition(string source, int column, string fragment)
    {
        var error = CompileError(source);
        Assert.Equal(RuleErrorCodes.Type, error.Code);
        Assert.Equal(1, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("user.is_old", 6, "unknown field 'is_old' on user")]
    [InlineData("usr.is_new", 1, "unknown identifier 'usr'")]
    [InlineData("request.metadata.country == 'DE' && request.flags", 45, "unknown field 'flags' on request")]
    [InlineData("modules.selfie.score", 16, "unknown field 'score' on modules.selfie")]
    [InlineData("modules.liveness.passed", 9, "unknown field 'liveness' on modules")]
    [InlineData("user['nope']", 6, "unknown field 'nope' on user")]
    [InlineData("size", 1, "'size' is a function")]
    public void Compile_UnknownField_ReportsRuleUnknownField(string source, int column, string fragment)
    {
        var error = CompileError(source);
        Assert.Equal(RuleErrorCodes.UnknownField, error.Code);
        Assert.Equal(column, error.Column);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_UnknownFieldMessage_ListsKnownFields()
    {
        var error = CompileError("user.nme");
        Assert.Contains("id, is_new, registered_at, selfie_registered", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("user.is_new", RuleTypeKind.Bool)]
    [InlineData("data.i + 1", RuleTypeKind.Int)]
    [InlineData("data.i + 1.5", RuleTypeKind.Double)]
    [InlineData("data.s + 'x'", RuleTypeKind.String)]
    [InlineData("request.metadata.country", RuleTypeKind.Dyn)]
    [InlineData("data.scores.x", RuleTypeKind.Int)]
    [InlineData("data.t - data.t", RuleTypeKind.Duration)]
    [InlineData("now()", RuleTypeKind.Timestamp)]
    [InlineData("[1, 2]", RuleTypeKind.List)]
    [InlineData("{'a': 1}", RuleTypeKind.Map)]
    [InlineData("size(data.names)", RuleTypeKind.Int)]
    [InlineData("true ? 1 : 'a'", RuleTypeKind.Dyn)]
    [InlineData("null", RuleTypeKind.Null)]
    public void Compile_ValidRule_InfersResultType(string source, RuleTypeKind kind)
    {
        Assert.Equal(kind, RuleCompiler.Compile(source, Schema).ResultType.Kind);
    }

    [Fact]
    public void Compile_ListLiteral_InfersElementType()
    {
        Assert.Equal(RuleType.List(RuleType.String), RuleCompiler.Compile("['a', 'b']", Schema).ResultType);
        Assert.Equal(RuleType.List(RuleType.Dyn), RuleCompiler.Compile("['a', 1]", Schema).ResultType);
        Assert.Equal("list(string)", RuleCompiler.Compile("data.names", Schema).ResultType.ToString());
    }

    [Theory]
    [InlineData("data.i + 1")]
    [InlineData("'yes'")]
    [InlineData("user")]
    public void CompileBool_NonBoolRule_ReportsNotBool(string source)
    {
        var error = Assert.Throws<RuleException>(() => RuleCompiler.CompileBool(source, Schema));
        Assert.Equal(RuleErrorCodes.NotBool, error.Code);
        Assert.Contains("must produce a bool", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CompileBool_DynRule_IsCheckedAtRuntime()
    {
        var rule = RuleCompiler.CompileBool("request.metadata.vip", Schema);
        Assert.True(rule.EvaluateBool(Scope()));

        var notBool = RuleCompiler.CompileBool("request.metadata.country", Schema);
        var error = Assert.Throws<RuleEvaluationException>(() => notBool.EvaluateBool(Scope()));
        Assert.Equal(RuleErrorCodes.NotBool, error.Code);
    }

    [Fact]
    public void EvaluateBool_NonBoolRule_ThrowsNotBool()
    {
        var rule = RuleCompiler.Compile("data.i", Schema);
        Assert.Equal(RuleErrorCodes.NotBool, Assert.Throws<RuleEvaluationException>(() => rule.EvaluateBool(Scope())).Code);
    }

    [Fact]
    public void Check_SeveralErrors_ReturnsAllWithoutThrowing()
    {
        var result = RuleCompiler.Check("user.nope && data.s + 1 == 2 && foo(1)", Schema);
        Assert.False(result.IsValid);
        Assert.Null(result.ResultType);
        Assert.Equal(3, result.Count);
        Assert.Equal((RuleErrorCodes.UnknownField, 1, 6), (result[0].Code, result[0].Line, result[0].Column));
        Assert.Equal((RuleErrorCodes.Type, 1, 21), (result[1].Code, result[1].Line, result[1].Column));
        Assert.Equal((RuleErrorCodes.UnknownFunction, 1, 33), (result[2].Code, result[2].Line, result[2].Column));
    }

    [Fact]
    public void Check_ValidRule_ReturnsResultTypeAndNoDiagnostics()
    {
        var result = RuleCompiler.Check("user.is_new && request.metadata.country == 'DE'", Schema);
        Assert.True(result.IsValid);
        Assert.Empty(result);
        Assert.Equal(RuleType.Bool, result.ResultType);
    }

    [Fact]
    public void CheckBool_StringRule_ReportsNotBool()
    {
        var result = RuleCompiler.CheckBool("user.id", Schema);
        var diagnostic = Assert.Single(result);
        Assert.Equal(RuleErrorCodes.NotBool, diagnostic.Code);
        Assert.True(RuleCompiler.Check("user.id", Schema).IsValid);
    }

    [Fact]
    public void Check_SyntaxErrorOnSecondLine_ReportsLineAndColumn()
    {
        var diagnostic = Assert.Single(RuleCompiler.Check("user.is_new &&\n   (request.locale == 'de'", Schema));
        Assert.Equal(RuleErrorCodes.Syntax, diagnostic.Code);
        Assert.Equal(2, diagnostic.Line);
        Assert.Equal(27, diagnostic.Column);
    }

    [Fact]
    public void Compile_DynMetadata_AllowsAnyUseAndChecksAtRuntime()
    {
        Assert.True(EvalBool("request.metadata.age > 18 && request.metadata.score >= 0.5 && request.metadata.tags[0] == 'a'"));
        Assert.True(EvalBool("request.metadata.nested.level + 1 == 3"));
        Assert.True(EvalBool("size(request.metadata.tags) == 2 && 'b' in request.metadata.tags"));
    }

    [Fact]
    public void Compile_UnknownRootWithEmptySchema_SaysNoneAvailable()
    {
        var error = Assert.Throws<RuleException>(() => RuleCompiler.Compile("user.is_new", RuleSchema.Empty));
        Assert.Contains("available: none", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RootMissingFromScope_ThrowsMissingRoot()
    {
        var rule = RuleCompiler.CompileBool("user.is_new", Schema);
        var error = Assert.Throws<RuleEvaluationException>(() => rule.EvaluateBool(RuleScope.FromDictionary(new Dictionary<string, object?>())));
        Assert.Equal(RuleErrorCodes.MissingRoot, error.Code);
    }
}
