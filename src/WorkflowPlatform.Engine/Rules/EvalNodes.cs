using System.Text.RegularExpressions;

namespace WorkflowPlatform.Engine.Rules;

/// <summary>
/// A node of the compiled evaluation tree. Typed entry points (<see cref="EvalBool"/>,
/// <see cref="EvalInt"/>) let statically typed sub-trees run without boxing; the defaults fall back to
/// <see cref="Eval"/> and check the value's type at run time (dyn values, nulls).
/// </summary>
internal abstract class EvalNode
{
    public int Line;
    public int Column;
    public RuleCompileOptions Options = RuleCompileOptions.Default;

    public abstract object? Eval(IRuleScope scope);

    public virtual bool EvalBool(IRuleScope scope) => Eval(scope) switch
    {
        bool b => b,
        var other => throw Fail(RuleErrorCodes.RuntimeType, $"expected bool but got {RuleValues.TypeName(other)}"),
    };

    public virtual long EvalInt(IRuleScope scope) => Eval(scope) switch
    {
        long l => l,
        var other => throw Fail(RuleErrorCodes.RuntimeType, $"expected int but got {RuleValues.TypeName(other)}"),
    };

    public RuleEvaluationException Fail(string code, string message, Exception? inner = null) =>
        new(code, message, Line, Column, inner);
}

internal sealed class ConstNode(object? value) : EvalNode
{
    public object? Value { get; } = value;

    public override object? Eval(IRuleScope scope) => Value;

    public override bool EvalBool(IRuleScope scope) => Value is bool b ? b : base.EvalBool(scope);

    public override long EvalInt(IRuleScope scope) => Value is long l ? l : base.EvalInt(scope);
}

internal sealed class RootNode(string name) : EvalNode
{
    public override object? Eval(IRuleScope scope) =>
        scope.TryResolve(name, out var value)
            ? RuleValues.Normalize(value, this)
            : throw Fail(RuleErrorCodes.MissingRoot, $"'{name}' is not available in this context");
}

internal enum SelectKind
{
    /// <summary>Declared object field: absent means null.</summary>
    ObjectField,
    /// <summary>Map key or dyn: absent is an error (guard with has()).</summary>
    Key,
}

internal sealed class SelectNode(EvalNode operand, string field, SelectKind kind, string path) : EvalNode
{
    public override object? Eval(IRuleScope scope)
    {
        var target = operand.Eval(scope);
        // Exact-type fast path: contexts are almost always plain dictionaries (no interface dispatch).
        if (target is Dictionary<string, object?> plain && plain.TryGetValue(field, out var found))
        {
            return RuleValues.Normalize(found, this);
        }
        if (target is IReadOnlyDictionary<string, object?> dict)
        {
            if (dict.TryGetValue(field, out var value))
            {
                return RuleValues.Normalize(value, this);
            }
            if (kind == SelectKind.ObjectField)
            {
                return null;
            }
            throw Fail(RuleErrorCodes.NoSuchKey, $"no such key '{field}' in {path}; guard it with has({path}.{field})");
        }
        if (target is null)
        {
            throw Fail(RuleErrorCodes.RuntimeType, $"cannot read '{field}': {path} is null");
        }
        throw Fail(RuleErrorCodes.RuntimeType, $"cannot read '{field}' of {RuleValues.TypeName(target)} {path}");
    }
}

/// <summary><c>has(x.f)</c>: true when x is a map or object that holds a non-null f.</summary>
internal sealed class HasNode(EvalNode operand, string field) : EvalNode
{
    public override object? Eval(IRuleScope scope) => RuleValues.Box(EvalBool(scope));

    public override bool EvalBool(IRuleScope scope)
    {
        var target = operand.Eval(scope);
        return target switch
        {
            IReadOnlyDictionary<string, object?> dict => dict.TryGetValue(field, out var value) && RuleValues.Normalize(value, this) is not null,
            null => false,
            _ => throw Fail(RuleErrorCodes.RuntimeType, $"has() needs a map or object, got {RuleValues.TypeName(target)}"),
        };
    }
}

internal sealed class IndexNode(EvalNode operand, EvalNode index, bool objectField) : EvalNode
{
    public override object? Eval(IRuleScope scope)
    {
        var target = operand.Eval(scope);
        var key = index.Eval(scope);
        switch (target)
        {
            case IReadOnlyDictionary<string, object?> dict when key is string k:
                if (dict.TryGetValue(k, out var value))
                {
                    return RuleValues.Normalize(value, this);
                }
                return objectField ? null : throw Fail(RuleErrorCodes.NoSuchKey, $"no such key {RuleValues.Describe(k)}; guard it with has() or 'in'");
            case IReadOnlyList<object?> list when key is long i || (key is double d && d == Math.Floor(d) && Math.Abs(d) < 1e15):
                var at = key is long l ? l : (long)(double)key;
                if (at < 0 || at >= list.Count)
                {
                    throw Fail(RuleErrorCodes.NoSuchKey, $"index {at} is out of range (size {list.Count})");
                }
                return RuleValues.Normalize(list[(int)at], this);
            case null:
                throw Fail(RuleErrorCodes.RuntimeType, "cannot index null");
            default:
                throw Fail(RuleErrorCodes.RuntimeType, $"cannot index {RuleValues.TypeName(target)} with {RuleValues.TypeName(key)}");
        }
    }
}

internal sealed class NotNode(EvalNode operand) : EvalNode
{
    public override object? Eval(IRuleScope scope) => RuleValues.Box(!operand.EvalBool(scope));

    public override bool EvalBool(IRuleScope scope) => !operand.EvalBool(scope);
}

internal sealed class NegateNode(EvalNode operand) : EvalNode
{
    public override object? Eval(IRuleScope scope) => RuleOperators.Negate(operand.Eval(scope), this);
}

/// <summary>
/// <c>a &amp;&amp; b &amp;&amp; …</c> with CEL semantics: stops at the first false; an error in one
/// operand is absorbed when another operand is false, and rethrown otherwise.
/// </summary>
internal sealed class AndNode(EvalNode[] operands) : EvalNode
{
    public override object? Eval(IRuleScope scope) => RuleValues.Box(EvalBool(scope));

    public override bool EvalBool(IRuleScope scope)
    {
        RuleEvaluationException? error = null;
        foreach (var operand in operands)
        {
            try
            {
                if (!operand.EvalBool(scope))
                {
                    return false;
                }
            }
            catch (RuleEvaluationException e)
            {
                error ??= e;
            }
        }
        return error is null ? true : throw error;
    }
}

/// <summary><c>a || b || …</c>: stops at the first true; errors absorbed as in <see cref="AndNode"/>.</summary>
internal sealed class OrNode(EvalNode[] operands) : EvalNode
{
    public override object? Eval(IRuleScope scope) => RuleValues.Box(EvalBool(scope));

    public override bool EvalBool(IRuleScope scope)
    {
        RuleEvaluationException? error = null;
        foreach (var operand in operands)
        {
            try
            {
                if (operand.EvalBool(scope))
                {
                    return true;
                }
            }
            catch (RuleEvaluationException e)
            {
                error ??= e;
            }
        }
        return error is null ? false : throw error;
    }
}

internal sealed class ConditionalNode(EvalNode condition, EvalNode then, EvalNode otherwise) : EvalNode
{
    public override object? Eval(IRuleScope scope) => condition.EvalBool(scope) ? then.Eval(scope) : otherwise.Eval(scope);

    public override bool EvalBool(IRuleScope scope) => condition.EvalBool(scope) ? then.EvalBool(scope) : otherwise.EvalBool(scope);

    public override long EvalInt(IRuleScope scope) => condition.EvalBool(scope) ? then.EvalInt(scope) : otherwise.EvalInt(scope);
}

internal sealed class EqualNode(EvalNode left, EvalNode right, bool negate) : EvalNode
{
    public override object? Eval(IRuleScope scope) => RuleValues.Box(EvalBool(scope));

    public override bool EvalBool(IRuleScope scope) => RuleValues.Equal(left.Eval(scope), right.Eval(scope), this) != negate;
}

/// <summary>Equality against a string literal, the most common rule shape (<c>x == "DE"</c>).</summary>
internal sealed class EqualStringNode(EvalNode operand, string constant, bool negate) : EvalNode
{
    public override object? Eval(IRuleScope scope) => RuleValues.Box(EvalBool(scope));

    public override bool EvalBool(IRuleScope scope) =>
        (operand.Eval(scope) is string s && string.Equals(s, constant, StringComparison.Ordinal)) != negate;
}

internal sealed class CompareNode(TokenKind op, EvalNode left, EvalNode right) : EvalNode
{
    public override object? Eval(IRuleScope scope) => RuleValues.Box(EvalBool(scope));

    public override bool EvalBool(IRuleScope scope)
    {
        var c = RuleValues.Compare(left.Eval(scope), right.Eval(scope), this);
        return op switch
        {
            TokenKind.Less => c < 0,
            TokenKind.LessEqual => c <= 0,
            TokenKind.Greater => c > 0,
            _ => c >= 0,
        };
    }
}

/// <summary>Comparison of two statically int operands without boxing.</summary>
internal sealed class CompareIntNode(TokenKind op, EvalNode left, EvalNode right) : EvalNode
{
    public override object? Eval(IRuleScope scope) => RuleValues.Box(EvalBool(scope));

    public override bool EvalBool(IRuleScope scope)
    {
        var a = left.EvalInt(scope);
        var b = right.EvalInt(scope);
        return op switch
        {
            TokenKind.Less => a < b,
            TokenKind.LessEqual => a <= b,
            TokenKind.Greater => a > b,
            _ => a >= b,
        };
    }
}

internal sealed class ArithmeticNode(TokenKind op, EvalNode left, EvalNode right) : EvalNode
{
    public override object? Eval(IRuleScope scope) => RuleOperators.Arithmetic(op, left.Eval(scope), right.Eval(scope), this);
}

/// <summary>Arithmetic on two statically int operands without boxing.</summary>
internal sealed class IntArithmeticNode(TokenKind op, EvalNode left, EvalNode right) : EvalNode
{
    public override object? Eval(IRuleScope scope) => EvalInt(scope);

    public override long EvalInt(IRuleScope scope) => RuleOperators.IntArithmetic(op, left.EvalInt(scope), right.EvalInt(scope), this);
}

internal sealed class InNode(EvalNode element, EvalNode container) : EvalNode
{
    public override object? Eval(IRuleScope scope) => RuleValues.Box(EvalBool(scope));

    public override bool EvalBool(IRuleScope scope)
    {
        var item = element.Eval(scope);
        var target = container.Eval(scope);
        switch (target)
        {
            case IReadOnlyList<object?> list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (RuleValues.Equal(item, list[i], this))
                    {
                        return true;
                    }
                }
                return false;
            case IReadOnlyDictionary<string, object?> map:
                return item is string key ? map.ContainsKey(key) : false;
            default:
                throw Fail(RuleErrorCodes.RuntimeType, $"'in' needs a list or map on the right, got {RuleValues.TypeName(target)}");
        }
    }
}

/// <summary><c>x in ["DE", "AT", …]</c> against a literal list of strings: a hash set lookup.</summary>
internal sealed class InStringSetNode(EvalNode element, HashSet<string> set) : EvalNode
{
    public override object? Eval(IRuleScope scope) => RuleValues.Box(EvalBool(scope));

    public override bool EvalBool(IRuleScope scope) => element.Eval(scope) is string s && set.Contains(s);
}

internal sealed class ListNode(EvalNode[] items) : EvalNode
{
    public override object? Eval(IRuleScope scope)
    {
        var values = new object?[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            values[i] = items[i].Eval(scope);
        }
        return values;
    }
}

internal sealed class MapNode(EvalNode[] keys, EvalNode[] values) : EvalNode
{
    public override object? Eval(IRuleScope scope)
    {
        var map = new Dictionary<string, object?>(keys.Length, StringComparer.Ordinal);
        for (var i = 0; i < keys.Length; i++)
        {
            if (keys[i].Eval(scope) is not string key)
            {
                throw keys[i].Fail(RuleErrorCodes.RuntimeType, "map keys must be strings");
            }
            map[key] = values[i].Eval(scope);
        }
        return map;
    }
}

/// <summary><c>size(x)</c> / <c>x.size()</c>.</summary>
internal sealed class SizeNode(EvalNode operand) : EvalNode
{
    public override object? Eval(IRuleScope scope) => EvalInt(scope);

    public override long EvalInt(IRuleScope scope) => operand.Eval(scope) switch
    {
        string s => RuleValues.CodePoints(s),
        IReadOnlyList<object?> list => list.Count,
        IReadOnlyDictionary<string, object?> map => map.Count,
        var other => throw Fail(RuleErrorCodes.RuntimeType, $"size() needs a string, list or map, got {RuleValues.TypeName(other)}"),
    };
}

internal sealed class UnaryFunctionNode(EvalNode argument, Func<object?, EvalNode, object?> function) : EvalNode
{
    public override object? Eval(IRuleScope scope) => function(argument.Eval(scope), this);
}

internal sealed class BinaryFunctionNode(EvalNode first, EvalNode second, Func<object?, object?, EvalNode, object?> function) : EvalNode
{
    public override object? Eval(IRuleScope scope) => function(first.Eval(scope), second.Eval(scope), this);

    public override bool EvalBool(IRuleScope scope) => Eval(scope) is bool b ? b : base.EvalBool(scope);
}

internal sealed class NowNode : EvalNode
{
    public override object? Eval(IRuleScope scope) => scope.TimeProvider.GetUtcNow();
}

/// <summary>
/// <c>matches(text, pattern)</c>. A literal pattern is compiled once at rule compile time; a computed
/// pattern is compiled on use and kept in a small per-rule cache. Matching uses the non-backtracking engine (linear
/// time, so <c>(a+)+$</c> cannot explode) and a match timeout as a second guard.
/// </summary>
internal sealed class MatchesNode : EvalNode
{
    private readonly EvalNode _text;
    private readonly EvalNode? _patternNode;
    private readonly Regex? _fixed;
    private const int MaxCachedPatterns = 32;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex>? _cache;

    public MatchesNode(EvalNode text, Regex pattern)
    {
        _text = text;
        _fixed = pattern;
    }

    public MatchesNode(EvalNode text, EvalNode pattern)
    {
        _text = text;
        _patternNode = pattern;
        _cache = new(StringComparer.Ordinal);
    }

    public override object? Eval(IRuleScope scope) => RuleValues.Box(EvalBool(scope));

    public override bool EvalBool(IRuleScope scope)
    {
        if (_text.Eval(scope) is not string text)
        {
            throw Fail(RuleErrorCodes.RuntimeType, "matches() needs a string to match");
        }
        var regex = _fixed ?? Resolve(_patternNode!.Eval(scope));
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException e)
        {
            throw Fail(RuleErrorCodes.RegexTimeout, $"regular expression did not finish within {Options.RegexTimeout.TotalMilliseconds} ms", e);
        }
    }

    private Regex Resolve(object? pattern)
    {
        if (pattern is not string p)
        {
            throw Fail(RuleErrorCodes.RuntimeType, $"matches() needs a string pattern, got {RuleValues.TypeName(pattern)}");
        }
        if (_cache!.TryGetValue(p, out var cached))
        {
            return cached;
        }
        var (regex, code, message) = RuleRegex.TryCreate(p, Options);
        if (regex is null)
        {
            throw Fail(code!, message!);
        }
        if (_cache.Count >= MaxCachedPatterns)
        {
            // Patterns computed from request data could be unbounded; start over rather than grow.
            _cache.Clear();
        }
        _cache[p] = regex;
        return regex;
    }
}

/// <summary>Creates the regular expressions used by <c>matches</c>, within the configured limits.</summary>
internal static class RuleRegex
{
    public static (Regex? Regex, string? Code, string? Message) TryCreate(string pattern, RuleCompileOptions options)
    {
        if (pattern.Length > options.MaxRegexPatternLength)
        {
            return (null, RuleErrorCodes.RegexTooLong, $"regular expression longer than {options.MaxRegexPatternLength} characters");
        }
        try
        {
            return (new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, options.RegexTimeout), null, null);
        }
        catch (ArgumentException e)
        {
            return (null, RuleErrorCodes.RegexInvalid, $"invalid regular expression: {e.Message}");
        }
        catch (NotSupportedException e)
        {
            return (null, RuleErrorCodes.RegexInvalid, $"unsupported regular expression construct: {e.Message}");
        }
    }
}
