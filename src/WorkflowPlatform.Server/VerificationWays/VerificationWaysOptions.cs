namespace WorkflowPlatform.Server.VerificationWays;

/// <summary>
/// Delivery settings of the e-mail and SMS verification ways. Section <c>VerificationWays</c>; a workspace can override
/// both under <c>VerificationWays:Workspaces:{workspaceId}</c>.
/// </summary>
public sealed class VerificationWaysOptions
{
    public const string SectionName = "VerificationWays";

    public SmtpSettings? Email { get; set; }

    public SmsGatewaySettings? Sms { get; set; }

    /// <summary>Per-workspace overrides (key: workspace id).</summary>
    public Dictionary<string, WorkspaceWays> Workspaces { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Delivery attempts before a dispatch is marked failed. Default 5.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Delay before the first retry; doubles per attempt. Default 30 s.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public SmtpSettings? EmailFor(Guid workspaceId) => Workspaces.GetValueOrDefault(workspaceId.ToString("D"))?.Email ?? Email;

    public SmsGatewaySettings? SmsFor(Guid workspaceId) => Workspaces.GetValueOrDefault(workspaceId.ToString("D"))?.Sms ?? Sms;
}

public sealed class WorkspaceWays
{
    public SmtpSettings? Email { get; set; }

    public SmsGatewaySettings? Sms { get; set; }
}

public sealed class SmtpSettings
{
    public string Host { get; set; } = "";

    public int Port { get; set; } = 25;

    public bool EnableSsl { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "no-reply@localhost";

    /// <summary>Per attempt. Default 15 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}

public sealed class SmsGatewaySettings
{
    /// <summary>Gateway endpoint that receives a POST per message.</summary>
    public string Url { get; set; } = "";

    /// <summary>Name of the authentication header, e.g. <c>Authorization</c>.</summary>
    public string? AuthHeader { get; set; }

    /// <summary>Its value, e.g. <c>Bearer …</c>.</summary>
    public string? AuthValue { get; set; }

    /// <summary>Body with placeholders <c>{to}</c>, <c>{text}</c>, <c>{url}</c> (JSON-escaped). Default: a JSON object.</summary>
    public string BodyTemplate { get; set; } = "{\"to\":\"{to}\",\"text\":\"{text}\"}";

    public string ContentType { get; set; } = "application/json";
}
