using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WorkflowPlatform.Engine.Rules;

/// <summary>Run-time value helpers shared by the evaluation nodes: normalisation, equality, ordering, formatting.</summary>
internal static class RuleValues
{
    public static readonly object True = true;
    public static readonly object False = false;

    /// <summary>Maximum nesting of values compared structurally (lists of lists…).</summary>
    private const int MaxValueDepth = 64;

    public static object Box(bool value) => value ? True : False;

    /// <summary>
    /// Brings a host value into the rule value space: long, double, string, bool, DateTimeOffset,
    /// TimeSpan, IReadOnlyList&lt;object?&gt;, IReadOnlyDictionary&lt;string, object?&gt; or null.
    /// Only the top level is converted; nested values are converted when read.
    /// </summary>
    public static object? Normalize(object? value, EvalNode at)
    {
        switch (value)
        {
            case null:
            case bool:
            case long:
            case string:
            case double:
            case Dictionary<string, object?>:
            case IReadOnlyDictionary<string, object?>:
            case DateTimeOffset:
            case TimeSpan:
                return value;
            case int i: return (long)i;
            case IReadOnlyList<object?>: return value;
            case short s: return (long)s;
            case byte b: return (long)b;
            case sbyte sb: return (long)sb;
            case ushort us: return (long)us;
            case uint ui: return (long)ui;
            case ulong ul: return ul <= long.MaxValue ? (long)ul : throw at.Fail(RuleErrorCodes.Overflow, "unsigned value does not fit a 64-bit int");
            case float f: return (double)f;
            case decimal m: return (double)m;
            case DateTime dt:
                return dt.Kind == DateTimeKind.Unspecified
                    ? new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc))
                    : new DateTimeOffset(dt);
            case char c: return c.ToString();
            case Guid g: return g.ToString();
            case Enum e: return e.ToString();
            case JsonElement element: return FromJson(element);
            case JsonNode node: return FromJsonNode(node);
            case IDictionary<string, object?> dict: return new Dictionary<string, object?>(dict, StringComparer.Ordinal);
            case IDictionary legacy:
                var copy = new Dictionary<string, object?>(legacy.Count, StringComparer.Ordinal);
                foreach (DictionaryEntry entry in legacy)
                {
                    copy[entry.Key as string ?? Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? ""] = entry.Value;
                }
                return copy;
            case IEnumerable sequence:
                var list = new List<object?>();
                foreach (var item in sequence)
                {
                    list.Add(item);
                }
                return list;
            default:
                throw at.Fail(RuleErrorCodes.RuntimeType, $"values of host type {value.GetType().Name} are not supported in rules");
        }
    }

    private static object? FromJson(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                return element.TryGetInt64(out var l) ? (object)l : element.GetDouble();
            case JsonValueKind.True:
                return True;
            case JsonValueKind.False:
                return False;
            case JsonValueKind.Object:
                var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    dict[property.Name] = property.Value;
                }
                return dict;
            case JsonValueKind.Array:
                var list = new List<object?>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    list.Add(item);
                }
                return list;
            default:
                return null;
        }
    }

    private static object? FromJsonNode(JsonNode node) => node switch
    {
        JsonObject obj => obj.ToDictionary(p => p.Key, p => (object?)p.Value, StringComparer.Ordinal),
        JsonArray array => array.Select(v => (object?)v).ToList(),
        _ => FromJson(node.GetValue<JsonElement>()),
    };

    public static string TypeName(object? value) => value switch
    {
        null => "null",
        bool => "bool",
        long or int => "int",
        double => "double",
        string => "string",
        DateTimeOffset => "timestamp",
        TimeSpan => "duration",
        IReadOnlyDictionary<string, object?> => "map",
        IReadOnlyList<object?> => "list",
        _ => value.GetType().Name,
    };

    /// <summary>Equality with CEL's heterogeneous semantics: values of different types are unequal; ints and doubles compare numerically.</summary>
    public static bool Equal(object? a, object? b, EvalNode at, int depth = 0)
    {
        if (depth > MaxValueDepth)
        {
            throw at.Fail(RuleErrorCodes.TooDeep, "values are nested too deeply to compare");
        }
        a = Normalize(a, at);
        b = Normalize(b, at);
        switch (a)
        {
            case null: return b is null;
            case string sa: return b is string sb && string.Equals(sa, sb, StringComparison.Ordinal);
            case bool ba: return b is bool bb && ba == bb;
            case long la: return b switch { long lb => la == lb, double db => la == db, _ => false };
            case double da: return b switch { double db => da == db, long lb => da == lb, _ => false };
            case DateTimeOffset ta: return b is DateTimeOffset tb && ta == tb;
            case TimeSpan ua: return b is TimeSpan ub && ua == ub;
            case IReadOnlyList<object?> xa:
                if (b is not IReadOnlyList<object?> xb || xa.Count != xb.Count)
                {
                    return false;
                }
                for (var i = 0; i < xa.Count; i++)
                {
                    if (!Equal(xa[i], xb[i], at, depth + 1))
                    {
                        return false;
                    }
                }
                return true;
            case IReadOnlyDictionary<string, object?> ma:
                if (b is not IReadOnlyDictionary<string, object?> mb || ma.Count != mb.Count)
                {
                    return false;
                }
                foreach (var (key, value) in ma)
                {
                    if (!mb.TryGetValue(key, out var other) || !Equal(value, other, at, depth + 1))
                    {
                        return false;
                    }
                }
                return true;
            default:
                return false;
        }
    }

    /// <summary>Ordering of two values of the same comparable type (numbers mix); throws otherwise.</summary>
    public static int Compare(object? a, object? b, EvalNode at)
    {
        a = Normalize(a, at);
        b = Normalize(b, at);
        switch (a)
        {
            case long la when b is long lb: return la.CompareTo(lb);
            case long la when b is double db: return CompareDouble(la, db, at);
            case double da when b is double db: return CompareDouble(da, db, at);
            case double da when b is long lb: return CompareDouble(da, lb, at);
            case string sa when b is string sb: return string.CompareOrdinal(sa, sb);
            case DateTimeOffset ta when b is DateTimeOffset tb: return ta.CompareTo(tb);
            case TimeSpan ua when b is TimeSpan ub: return ua.CompareTo(ub);
            case bool ba when b is bool bb: return ba.CompareTo(bb);
            default:
                throw at.Fail(RuleErrorCodes.RuntimeType, $"cannot order {TypeName(a)} and {TypeName(b)}");
        }
    }

    private static int CompareDouble(double a, double b, EvalNode at)
    {
        if (double.IsNaN(a) || double.IsNaN(b))
        {
            throw at.Fail(RuleErrorCodes.RuntimeType, "cannot order NaN");
        }
        return a.CompareTo(b);
    }

    /// <summary>Number of Unicode code points (as CEL counts string size).</summary>
    public static long CodePoints(string s)
    {
        var count = s.Length;
        for (var i = 0; i < s.Length - 1; i++)
        {
            if (char.IsHighSurrogate(s[i]) && char.IsLowSurrogate(s[i + 1]))
            {
                count--;
                i++;
            }
        }
        return count;
    }

    public static string FormatDouble(double d) =>
        double.IsNaN(d) ? "NaN"
        : double.IsPositiveInfinity(d) ? "+Inf"
        : double.IsNegativeInfinity(d) ? "-Inf"
        : d.ToString("R", CultureInfo.InvariantCulture);

    public static string FormatTimestamp(DateTimeOffset t) =>
        t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Formats a duration as CEL does: seconds with an 's' suffix ("5400s", "1.5s").</summary>
    public static string FormatDuration(TimeSpan d)
    {
        var seconds = d.Ticks / (decimal)TimeSpan.TicksPerSecond;
        return seconds.ToString("0.#######", CultureInfo.InvariantCulture) + "s";
    }

    public static bool TryParseTimestamp(string text, out DateTimeOffset value)
    {
        value = default;
        var s = text.AsSpan().Trim();
        // ISO 8601 / RFC 3339 only: a date first (yyyy-MM-dd), optionally 'T' or ' ' and a time and offset.
        if (s.Length < 10 || !char.IsAsciiDigit(s[0]) || !char.IsAsciiDigit(s[3]) || s[4] != '-' || s[7] != '-')
        {
            return false;
        }
        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out value);
    }

    /// <summary>
    /// Parses "1h30m", "90s", "1.5h", "-5m", "250ms", "2d", "1h30m15.5s". Units: d, h, m, s, ms, us, ns.
    /// </summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = default;
        var s = text.Trim();
        if (s.Length == 0 || s.Length > 64)
        {
            return false;
        }
        var i = 0;
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            i++;
        }
        if (i < s.Length && s[i] == '0' && i + 1 == s.Length)
        {
            return true;
        }
        decimal ticks = 0;
        var any = false;
        while (i < s.Length)
        {
            var numberStart = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }
            if (i == numberStart || !decimal.TryParse(s.AsSpan(numberStart, i - numberStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return false;
            }
            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
            {
                i++;
            }
            decimal unitTicks = s.AsSpan(unitStart, i - unitStart) switch
            {
                "d" => TimeSpan.TicksPerDay,
                "h" => TimeSpan.TicksPerHour,
                "m" => TimeSpan.TicksPerMinute,
                "s" => TimeSpan.TicksPerSecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "us" or "µs" => 10m,
                "ns" => 0.01m,
                _ => -1m,
            };
            if (unitTicks < 0)
            {
                return false;
            }
            try
            {
                ticks += amount * unitTicks;
            }
            catch (OverflowException)
            {
                return false;
            }
            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                return false;
            }
            any = true;
        }
        if (!any)
        {
            return false;
        }
        value = TimeSpan.FromTicks((long)decimal.Truncate(negative ? -ticks : ticks));
        return true;
    }

    /// <summary>A short, bounded description of a value for error messages.</summary>
    public static string Describe(object? value)
    {
        var text = value switch
        {
            null => "null",
            string s => "\"" + (s.Length > 40 ? s[..40] + "…" : s) + "\"",
            bool b => b ? "true" : "false",
            long l => l.ToString(CultureInfo.InvariantCulture),
            double d => FormatDouble(d),
            _ => TypeName(value),
        };
        return text;
    }

    public static string Concat(string a, string b, EvalNode at)
    {
        if ((long)a.Length + b.Length > at.Options.MaxStringLength)
        {
            throw at.Fail(RuleErrorCodes.StringTooLong, $"string result longer than {at.Options.MaxStringLength} characters");
        }
        return string.Concat(a, b);
    }

    public static string CheckLength(string s, EvalNode at) =>
        s.Length > at.Options.MaxStringLength
            ? throw at.Fail(RuleErrorCodes.StringTooLong, $"string result longer than {at.Options.MaxStringLength} characters")
            : s;

}
