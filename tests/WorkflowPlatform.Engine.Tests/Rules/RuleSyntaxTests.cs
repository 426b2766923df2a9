using Xunit;
using WorkflowPlatform.Engine.Rules;
using static WorkflowPlatform.Engine.Tests.Rules.RuleFixture;

namespace WorkflowPlatform.Engine.Tests.Rules;

public class RuleSyntaxTests
{
    [Theory]
    [InlineData("null", null)]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("42", 42L)]
    [InlineData("0x1F", 31L)]
    [InlineData("-7", -7L)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("2.5", 2.5)]
    [InlineData("1e3", 1000.0)]
    [InlineData(".5", 0.5)]
    [InlineData("'single'", "single")]
    [InlineData("\"double\"", "double")]
    [InlineData("\"a\\nb\\t\\\"q\\\" \\\\ \\u00e9 \\x41 \\U0001F600\"", "a\nb\t\"q\" \\ é A 😀")]
    [InlineData("'it\\'s'", "it's")]
    public void Compile_Literal_EvaluatesToValue(string source, object? expected)
    {
        Assert.Equal(expected, Eval(source));
    }

    [Fact]
    public void Compile_ListAndMapLiterals_EvaluateToCollections()
    {
        var list = Assert.IsAssignableFrom<IReadOnlyList<object?>>(Eval("[1, 'a', true, null, [2]]"));
        Assert.Equal(5, list.Count);
        Assert.Equal(1L, list[0]);
        Assert.Equal("a", list[1]);
        Assert.Equal(true, list[2]);
        Assert.Null(list[3]);
        Assert.Equal(2L, Assert.IsAssignableFrom<IReadOnlyList<object?>>(list[4])[0]);

        var map = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(Eval("{'a': 1, \"b\": [true], }"));
        Assert.Equal(1L, map["a"]);
        Assert.Empty(Assert.IsAssignableFrom<IReadOnlyList<object?>>(Eval("[]")));
        Assert.Empty(Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(Eval("{}")));
    }

    [Theory]
    [InlineData("1 + 2 * 3", 7L)]
    [InlineData("(1 + 2) * 3", 9L)]
    [InlineData("10 - 4 - 3", 3L)]
    [InlineData("24 / 4 / 2", 3L)]
    [InlineData("7 % 4 * 2", 6L)]
    [InlineData("-2 * 3", -6L)]
    [InlineData("-(2 + 3)", -5L)]
    [InlineData("--5", 5L)]
    [InlineData("1 + 2 == 3", true)]
    [InlineData("1 < 2 == true", true)]
    [InlineData("true || false && false", true)]
    [InlineData("(true || false) && false", false)]
    [InlineData("!false && true", true)]
    [InlineData("!(1 == 1)", false)]
    [InlineData("false ? 1 : true ? 2 : 3", 2L)]
    [InlineData("true ? false ? 1 : 2 : 3", 2L)]
    [InlineData("1 == 1 ? 'a' : 'b'", "a")]
    [InlineData("2 in [1, 2] && 'a' in {'a': 1}", true)]
    [InlineData("1 + 1 in [2] == true", true)]
    [InlineData("'ab'.size() + 1", 3L)]
    [InlineData("[1, 2, 3][1] * 2", 4L)]
    public void Evaluate_OperatorPrecedence_FollowsCel(string source, object expected)
    {
        Assert.Equal(expected, Eval(source));
    }

    [Fact]
    public void Compile_CommentsAndLineBreaks_AreIgnored()
    {
        Assert.True(EvalBool("// comment\nuser.is_new // trailing\n  && request.metadata.country == \"DE\""));
    }

    [Theory]
    [InlineData("user.is_new &&", 1, 15, "unexpected end of rule")]
    [InlineData("user.is_new && && true", 1, 16, "unexpected '&&'")]
    [InlineData("(1 + 2", 1, 7, "expected ')'")]
    [InlineData("1 + 2)", 1, 6, "unexpected ')'")]
    [InlineData("user.is_new = true", 1, 13, "use '=='")]
    [InlineData("a & b", 1, 3, "use '&&'")]
    [InlineData("a | b", 1, 3, "use '||'")]
    [InlineData("\"unterminated", 1, 1, "unterminated string")]
    [InlineData("'bad \\q escape'", 1, 6, "invalid escape")]
    [InlineData("1 +\n  # 2", 2, 3, "unexpected character '#'")]
    [InlineData("x.\n.y", 2, 1, "field or method name")]
    [InlineData("[1, 2", 1, 6, "expected ']'")]
    [InlineData("{'a' 1}", 1, 6, "expected ':'")]
    [InlineData("true ? 1", 1, 9, "expected ':'")]
    [InlineData("99999999999999999999", 1, 1, "out of range")]
    [InlineData("12abc", 1, 1, "malformed number")]
    [InlineData("0x", 1, 1, "hexadecimal")]
    [InlineData("'\\u12'", 1, 2, "incomplete escape")]
    [InlineData("'\\uD800'", 1, 2, "not a valid Unicode")]
    [InlineData("1 2", 1, 3, "unexpected number")]
    [InlineData("'line\nbreak'", 1, 1, "line break")]
    public void Compile_SyntaxError_ReportsPositionAndCode(string source, int line, int column, string fragment)
    {
        var error = CompileError(source);
        Assert.Equal(RuleErrorCodes.Syntax, error.Code);
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    public void Compile_EmptyRule_ReportsRuleEmpty(string source)
    {
        Assert.Equal(RuleErrorCodes.Empty, CompileError(source).Code);
    }

    [Fact]
    public void Compile_DuplicateMapKey_ReportsSyntaxAtKey()
    {
        var error = CompileError("{'a': 1, 'a': 2}");
        Assert.Equal(RuleErrorCodes.Syntax, error.Code);
        Assert.Equal(10, error.Column);
    }
}
