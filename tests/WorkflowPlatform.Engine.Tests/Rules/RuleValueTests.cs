using System.Dynamic;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;
using WorkflowPlatform.Engine.Rules;

namespace WorkflowPlatform.Engine.Tests.Rules;

public class RuleValueTests
{
    private static object? Eval(string source, RuleSchema schema, Dictionary<string, object?> values) =>
        RuleCompiler.Compile(source, schema).Evaluate(RuleScope.FromDictionary(values));

    [Fact]
    public void Evaluate_HostNumericTypes_AreNormalised()
    {
        var schema = RuleSchema.Create(("a", RuleType.Int), ("b", RuleType.Int), ("c", RuleType.Double), ("d", RuleType.Double), ("e", RuleType.Int));
        var values = new Dictionary<string, object?> { ["a"] = 3, ["b"] = (short)4, ["c"] = 1.5f, ["d"] = 2.25m, ["e"] = (byte)5 };
        Assert.Equal(7L, Eval("a + b", schema, values));
        Assert.Equal(3.75, Eval("c + d", schema, values));
        Assert.Equal(5L, Eval("e", schema, values));
        Assert.Equal(true, Eval("a < e", schema, values));
    }

    [Fact]
    public void Evaluate_DateTime_BecomesUtcTimestamp()
    {
        var schema = RuleSchema.Create(("t", RuleType.Timestamp));
        var values = new Dictionary<string, object?> { ["t"] = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Unspecified) };
        Assert.Equal(true, Eval("t == timestamp('2026-01-01T00:00:00Z')", schema, values));
    }

    [Fact]
    public void Evaluate_JsonElementMetadata_IsReadAsDyn()
    {
        var json = JsonDocument.Parse("""{"country":"DE","age":37,"ratio":0.5,"vip":true,"tags":["a","b"],"nested":{"x":null,"y":[1,2]}}""");
        var schema = RuleSchema.CreateWorkflowContext();
        var values = new Dictionary<string, object?>
        {
            ["request"] = new Dictionary<string, object?> { ["metadata"] = json.RootElement.Clone() },
        };
        Assert.Equal(true, Eval("request.metadata.country == 'DE' && request.metadata.age == 37 && request.metadata.vip", schema, values));
        Assert.Equal(true, Eval("request.metadata.ratio < 1 && 'b' in request.metadata.tags && size(request.metadata.nested.y) == 2", schema, values));
        Assert.Equal(false, Eval("has(request.metadata.nested.x)", schema, values));
        Assert.Equal(true, Eval("has(request.metadata.nested.y)", schema, values));
        Assert.Equal(3L, Eval("request.metadata.nested.y[0] + request.metadata.nested.y[1]", schema, values));
    }

    [Fact]
    public void Evaluate_JsonNodeAndExpando_AreReadAsMaps()
    {
        var schema = RuleSchema.Create(("n", RuleType.Dyn), ("e", RuleType.Dyn));
        dynamic expando = new ExpandoObject();
        expando.name = "x";
        var values = new Dictionary<string, object?>
        {
            ["n"] = JsonNode.Parse("""{"a":{"b":[10,20]}}"""),
            ["e"] = (object)expando,
        };
        Assert.Equal(20L, Eval("n.a.b[1]", schema, values));
        Assert.Equal("x", Eval("e.name", schema, values));
    }

    [Fact]
    public void Evaluate_TypedCollections_AreConverted()
    {
        var schema = RuleSchema.Create(("ints", RuleType.List(RuleType.Int)), ("m", RuleType.Map(RuleType.String)), ("names", RuleType.List(RuleType.String)));
        var values = new Dictionary<string, object?>
        {
            ["ints"] = new List<int> { 1, 2, 3 },
            ["m"] = new Dictionary<string, string> { ["k"] = "v" },
            ["names"] = new[] { "a", "b" },
        };
        Assert.Equal(true, Eval("2 in ints && ints[2] == 3 && m.k == 'v' && size(names) == 2 && names[0] == 'a'", schema, values));
    }

    [Fact]
    public void Evaluate_UnsupportedHostValue_ThrowsRuntimeType()
    {
        var schema = RuleSchema.Create(("x", RuleType.Dyn));
        var error = Assert.Throws<RuleEvaluationException>(() => Eval("x == 1", schema, new() { ["x"] = new object() }));
        Assert.Equal(RuleErrorCodes.RuntimeType, error.Code);
    }

    [Fact]
    public void Evaluate_DeclaredFieldMissingAtRuntime_IsNull()
    {
        var schema = RuleSchema.CreateWorkflowContext();
        var values = new Dictionary<string, object?> { ["user"] = new Dictionary<string, object?>() };
        Assert.Equal(true, Eval("user.is_new == null && !has(user.is_new)", schema, values));
        var error = Assert.Throws<RuleEvaluationException>(() => RuleCompiler.CompileBool("user.is_new", schema).EvaluateBool(RuleScope.FromDictionary(values)));
        Assert.Equal(RuleErrorCodes.RuntimeType, error.Code);
        Assert.Contains("expected bool but got null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ResultValues_AreRuleValueTypes()
    {
        var schema = RuleSchema.Empty;
        Assert.IsType<long>(RuleCompiler.Compile("1 + 1", schema).Evaluate(RuleScope.Empty));
        Assert.IsType<double>(RuleCompiler.Compile("1 + 1.0", schema).Evaluate(RuleScope.Empty));
        Assert.IsType<DateTimeOffset>(RuleCompiler.Compile("now()", schema).Evaluate(RuleScope.Empty));
        Assert.IsType<TimeSpan>(RuleCompiler.Compile("duration('1m')", schema).Evaluate(RuleScope.Empty));
    }

    [Theory]
    [InlineData("bool", "bool")]
    [InlineData("int", "int")]
    [InlineData("number", "double")]
    [InlineData("double", "double")]
    [InlineData("string", "string")]
    [InlineData("timestamp", "timestamp")]
    [InlineData("map", "map(dyn)")]
    [InlineData("list", "list(dyn)")]
    [InlineData("string_list", "list(string)")]
    [InlineData("something", "dyn")]
    public void FromName_ModuleOutputTypeName_MapsToRuleType(string name, string expected)
    {
        Assert.Equal(expected, RuleType.FromName(name).ToString());
    }

    [Fact]
    public void Fingerprint_EqualSchemas_AreEqual()
    {
        var a = RuleSchema.Create(("x", RuleType.Object(("b", RuleType.Int), ("a", RuleType.String))));
        var b = RuleSchema.Create(("x", RuleType.Object(("a", RuleType.String), ("b", RuleType.Int))));
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.Equal("x:{a: string, b: int}", a.Fingerprint);
        Assert.NotEqual(a.Fingerprint, a.With("y", RuleType.Bool).Fingerprint);
    }

    [Fact]
    public void Create_InvalidRootName_Throws()
    {
        Assert.Throws<ArgumentException>(() => RuleSchema.Create(("1abc", RuleType.Int)));
        Assert.Throws<ArgumentException>(() => RuleSchema.Empty.With("a-b", RuleType.Int));
    }

    [Fact]
    public void Evaluate_ModuleNodeIdWithDash_IsReachableByIndex()
    {
        var schema = RuleSchema.CreateWorkflowContext(modules: new Dictionary<string, IReadOnlyDictionary<string, RuleType>>
        {
            ["face-auth"] = new Dictionary<string, RuleType> { ["passed"] = RuleType.Bool },
        });
        var values = new Dictionary<string, object?>
        {
            ["modules"] = new Dictionary<string, object?> { ["face-auth"] = new Dictionary<string, object?> { ["passed"] = true } },
        };
        Assert.Equal(true, Eval("modules['face-auth'].passed", schema, values));
        Assert.Equal(RuleErrorCodes.UnknownField, Assert.Throws<RuleException>(() => RuleCompiler.Compile("modules['face-auth'].failed", schema)).Code);
    }

    [Fact]
    public void Evaluate_ModuleNotRunYet_HasIsFalse()
    {
        var schema = RuleSchema.CreateWorkflowContext(modules: new Dictionary<string, IReadOnlyDictionary<string, RuleType>>
        {
            ["selfie"] = new Dictionary<string, RuleType> { ["face_score"] = RuleType.Double },
        });
        var values = new Dictionary<string, object?> { ["modules"] = new Dictionary<string, object?>() };
        Assert.Equal(false, Eval("has(modules.selfie.face_score)", schema, values));
        Assert.Equal(true, Eval("!has(modules.selfie.face_score) || modules.selfie.face_score > 0.5", schema, values));
    }

    [Fact]
    public void Evaluate_ThrowingHostDictionary_SurfacesAsRuntimeType()
    {
        var schema = RuleSchema.Create(("m", RuleType.Map(RuleType.Dyn)));
        var values = new Dictionary<string, object?> { ["m"] = new ThrowingMap() };
        var error = Assert.Throws<RuleEvaluationException>(() => Eval("m.x == 1", schema, values));
        Assert.Equal(RuleErrorCodes.RuntimeType, error.Code);
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public void Evaluate_ConstantList_IsReadOnlyAndSharedSafely()
    {
        var rule = RuleCompiler.Compile("[1, 2, 3]", RuleSchema.Empty);
        var first = Assert.IsAssignableFrom<IList<object?>>(rule.Evaluate(RuleScope.Empty));
        Assert.Throws<NotSupportedException>(() => first[0] = 99L);
        Assert.Equal(1L, Assert.IsAssignableFrom<IReadOnlyList<object?>>(rule.Evaluate(RuleScope.Empty))[0]);
    }

    private sealed class ThrowingMap : IReadOnlyDictionary<string, object?>
    {
        public object? this[string key] => throw new InvalidOperationException("store unavailable");
        public IEnumerable<string> Keys => throw new InvalidOperationException("store unavailable");
        public IEnumerable<object?> Values => throw new InvalidOperationException("store unavailable");
        public int Count => throw new InvalidOperationException("store unavailable");
        public bool ContainsKey(string key) => throw new InvalidOperationException("store unavailable");
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => throw new InvalidOperationException("store unavailable");
        public bool TryGetValue(string key, out object? value) => throw new InvalidOperationException("store unavailable");
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
