namespace WorkflowPlatform.Server.Notifications;

/// <summary>Event types (the <c>type</c> of a payload and the values of an endpoint's event filter).</summary>
public static class NotificationEvents
{
    public const string RequestCreated = "request.created";
    public const string RequestAwaitingInput = "request.awaiting_input";
    public const string RequestCompleted = "request.completed";
    public const string RequestFailed = "request.failed";
    public const string RequestExpired = "request.expired";
    public const string RequestCancelled = "request.cancelled";
    public const string SelfieRegistered = "selfie.registered";
    public const string UserErased = "user.erased";

    /// <summary>Sent by "send a test event"; only to the endpoint asked for.</summary>
    public const string WebhookTest = "webhook.test";

    public static readonly IReadOnlyList<string> All =
        [RequestCreated, RequestAwaitingInput, RequestCompleted, RequestFailed, RequestExpired, RequestCancelled, SelfieRegistered, UserErased];
}
