namespace WorkflowPlatform.Engine.Validation;

/// <summary>
/// One publish-time error, serialised as <c>{nodeId, field, message, line, column, code}</c>.
/// <paramref name="NodeId"/> is null for definition-level errors; line/column are 1-based positions in
/// a rule and null for non-rule errors.
/// </summary>
public sealed record ValidationError(string? NodeId, string Field, string Message, int? Line, int? Column, string Code);

/// <summary>Result of validating a definition.</summary>
public sealed record ValidationResult(IReadOnlyList<ValidationError> Errors)
{
    /// <summary>True when there are no errors.</summary>
    public bool Valid => Errors.Count == 0;
}

/// <summary>Stable validation error codes.</summary>
public static class ValidationCodes
{
    /// <summary>Key missing or not lower-case kebab.</summary>
    public const string KeyInvalid = "DEFINITION_KEY_INVALID";
    /// <summary>Name missing.</summary>
    public const string NameMissing = "DEFINITION_NAME_MISSING";
    /// <summary>No nodes.</summary>
    public const string Empty = "DEFINITION_EMPTY";
    /// <summary>Start missing or not a node.</summary>
    public const string StartInvalid = "START_INVALID";
    /// <summary>Node id missing or not an identifier.</summary>
    public const string NodeIdInvalid = "NODE_ID_INVALID";
    /// <summary>Two nodes with one id.</summary>
    public const string NodeIdDuplicate = "NODE_ID_DUPLICATE";
    /// <summary>Module type not registered.</summary>
    public const string ModuleUnknown = "MODULE_UNKNOWN";
    /// <summary>Setting not in the module's schema.</summary>
    public const string SettingUnknown = "SETTING_UNKNOWN";
    /// <summary>Required setting missing.</summary>
    public const string SettingRequired = "SETTING_REQUIRED";
    /// <summary>Setting has the wrong JSON type.</summary>
    public const string SettingType = "SETTING_TYPE";
    /// <summary>Setting out of min/max.</summary>
    public const string SettingRange = "SETTING_RANGE";
    /// <summary>Setting not one of the enum options.</summary>
    public const string SettingOption = "SETTING_OPTION";
    /// <summary>Setting is not an absolute http(s) URL.</summary>
    public const string SettingUrl = "SETTING_URL";
    /// <summary>Module-specific setting problem.</summary>
    public const string SettingInvalid = "SETTING_INVALID";
    /// <summary>Edge names a node that does not exist.</summary>
    public const string EdgeDangling = "EDGE_DANGLING";
    /// <summary>Edge leaves a port the module does not have.</summary>
    public const string PortUnknown = "PORT_UNKNOWN";
    /// <summary>Two edges leave the same port.</summary>
    public const string EdgeDuplicate = "EDGE_DUPLICATE";
    /// <summary>A continuing port (done or a branch) has no edge.</summary>
    public const string PortUnconnected = "PORT_UNCONNECTED";
    /// <summary>No path from the start node.</summary>
    public const string NodeUnreachable = "NODE_UNREACHABLE";
    /// <summary>A cycle without a wait/retry or interactive node.</summary>
    public const string Cycle = "CYCLE";
}
