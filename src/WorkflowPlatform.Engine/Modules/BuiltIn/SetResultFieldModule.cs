using System.Text.RegularExpressions;
using WorkflowPlatform.Engine.Validation;

namespace WorkflowPlatform.Engine.Modules.BuiltIn;

/// <summary>Set Result Field: evaluates an expression and stores it as <c>result.&lt;field&gt;</c>.</summary>
public sealed partial class SetResultFieldModule : IWorkflowModule
{
    /// <summary>Type key.</summary>
    public const string TypeKey = "set_result";

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,63}$")]
    private static partial Regex FieldPattern();

    /// <inheritdoc />
    public ModuleDescriptor Descriptor { get; } = new()
    {
        Type = TypeKey,
        DisplayName = "Set Result Field",
        Category = "flow",
        Description = "Stores the value of an expression in the workflow result (sent to notification ways).",
        Ports = [Ports.Done, Ports.Failed, Ports.Skipped],
        Settings =
        [
            new SettingDescriptor { Name = "field", Label = "Field", Type = SettingTypes.String, Required = true, Min = 1, Max = 64, Description = "Result field name (snake_case)." },
            new SettingDescriptor { Name = "value", Label = "Value", Type = SettingTypes.Rule, Required = true, Description = "Expression, e.g. modules.selfie.selfie_registered or \"manual\"." },
        ],
    };

    /// <inheritdoc />
    public IEnumerable<ValidationError> Validate(ModuleValidationContext context)
    {
        if (context.Settings["field"] is { } field && field.GetValueKind() == System.Text.Json.JsonValueKind.String
            && !FieldPattern().IsMatch(field.GetValue<string>()))
        {
            yield return new ValidationError(context.NodeId, "settings.field", "Field must be snake_case (a-z, 0-9, '_').", null, null, ValidationCodes.SettingInvalid);
        }
    }

    /// <inheritdoc />
    public ValueTask<ModuleResult> ExecuteAsync(ModuleContext context)
    {
        var field = context.GetString("field")!;
        var value = context.EvaluateRule(context.GetString("value")!);
        context.SetResult(field, value);
        return ValueTask.FromResult(ModuleResult.Done());
    }
}
