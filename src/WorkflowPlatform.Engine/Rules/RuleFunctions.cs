using System.Globalization;

namespace WorkflowPlatform.Engine.Rules;

/// <summary>Run-time implementations of the built-in functions (argument types are checked statically where known).</summary>
internal static class RuleFunctions
{
    public static readonly IReadOnlyList<string> Names =
    [
        "has", "size", "startsWith", "endsWith", "contains", "matches", "lower", "upper",
        "int", "double", "string", "timestamp", "duration", "now",
    ];

    private static string Str(object? value, string function, EvalNode at) =>
        value as string ?? throw at.Fail(RuleErrorCodes.RuntimeType, $"{function}() needs a string, got {RuleValues.TypeName(value)}");

    public static object? StartsWith(object? a, object? b, EvalNode at) =>
        RuleValues.Box(Str(a, "startsWith", at).StartsWith(Str(b, "startsWith", at), StringComparison.Ordinal));

    public static object? EndsWith(object? a, object? b, EvalNode at) =>
        RuleValues.Box(Str(a, "endsWith", at).EndsWith(Str(b, "endsWith", at), StringComparison.Ordinal));

    public static object? Contains(object? a, object? b, EvalNode at) =>
        RuleValues.Box(Str(a, "contains", at).Contains(Str(b, "contains", at), StringComparison.Ordinal));

    public static object? Lower(object? a, EvalNode at) =>
        RuleValues.CheckLength(Str(a, "lower", at).ToLowerInvariant(), at);

    public static object? Upper(object? a, EvalNode at) =>
        RuleValues.CheckLength(Str(a, "upper", at).ToUpperInvariant(), at);

    public static object? ToInt(object? value, EvalNode at)
    {
        switch (value)
        {
            case long l:
                return l;
            case double d:
                // CEL: truncation toward zero, error when out of range.
                if (double.IsNaN(d) || d >= 9.2233720368547758E18 || d < -9.2233720368547758E18)
                {
                    throw at.Fail(RuleErrorCodes.Overflow, $"double {RuleValues.FormatDouble(d)} does not fit an int");
                }
                return (long)d;
            case string s:
                return long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
                    ? parsed
                    : throw at.Fail(RuleErrorCodes.Conversion, $"cannot convert {RuleValues.Describe(s)} to int");
            case DateTimeOffset t:
                return t.ToUnixTimeSeconds();
            case bool b:
                return b ? 1L : 0L;
            default:
                throw at.Fail(RuleErrorCodes.RuntimeType, $"int() cannot convert {RuleValues.TypeName(value)}");
        }
    }

    public static object? ToDouble(object? value, EvalNode at) => value switch
    {
        double d => d,
        long l => (double)l,
        string s => double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw at.Fail(RuleErrorCodes.Conversion, $"cannot convert {RuleValues.Describe(s)} to double"),
        _ => throw at.Fail(RuleErrorCodes.RuntimeType, $"double() cannot convert {RuleValues.TypeName(value)}"),
    };

    public static object? ToStringValue(object? value, EvalNode at) => value switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => RuleValues.FormatDouble(d),
        bool b => b ? "true" : "false",
        DateTimeOffset t => RuleValues.FormatTimestamp(t),
        TimeSpan d => RuleValues.FormatDuration(d),
        null => "null",
        _ => throw at.Fail(RuleErrorCodes.RuntimeType, $"string() cannot convert {RuleValues.TypeName(value)}"),
    };

    public static object? ToTimestamp(object? value, EvalNode at)
    {
        switch (value)
        {
            case DateTimeOffset t:
                return t;
            case string s:
                return RuleValues.TryParseTimestamp(s, out var parsed)
                    ? parsed
                    : throw at.Fail(RuleErrorCodes.Conversion, $"cannot convert {RuleValues.Describe(s)} to timestamp; use ISO 8601 like \"2026-11-21T10:00:00Z\"");
            case long seconds:
                if (seconds < -62135596800L || seconds > 253402300799L)
                {
                    throw at.Fail(RuleErrorCodes.Overflow, "Unix time out of range");
                }
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            default:
                throw at.Fail(RuleErrorCodes.RuntimeType, $"timestamp() cannot convert {RuleValues.TypeName(value)}");
        }
    }

    public static object? ToDuration(object? value, EvalNode at) => value switch
    {
        TimeSpan d => d,
        string s => RuleValues.TryParseDuration(s, out var parsed)
            ? parsed
            : throw at.Fail(RuleErrorCodes.Conversion, $"cannot convert {RuleValues.Describe(s)} to duration; use forms like \"1h30m\", \"90s\", \"250ms\", \"2d\""),
        _ => throw at.Fail(RuleErrorCodes.RuntimeType, $"duration() cannot convert {RuleValues.TypeName(value)}"),
    };
}
