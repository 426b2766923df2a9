namespace WorkflowPlatform.Engine.Rules;

/// <summary>Run-time semantics of the arithmetic operators and conversion functions.</summary>
internal static class RuleOperators
{
    public static object? Negate(object? value, EvalNode at) => value switch
    {
        long l => l == long.MinValue ? throw at.Fail(RuleErrorCodes.Overflow, "integer overflow") : -l,
        double d => -d,
        TimeSpan t => t == TimeSpan.MinValue ? throw at.Fail(RuleErrorCodes.Overflow, "duration overflow") : -t,
        _ => throw at.Fail(RuleErrorCodes.RuntimeType, $"cannot negate {RuleValues.TypeName(value)}"),
    };

    public static long IntArithmetic(TokenKind op, long a, long b, EvalNode at)
    {
        try
        {
            switch (op)
            {
                case TokenKind.Plus: return checked(a + b);
                case TokenKind.Minus: return checked(a - b);
                case TokenKind.Star: return checked(a * b);
                case TokenKind.Slash:
                    return b == 0 ? throw at.Fail(RuleErrorCodes.DivisionByZero, "division by zero") : checked(a / b);
                default:
                    // long.MinValue % -1 throws OverflowException in .NET although the answer is 0.
                    return b == 0 ? throw at.Fail(RuleErrorCodes.DivisionByZero, "modulo by zero") : b == -1 ? 0 : a % b;
            }
        }
        catch (OverflowException e)
        {
            throw at.Fail(RuleErrorCodes.Overflow, "integer overflow", e);
        }
    }

    public static object? Arithmetic(TokenKind op, object? a, object? b, EvalNode at)
    {
        switch (a, b)
        {
            case (long x, long y):
                return IntArithmetic(op, x, y, at);
            case (long or double, long or double):
                return DoubleArithmetic(op, ToDouble(a), ToDouble(b), at);
        }
        switch (op)
        {
            case TokenKind.Plus:
                switch (a, b)
                {
                    case (string x, string y):
                        return RuleValues.Concat(x, y, at);
                    case (IReadOnlyList<object?> x, IReadOnlyList<object?> y):
                        if ((long)x.Count + y.Count > at.Options.MaxListLength)
                        {
                            throw at.Fail(RuleErrorCodes.ListTooLarge, $"list result longer than {at.Options.MaxListLength} elements");
                        }
                        var joined = new object?[x.Count + y.Count];
                        for (var i = 0; i < x.Count; i++)
                        {
                            joined[i] = x[i];
                        }
                        for (var i = 0; i < y.Count; i++)
                        {
                            joined[x.Count + i] = y[i];
                        }
                        return joined;
                    case (DateTimeOffset t, TimeSpan d):
                        return AddTime(t, d, at);
                    case (TimeSpan d, DateTimeOffset t):
                        return AddTime(t, d, at);
                    case (TimeSpan x, TimeSpan y):
                        return Guard(() => x + y, at);
                }
                break;
            case TokenKind.Minus:
                switch (a, b)
                {
                    case (DateTimeOffset x, DateTimeOffset y):
                        return Guard(() => x - y, at);
                    case (DateTimeOffset t, TimeSpan d):
                        return Guard(() => AddTime(t, -d, at), at);
                    case (TimeSpan x, TimeSpan y):
                        return Guard(() => x - y, at);
                }
                break;
        }
        throw at.Fail(RuleErrorCodes.RuntimeType,
            $"operator '{Token.Symbol(op)}' cannot be applied to {RuleValues.TypeName(a)} and {RuleValues.TypeName(b)}");
    }

    private static double ToDouble(object? value) => value is long l ? l : (double)value!;

    private static object DoubleArithmetic(TokenKind op, double a, double b, EvalNode at) => op switch
    {
        TokenKind.Plus => a + b,
        TokenKind.Minus => a - b,
        TokenKind.Star => a * b,
        TokenKind.Slash => a / b,
        TokenKind.Percent => b == 0 ? throw at.Fail(RuleErrorCodes.DivisionByZero, "modulo by zero") : a % b,
        _ => throw at.Fail(RuleErrorCodes.RuntimeType, "unknown operator"),
    };

    private static DateTimeOffset AddTime(DateTimeOffset t, TimeSpan d, EvalNode at)
    {
        try
        {
            return t + d;
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw at.Fail(RuleErrorCodes.Overflow, "timestamp out of range", e);
        }
    }

    private static object Guard<T>(Func<T> compute, EvalNode at)
        where T : notnull
    {
        try
        {
            return compute();
        }
        catch (OverflowException e)
        {
            throw at.Fail(RuleErrorCodes.Overflow, "duration or timestamp out of range", e);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw at.Fail(RuleErrorCodes.Overflow, "duration or timestamp out of range", e);
        }
    }
}
