namespace WorkflowPlatform.Server.Hosting;

/// <summary>Stable machine-readable codes carried in the <c>code</c> extension of every ProblemDetails.</summary>
public static class ErrorCodes
{
    public const string ValidationFailed = "VALIDATION_FAILED";
    public const string MalformedJson = "MALFORMED_JSON";
    public const string BodyTooLarge = "BODY_TOO_LARGE";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string NotFound = "NOT_FOUND";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string Forbidden = "FORBIDDEN";
    public const string Conflict = "CONFLICT";
    public const string RateLimited = "RATE_LIMITED";
    public const string InternalError = "INTERNAL_ERROR";
    public const string ApiKeyInvalid = "API_KEY_INVALID";
    public const string ApiKeyRevoked = "API_KEY_REVOKED";
    public const string InvalidCredentials = "INVALID_CREDENTIALS";
    public const string LockedOut = "LOCKED_OUT";
    public const string SetupAlreadyDone = "SETUP_ALREADY_DONE";
    public const string SetupTokenInvalid = "SETUP_TOKEN_INVALID";
    public const string LastOwner = "LAST_OWNER";
    public const string AlreadyMember = "ALREADY_MEMBER";
    public const string UserNotFound = "USER_NOT_FOUND";
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";

    /// <summary>The code used when an error response did not name one itself.</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => ValidationFailed,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        413 => BodyTooLarge,
        415 => UnsupportedMediaType,
        429 => RateLimited,
        503 => ServiceUnavailable,
        _ when status >= 500 => InternalError,
        _ => "ERROR",
    };
}
