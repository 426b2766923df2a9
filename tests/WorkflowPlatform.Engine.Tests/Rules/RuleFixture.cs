using Xunit;
using WorkflowPlatform.Engine.Rules;

namespace WorkflowPlatform.Engine.Tests.Rules;

/// <summary>A clock the tests set by hand.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>The standard workflow context plus a <c>data</c> root holding one field of every type.</summary>
internal static class RuleFixture
{
    public static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public static readonly RuleSchema Schema = RuleSchema
        .CreateWorkflowContext(
            modules: new Dictionary<string, IReadOnlyDictionary<string, RuleType>>
            {
                ["selfie"] = new Dictionary<string, RuleType>
                {
                    ["selfie_registered"] = RuleType.Bool,
                    ["face_score"] = RuleType.Double,
                    ["attempts"] = RuleType.Int,
                },
            },
            result: new Dictionary<string, RuleType> { ["outcome"] = RuleType.String })
        .With("data", RuleType.Object(
            ("i", RuleType.Int),
            ("d", RuleType.Double),
            ("s", RuleType.String),
            ("b", RuleType.Bool),
            ("t", RuleType.Timestamp),
            ("dur", RuleType.Duration),
            ("ints", RuleType.List(RuleType.Int)),
            ("names", RuleType.List(RuleType.String)),
            ("scores", RuleType.Map(RuleType.Int)),
            ("any", RuleType.Dyn),
            ("missing", RuleType.String),
            ("empty", RuleType.String)));

    public static Dictionary<string, object?> Values() => new()
    {
        ["request"] = new Dictionary<string, object?>
        {
            ["id"] = "req_1",
            ["workflow"] = "selfie-registration",
            ["user_id"] = "user-42",
            ["force_onboarding"] = false,
            ["locale"] = "de-DE",
            ["metadata"] = new Dictionary<string, object?>
            {
                ["country"] = "DE",
                ["age"] = 37,
                ["vip"] = true,
                ["score"] = 0.75,
                ["tags"] = new List<object?> { "a", "b" },
                ["nested"] = new Dictionary<string, object?> { ["level"] = 2 },
                ["nothing"] = null,
            },
            ["created_at"] = Now.AddHours(-2),
        },
        ["user"] = new Dictionary<string, object?>
        {
            ["id"] = "user-42",
            ["is_new"] = true,
            ["selfie_registered"] = false,
            ["registered_at"] = Now.AddDays(-10),
        },
        ["application"] = new Dictionary<string, object?> { ["id"] = "app_1", ["name"] = "Shop" },
        ["modules"] = new Dictionary<string, object?>
        {
            ["selfie"] = new Dictionary<string, object?> { ["selfie_registered"] = true, ["face_score"] = 0.93, ["attempts"] = 2 },
        },
        ["result"] = new Dictionary<string, object?> { ["outcome"] = "approved" },
        ["data"] = new Dictionary<string, object?>
        {
            ["i"] = 7,
            ["d"] = 2.5,
            ["s"] = "Hello",
            ["b"] = true,
            ["t"] = Now,
            ["dur"] = TimeSpan.FromMinutes(90),
            ["ints"] = new List<object?> { 1L, 2L, 3L },
            ["names"] = new[] { "anna", "bert" },
            ["scores"] = new Dictionary<string, object?> { ["x"] = 1, ["y"] = 2 },
            ["any"] = 5,
            ["empty"] = "",
        },
    };

    public static IRuleScope Scope() => RuleScope.FromDictionary(Values(), new ManualTimeProvider(Now));

    public static object? Eval(string source) => RuleCompiler.Compile(source, Schema).Evaluate(Scope());

    public static bool EvalBool(string source) => RuleCompiler.CompileBool(source, Schema).EvaluateBool(Scope());

    public static RuleException CompileError(string source, RuleCompileOptions? options = null) =>
        Assert.Throws<RuleException>(() => RuleCompiler.Compile(source, Schema, options));

    public static RuleEvaluationException EvalError(string source) =>
        Assert.Throws<RuleEvaluationException>(() => RuleCompiler.Compile(source, Schema).Evaluate(Scope()));
}
