using System.Net.Mail;
using System.Text.RegularExpressions;

namespace WorkflowPlatform.Server.Hosting;

/// <summary>Collects field errors (camelCase field → messages) for a VALIDATION_FAILED ProblemDetails.</summary>
public sealed partial class FieldErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool Any => errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            errors[field] = list = [];
        }
        list.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());

    public string? Required(string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "Required.");
            return null;
        }
        return Optional(field, value, maxLength);
    }

    public string? Optional(string field, string? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }
        value = value.Trim();
        if (value.Length > maxLength)
        {
            Add(field, $"At most {maxLength} characters.");
        }
        if (value.Any(char.IsControl))
        {
            Add(field, "Must not contain control characters.");
        }
        return value.Length == 0 ? null : value;
    }

    public string? Email(string field, string? value)
    {
        var v = Required(field, value, 256);
        if (v is not null && (!MailAddress.TryCreate(v, out var parsed) || parsed.Address != v || !v.Contains('.', StringComparison.Ordinal)))
        {
            Add(field, "Not a valid e-mail address.");
        }
        return v;
    }

    /// <summary>An absolute http(s) URL; with <paramref name="originOnly"/> no path, query or fragment.</summary>
    public string? Url(string field, string? value, int maxLength, bool originOnly = false)
    {
        var v = Optional(field, value, maxLength);
        if (v is null)
        {
            return null;
        }
        if (!Uri.TryCreate(v, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
        {
            Add(field, "Must be an absolute http or https URL.");
            return v;
        }
        if (originOnly && (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || v.EndsWith('/')))
        {
            Add(field, "Must be an origin (scheme://host[:port]) without path.");
        }
        return v;
    }

    public int Range(string field, int? value, int min, int max, int fallback)
    {
        var v = value ?? fallback;
        if (v < min || v > max)
        {
            Add(field, $"Must be between {min} and {max}.");
        }
        return v;
    }

    public List<string> List(string field, IReadOnlyList<string>? values, int maxItems, Func<string, int, string?> item)
    {
        var result = new List<string>();
        if (values is null)
        {
            return result;
        }
        if (values.Count > maxItems)
        {
            Add(field, $"At most {maxItems} entries.");
            return result;
        }
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is null)
            {
                Add($"{field}[{i}]", "Must not be null.");
                continue;
            }
            if (item(values[i], i) is { } ok)
            {
                result.Add(ok);
            }
        }
        return result;
    }

    public string? Pattern(string field, string? value, Regex regex, string message)
    {
        if (value is not null && !regex.IsMatch(value))
        {
            Add(field, message);
        }
        return value;
    }

    [GeneratedRegex("^[a-z]{2,3}(-[A-Z]{2})?$")]
    public static partial Regex Locale();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,99}$")]
    public static partial Regex WorkflowKey();

    [GeneratedRegex(@"^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    public static partial Regex DomainName();
}
