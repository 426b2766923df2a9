using System.Text.Json;
using System.Text.Json.Nodes;
using WorkflowPlatform.Engine.Modules;

namespace WorkflowPlatform.Engine.Validation;

/// <summary>Checks node settings against a module's settings schema and applies defaults.</summary>
public static class SettingsValidator
{
    /// <summary>Returns the settings with defaults filled in, as a fresh (parsed) tree.</summary>
    public static JsonObject ApplyDefaults(ModuleDescriptor descriptor, JsonObject? settings)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var result = settings is null ? new JsonObject() : JsonNode.Parse(settings.ToJsonString())!.AsObject();
        foreach (var field in descriptor.Settings)
        {
            if (field.Default is not null && (!result.TryGetPropertyValue(field.Name, out var v) || v is null))
            {
                result[field.Name] = JsonNode.Parse(field.Default.ToJsonString());
            }
        }

        return result;
    }

    /// <summary>Validates settings; rule settings are returned through <paramref name="rules"/> for the caller to type-check.</summary>
    public static List<ValidationError> Validate(
        string nodeId, ModuleDescriptor descriptor, JsonObject? settings, List<(string Field, string Source)> rules)
    {
        // A parsed copy: values built in code (JsonValue.Create(3)) and parsed ones then read alike.
        settings = settings is null ? null : JsonNode.Parse(settings.ToJsonString())!.AsObject();
        var errors = new List<ValidationError>();
        var known = descriptor.Settings.ToDictionary(s => s.Name, StringComparer.Ordinal);
        if (settings is not null)
        {
            foreach (var (name, _) in settings)
            {
                if (!known.ContainsKey(name))
                {
                    errors.Add(Error(nodeId, name, $"Module '{descriptor.Type}' has no setting '{name}'.", ValidationCodes.SettingUnknown));
                }
            }
        }

        foreach (var field in descriptor.Settings)
        {
            JsonNode? value = null;
            var present = settings is not null && settings.TryGetPropertyValue(field.Name, out value) && value is not null;
            if (!present)
            {
                if (field.Required && field.Default is null)
                {
                    errors.Add(Error(nodeId, field.Name, $"Setting '{field.Label}' is required.", ValidationCodes.SettingRequired));
                }

                continue;
            }

            CheckValue(nodeId, field, value!, errors, rules);
        }

        return errors;
    }

    private static void CheckValue(string nodeId, SettingDescriptor field, JsonNode value, List<ValidationError> errors, List<(string, string)> rules)
    {
        var kind = value.GetValueKind();
        switch (field.Type)
        {
            case SettingTypes.Bool:
                if (kind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add(TypeError(nodeId, field, "true or false"));
                }

                break;
            case SettingTypes.Int:
            case SettingTypes.Number:
            {
                double number;
                if (kind != JsonValueKind.Number)
                {
                    errors.Add(TypeError(nodeId, field, field.Type == SettingTypes.Int ? "an integer" : "a number"));
                    break;
                }

                number = value.GetValue<double>();
                if (field.Type == SettingTypes.Int && (number != Math.Floor(number) || Math.Abs(number) > long.MaxValue / 2.0))
                {
                    errors.Add(TypeError(nodeId, field, "an integer"));
                    break;
                }

                if ((field.Min is { } min && number < min) || (field.Max is { } max && number > max))
                {
                    errors.Add(Error(nodeId, field.Name, $"Setting '{field.Label}' must be between {field.Min?.ToString() ?? "-∞"} and {field.Max?.ToString() ?? "∞"}.", ValidationCodes.SettingRange));
                }

                break;
            }
            case SettingTypes.String:
            case SettingTypes.Secret:
            case SettingTypes.Rule:
            case SettingTypes.Url:
            case SettingTypes.Enum:
            {
                if (kind != JsonValueKind.String)
                {
                    errors.Add(TypeError(nodeId, field, "a string"));
                    break;
                }

                var text = value.GetValue<string>();
                CheckLength(nodeId, field, text.Length, errors);
                if (field.Type == SettingTypes.Enum && (field.Options is null || !field.Options.Contains(text, StringComparer.Ordinal)))
                {
                    errors.Add(Error(nodeId, field.Name, $"Setting '{field.Label}' must be one of: {string.Join(", ", field.Options ?? [])}.", ValidationCodes.SettingOption));
                }
                else if (field.Type == SettingTypes.Url
                    && (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
                {
                    errors.Add(Error(nodeId, field.Name, $"Setting '{field.Label}' must be an absolute http(s) URL.", ValidationCodes.SettingUrl));
                }
                else if (field.Type == SettingTypes.Rule && !string.IsNullOrWhiteSpace(text))
                {
                    rules.Add(($"settings.{field.Name}", text));
                }

                break;
            }
            case SettingTypes.StringList:
                if (value is not JsonArray list || list.Any(i => i?.GetValueKind() != JsonValueKind.String))
                {
                    errors.Add(TypeError(nodeId, field, "an array of strings"));
                    break;
                }

                CheckLength(nodeId, field, list.Count, errors);
                break;
            case SettingTypes.StringMap:
                if (value is not JsonObject map || map.Any(p => p.Value?.GetValueKind() != JsonValueKind.String))
                {
                    errors.Add(TypeError(nodeId, field, "an object of strings"));
                }

                break;
            case SettingTypes.Branches:
                if (value is not JsonArray branches)
                {
                    errors.Add(TypeError(nodeId, field, "an array of {name, rule}"));
                    break;
                }

                CheckLength(nodeId, field, branches.Count, errors);
                for (var i = 0; i < branches.Count; i++)
                {
                    if (branches[i] is not JsonObject b
                        || b["name"]?.GetValueKind() != JsonValueKind.String
                        || b["rule"]?.GetValueKind() != JsonValueKind.String)
                    {
                        errors.Add(Error(nodeId, $"{field.Name}[{i}]", "A branch needs a string 'name' and a string 'rule'.", ValidationCodes.SettingType));
                    }
                }

                break;
            default:
                errors.Add(Error(nodeId, field.Name, $"Unknown setting type '{field.Type}'.", ValidationCodes.SettingType));
                break;
        }
    }

    private static void CheckLength(string nodeId, SettingDescriptor field, int length, List<ValidationError> errors)
    {
        if (field.Type is SettingTypes.Int or SettingTypes.Number)
        {
            return;
        }

        if ((field.Min is { } min && length < min) || (field.Max is { } max && length > max))
        {
            errors.Add(Error(nodeId, field.Name, $"Setting '{field.Label}' must have between {field.Min ?? 0} and {field.Max?.ToString() ?? "∞"} elements/characters.", ValidationCodes.SettingRange));
        }
    }

    private static ValidationError TypeError(string nodeId, SettingDescriptor field, string expected)
        => Error(nodeId, field.Name, $"Setting '{field.Label}' must be {expected}.", ValidationCodes.SettingType);

    private static ValidationError Error(string nodeId, string name, string message, string code)
        => new(nodeId, $"settings.{name}", message, null, null, code);
}
