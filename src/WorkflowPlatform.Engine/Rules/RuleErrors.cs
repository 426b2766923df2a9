using System.Collections;

namespace WorkflowPlatform.Engine.Rules;

/// <summary>Stable machine-readable codes of rule compile and evaluation errors.</summary>
public static class RuleErrorCodes
{
    /// <summary>The source is longer than <see cref="RuleCompileOptions.MaxSourceLength"/>.</summary>
    public const string TooLong = "RULE_TOO_LONG";
    /// <summary>Nesting deeper than <see cref="RuleCompileOptions.MaxDepth"/>, or too many nodes.</summary>
    public const string TooDeep = "RULE_TOO_DEEP";
    /// <summary>The source is empty or blank.</summary>
    public const string Empty = "RULE_EMPTY";
    /// <summary>A syntax error (unexpected token, unterminated string, bad escape, bad number…).</summary>
    public const string Syntax = "RULE_SYNTAX";
    /// <summary>Wrong operand or argument types, or a wrong number of arguments.</summary>
    public const string Type = "RULE_TYPE";
    /// <summary>A field or root identifier the schema does not declare.</summary>
    public const string UnknownField = "RULE_UNKNOWN_FIELD";
    /// <summary>A function or method the language does not have (a wrong argument count is <c>RULE_TYPE</c>).</summary>
    public const string UnknownFunction = "RULE_UNKNOWN_FUNCTION";
    /// <summary>The rule's result must be bool but is not.</summary>
    public const string NotBool = "RULE_NOT_BOOL";
    /// <summary>A list or map literal with more elements than allowed, or a list result too large.</summary>
    public const string ListTooLarge = "RULE_LIST_TOO_LARGE";
    /// <summary>A string result longer than <see cref="RuleCompileOptions.MaxStringLength"/>.</summary>
    public const string StringTooLong = "RULE_STRING_TOO_LONG";
    /// <summary>A regular expression that does not parse or is not supported.</summary>
    public const string RegexInvalid = "RULE_REGEX_INVALID";
    /// <summary>A regular expression pattern longer than <see cref="RuleCompileOptions.MaxRegexPatternLength"/>.</summary>
    public const string RegexTooLong = "RULE_REGEX_TOO_LONG";
    /// <summary>A regular expression match exceeded <see cref="RuleCompileOptions.RegexTimeout"/>.</summary>
    public const string RegexTimeout = "RULE_REGEX_TIMEOUT";
    /// <summary>Integer division or modulo by zero.</summary>
    public const string DivisionByZero = "RULE_DIVISION_BY_ZERO";
    /// <summary>Integer overflow in arithmetic or conversion.</summary>
    public const string Overflow = "RULE_OVERFLOW";
    /// <summary>A map key or object field absent at run time (guard it with <c>has()</c>), or a list index out of range.</summary>
    public const string NoSuchKey = "RULE_NO_SUCH_KEY";
    /// <summary>A value of the wrong type at run time (dyn values, nulls).</summary>
    public const string RuntimeType = "RULE_RUNTIME_TYPE";
    /// <summary>A conversion that failed: <c>int("x")</c>, <c>timestamp("yesterday")</c>, <c>duration("1 week")</c>.</summary>
    public const string Conversion = "RULE_CONVERSION";
    /// <summary>A root identifier the scope does not supply at run time.</summary>
    public const string MissingRoot = "RULE_MISSING_ROOT";
}

/// <summary>One problem found by <see cref="RuleCompiler.Check(string, RuleSchema, RuleCompileOptions?)"/>.</summary>
/// <param name="Line">1-based line of the problem.</param>
/// <param name="Column">1-based column (in UTF-16 code units) of the problem.</param>
/// <param name="Message">Human-readable description.</param>
/// <param name="Code">Stable code from <see cref="RuleErrorCodes"/>.</param>
public sealed record RuleDiagnostic(int Line, int Column, string Message, string Code)
{
    /// <inheritdoc />
    public override string ToString() => $"{Code} at {Line}:{Column}: {Message}";
}

/// <summary>
/// The result of <see cref="RuleCompiler.Check(string, RuleSchema, RuleCompileOptions?)"/>: the
/// diagnostics (it is itself the list of them) and, when valid, the rule's static result type.
/// </summary>
public sealed class RuleCheckResult : IReadOnlyList<RuleDiagnostic>
{
    internal RuleCheckResult(IReadOnlyList<RuleDiagnostic> diagnostics, RuleType? resultType)
    {
        Diagnostics = diagnostics;
        ResultType = diagnostics.Count == 0 ? resultType : null;
    }

    /// <summary>The problems found; empty when the rule is valid.</summary>
    public IReadOnlyList<RuleDiagnostic> Diagnostics { get; }

    /// <summary>The static type of the rule's value; null when the rule has errors.</summary>
    public RuleType? ResultType { get; }

    /// <summary>True when there are no diagnostics.</summary>
    public bool IsValid => Diagnostics.Count == 0;

    /// <inheritdoc />
    public int Count => Diagnostics.Count;

    /// <inheritdoc />
    public RuleDiagnostic this[int index] => Diagnostics[index];

    /// <inheritdoc />
    public IEnumerator<RuleDiagnostic> GetEnumerator() => Diagnostics.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A rule that does not compile: syntax, type, limit errors. Carries the position.</summary>
public sealed class RuleException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RuleException(string code, string message, int line, int column)
        : base($"{message} (line {line}, column {column})")
    {
        Code = code;
        Line = line;
        Column = column;
        Detail = message;
    }

    /// <summary>Creates the exception from a diagnostic.</summary>
    public RuleException(RuleDiagnostic diagnostic)
        : this(diagnostic?.Code ?? throw new ArgumentNullException(nameof(diagnostic)), diagnostic.Message, diagnostic.Line, diagnostic.Column)
    {
    }

    /// <summary>Stable code from <see cref="RuleErrorCodes"/>.</summary>
    public string Code { get; }

    /// <summary>1-based line.</summary>
    public int Line { get; }

    /// <summary>1-based column.</summary>
    public int Column { get; }

    /// <summary>The message without the position suffix.</summary>
    public string Detail { get; }

    /// <summary>The error as a diagnostic.</summary>
    public RuleDiagnostic ToDiagnostic() => new(Line, Column, Detail, Code);
}

/// <summary>
/// A rule failed while evaluating: division by zero, missing map key without <c>has()</c>, regex
/// timeout, a dyn value of the wrong type, a too-long string. Carries the position of the failing
/// sub-expression.
/// </summary>
public sealed class RuleEvaluationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public RuleEvaluationException(string code, string message, int line = 0, int column = 0, Exception? inner = null)
        : base(line > 0 ? $"{message} (line {line}, column {column})" : message, inner)
    {
        Code = code;
        Line = line;
        Column = column;
        Detail = message;
    }

    /// <summary>Stable code from <see cref="RuleErrorCodes"/>.</summary>
    public string Code { get; }

    /// <summary>1-based line of the failing sub-expression (0 if unknown).</summary>
    public int Line { get; }

    /// <summary>1-based column of the failing sub-expression (0 if unknown).</summary>
    public int Column { get; }

    /// <summary>The message without the position suffix.</summary>
    public string Detail { get; }
}
