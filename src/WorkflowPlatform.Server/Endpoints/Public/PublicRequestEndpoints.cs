using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Server.Auth;
using WorkflowPlatform.Server.Enrolment;
using WorkflowPlatform.Server.Hosting;
using WorkflowPlatform.Server.VerificationWays;

namespace WorkflowPlatform.Server.Endpoints.Public;

/// <summary><c>/api/v1/requests</c>: trigger a workflow for a user, read its result, cancel it (snake_case JSON).</summary>
public static partial class PublicRequestEndpoints
{
    private static readonly string[] Ways = ["link", "iframe", "qr", "email", "sms"];

    [GeneratedRegex("^[a-zA-Z0-9'+_@.-]{1,256}$")]
    public static partial Regex UserIdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,99}$")]
    private static partial Regex WorkflowKeyPattern();

    [GeneratedRegex("^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,2}$")]
    private static partial Regex LocalePattern();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex PhonePattern();

    public static RouteGroupBuilder MapPublicRequestEndpoints(this RouteGroupBuilder v1)
    {
        var requests = v1.MapGroup("/requests").WithTags("Requests");
        requests.MapPost("/", CreateAsync).WithSummary("Triggers a workflow for a user and returns the capture links (Idempotency-Key supported).");
        requests.MapGet("/{id}", GetAsync).WithSummary("Status, outcome, timestamps and results of a request.");
        requests.MapPost("/{id}/cancel", CancelAsync).WithSummary("Cancels an unfinished request.");
        requests.MapGet("/{id}/qr.png", QrPngAsync).WithSummary("A fresh capture link of the request as a QR code (PNG).");
        return v1;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, RequestService service, CancellationToken ct)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            return Problems.Create(400, ErrorCodes.MalformedJson, "Malformed JSON", e.Message);
        }
        if (body is not JsonObject o)
            return Problems.Create(400, ErrorCodes.MalformedJson, "Malformed JSON", "The body must be a JSON object.");

        var errors = new FieldErrors();
        var userId = Text(o, "user_id", errors);
        if (userId is null || !UserIdPattern().IsMatch(userId))
            errors.Add("user_id", "Required; 1–256 characters of letters, digits and ' + _ @ . -");
        var workflow = Text(o, "workflow", errors);
        if (workflow is not null && !WorkflowKeyPattern().IsMatch(workflow))
            errors.Add("workflow", "Must be a workflow key (lower-case letters, digits, '-' and '_').");
        var locale = Text(o, "locale", errors);
        if (locale is not null && !LocalePattern().IsMatch(locale))
            errors.Add("locale", "Must be a language tag such as en-US.");
        var force = o["force_onboarding"] switch
        {
            null => false,
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            _ => Invalid(errors, "force_onboarding", "Must be true or false."),
        };
        var notificationUrl = Text(o, "notification_url", errors);
        if (notificationUrl is not null && (!Uri.TryCreate(notificationUrl, UriKind.Absolute, out var n) || n.Scheme is not ("https" or "http") || notificationUrl.Length > 2048))
            errors.Add("notification_url", "Must be an absolute http(s) URL.");
        string? wayType = null, wayTo = null;
        if (o["verification_way"] is JsonObject way)
        {
            wayType = Text(way, "type", errors, "verification_way.type");
            wayTo = Text(way, "to", errors, "verification_way.to");
        }
        else if (o["verification_way"] is not null)
            errors.Add("verification_way", "Must be an object {type, to?}.");
        wayType ??= "link";
        if (!Ways.Contains(wayType))
            errors.Add("verification_way.type", "Must be one of link, iframe, qr, email, sms.");
        else if (wayType == "email" && (wayTo is null || wayTo.Length > 320 || !System.Net.Mail.MailAddress.TryCreate(wayTo, out _)))
            errors.Add("verification_way.to", "An e-mail address is required for the email way.");
        else if (wayType == "sms" && (wayTo is null || !PhonePattern().IsMatch(wayTo)))
            errors.Add("verification_way.to", "A phone number in E.164 form (+4915112345678) is required for the sms way.");
        else if (wayType is not ("email" or "sms"))
            wayTo = null;
        var metadata = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (o["metadata"] is JsonObject meta)
        {
            if (meta.ToJsonString().Length > 16 * 1024)
                errors.Add("metadata", "At most 16 KB.");
            else
                metadata = ContextValues.DictionaryFromJson(JsonSerializer.SerializeToElement(meta));
        }
        else if (o["metadata"] is not null)
            errors.Add("metadata", "Must be an object.");
        var idempotencyKey = http.Request.Headers["Idempotency-Key"].ToString();
        if (idempotencyKey.Length > 200)
            errors.Add("Idempotency-Key", "At most 200 characters.");
        if (errors.Any)
            return Problems.Validation(errors.ToDictionary());

        var command = new CreateCommand(
            http.User.WorkspaceId(), http.User.ApplicationId(), workflow, userId!, wayType, wayTo, force, locale, metadata, notificationUrl,
            idempotencyKey.Length == 0 ? null : idempotencyKey, RequestService.HashBody(o), service.BaseUrl(http.Request));
        var outcome = await service.CreateAsync(command, ct);
        return outcome.ErrorCode switch
        {
            null => Results.Json(outcome.Response, statusCode: 201),
            RequestErrorCodes.IdempotencyKeyReused or RequestErrorCodes.IdempotencyKeyInProgress => Problems.Conflict(outcome.ErrorCode, outcome.Detail!),
            ErrorCodes.NotFound => Problems.NotFound("application"),
            _ => Problems.Create(422, outcome.ErrorCode, "Unprocessable request", outcome.Detail),
        };
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, RequestService service, CancellationToken ct)
    {
        var view = await service.FindAsync(http.User.WorkspaceId(), id, ct);
        return view is null ? Problems.NotFound("request") : Results.Json(await service.DescribeAsync(view, service.BaseUrl(http.Request), ct));
    }

    private static async Task<IResult> CancelAsync(string id, HttpContext http, RequestService service, CancellationToken ct)
    {
        var view = await service.CancelAsync(http.User.WorkspaceId(), id, ct);
        return view is null ? Problems.NotFound("request") : Results.Json(await service.DescribeAsync(view, service.BaseUrl(http.Request), ct));
    }

    private static async Task<IResult> QrPngAsync(string id, HttpContext http, RequestService service, WorkflowPlatform.Server.Enrolment.Tokens.SessionTokenService tokens, CancellationToken ct)
    {
        var view = await service.FindAsync(http.User.WorkspaceId(), id, ct);
        if (view is null)
            return Problems.NotFound("request");
        if (EnrolmentService.IsClosed(view))
            return Problems.Conflict(RequestErrorCodes.SessionAlreadyCompleted, "The request is finished; there is nothing left to capture.");
        var token = tokens.Issue(view.Record.WorkspaceId, Guid.ParseExact(view.Record.Id, "N"), view.Record.ExpiresAt);
        var url = RequestService.Links(service.BaseUrl(http.Request), token, view.Record.Locale).Url;
        http.Response.Headers.CacheControl = "no-store";
        return Results.File(QrCodes.Png(url), "image/png");
    }

    private static string? Text(JsonObject o, string name, FieldErrors errors, string? field = null)
    {
        var node = o[name];
        if (node is null)
            return null;
        if (node is JsonValue v && v.TryGetValue<string>(out var s))
            return s.Length == 0 ? null : s;
        errors.Add(field ?? name, "Must be a string.");
        return null;
    }

    private static bool Invalid(FieldErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return false;
    }
}
