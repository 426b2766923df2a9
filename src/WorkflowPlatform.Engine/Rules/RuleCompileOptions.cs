namespace WorkflowPlatform.Engine.Rules;

/// <summary>Limits applied when compiling and evaluating rules. Defaults suit admin-written rules.</summary>
public sealed record RuleCompileOptions
{
    /// <summary>The defaults.</summary>
    public static RuleCompileOptions Default { get; } = new();

    /// <summary>Maximum source length in characters (default 4,096) → <c>RULE_TOO_LONG</c>.</summary>
    public int MaxSourceLength { get; init; } = 4096;

    /// <summary>Maximum syntactic nesting: parentheses, brackets, calls, unary operators, conditionals (default 50) → <c>RULE_TOO_DEEP</c>.</summary>
    public int MaxDepth { get; init; } = 50;

    /// <summary>Maximum number of syntax nodes (default 2,000) → <c>RULE_TOO_DEEP</c>.</summary>
    public int MaxNodes { get; init; } = 2000;

    /// <summary>Maximum elements of a list or map literal (default 1,000) → <c>RULE_LIST_TOO_LARGE</c>.</summary>
    public int MaxLiteralElements { get; init; } = 1000;

    /// <summary>Maximum elements of a list produced by <c>+</c> (default 10,000) → <c>RULE_LIST_TOO_LARGE</c>.</summary>
    public int MaxListLength { get; init; } = 10_000;

    /// <summary>Maximum length of a string produced by the rule (default 65,536) → <c>RULE_STRING_TOO_LONG</c>.</summary>
    public int MaxStringLength { get; init; } = 64 * 1024;

    /// <summary>Maximum length of a regular expression pattern (default 512) → <c>RULE_REGEX_TOO_LONG</c>.</summary>
    public int MaxRegexPatternLength { get; init; } = 512;

    /// <summary>
    /// Time limit of one regular expression match (default 500 ms) → <c>RULE_REGEX_TIMEOUT</c>. Matching
    /// is linear-time already (non-backtracking engine); this is the backstop against huge inputs. It
    /// is wall-clock time, so it is kept well above what a loaded machine needs for normal inputs.
    /// </summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromMilliseconds(500);
}
