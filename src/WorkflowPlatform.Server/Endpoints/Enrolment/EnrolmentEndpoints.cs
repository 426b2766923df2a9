using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;
using WorkflowPlatform.Server.Enrolment;
using WorkflowPlatform.Server.Hosting;

namespace WorkflowPlatform.Server.Endpoints.Enrolment;

/// <summary>Body of <c>face</c> and <c>document</c>: <c>{imageBase}</c>, base64 or a data URL.</summary>
public sealed record ImageBody(string? ImageBase);

/// <summary>
/// <c>/api/v1/enrolment</c>: the capture app's API, authorised by the session token (<c>Authorization: Bearer</c>,
/// camelCase JSON). Errors: 401 SESSION_UNAUTHORIZED, 409 SESSION_ALREADY_COMPLETED / NO_CAPTURE_PENDING.
/// </summary>
public static class EnrolmentEndpoints
{
    public static IEndpointRouteBuilder MapEnrolmentEndpoints(this IEndpointRouteBuilder app)
    {
        var g = app.MapGroup("/api/v1/enrolment").AllowAnonymous().WithTags("Enrolment");
        g.MapGet("/session", SessionAsync).WithSummary("What the capture app shows: steps, language, attempts, branding, return URL.");
        g.MapPost("/face", FaceAsync).WithSummary("Submits a selfie; answers {hasError, error?, attemptsLeft, details}.");
        g.MapPost("/document", DocumentAsync).WithSummary("Submits a document image; stores it and checks its portrait.");
        g.MapPost("/complete", CompleteAsync).WithSummary("Ends the session; answers {customerReturnUrl}.");
        return app;
    }

    private static string? Bearer(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static IResult Refuse(SessionLookup s) => Problems.Create(s.Status, s.Code!, s.Status == 401 ? "Unauthorized" : "Conflict", s.Detail);

    private static IResult Closed() => Problems.Conflict(RequestErrorCodes.SessionAlreadyCompleted, "This verification is already finished.");

    private static async Task<IResult> SessionAsync(HttpContext http, EnrolmentService enrolment, RequestService requests, CancellationToken ct)
    {
        var s = await enrolment.OpenAsync(Bearer(http), ct);
        if (!s.Ok)
            return Refuse(s);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Json(enrolment.Describe(s.Grant!, s.View!, requests.BaseUrl(http.Request), Bearer(http)!));
    }

    private static async Task<(ImageBody? Body, IResult? Error)> ReadAsync(HttpContext http, CancellationToken ct)
    {
        // Checked up front rather than by catching InvalidOperationException, which would also hide real bugs as 415s.
        if (!http.Request.HasJsonContentType())
            return (null, Problems.Create(415, ErrorCodes.UnsupportedMediaType, "Unsupported media type", "Send application/json."));
        try
        {
            var body = await http.Request.ReadFromJsonAsync<ImageBody>(ct);
            if (string.IsNullOrWhiteSpace(body?.ImageBase))
                return (null, Problems.Validation(new Dictionary<string, string[]> { ["imageBase"] = ["Required: the image as base64 or a data URL."] }));
            return (body, null);
        }
        catch (JsonException e)
        {
            return (null, Problems.Create(400, ErrorCodes.MalformedJson, "Malformed JSON", e.Message));
        }
    }

    private static async Task<IResult> FaceAsync(HttpContext http, EnrolmentService enrolment, CancellationToken ct)
    {
        var s = await enrolment.OpenAsync(Bearer(http), ct);
        if (!s.Ok)
            return Refuse(s);
        if (EnrolmentService.IsClosed(s.View!))
            return Closed();
        if (Verification.Modules.FaceCaptureModule.FindOpenBookmark(s.View!.Current) is null)
            return Problems.Conflict(RequestErrorCodes.NoCapturePending, "The request is not waiting for a selfie right now.");
        var (body, error) = await ReadAsync(http, ct);
        if (error is not null)
            return error;
        var image = EnrolmentService.DecodeImage(body!.ImageBase!);
        if (image is null)
        {
            var left = Verification.Modules.FaceCaptureModule.FindOpenBookmark(s.View.Current)!.Payload.GetValueOrDefault("attempts_left") as long?;
            return Results.Json(new FaceAnswer(true, "IMAGE_INVALID", (int?)left, null, "imageBase is neither base64 nor a base64 data URL."));
        }
        try
        {
            return Results.Json(await enrolment.SubmitFaceAsync(s.Grant!, s.View, image, ct));
        }
        catch (EnrolmentConflictException e)
        {
            return Problems.Conflict(e.Code, e.Message);
        }
    }

    private static async Task<IResult> DocumentAsync(HttpContext http, EnrolmentService enrolment, CancellationToken ct)
    {
        var s = await enrolment.OpenAsync(Bearer(http), ct);
        if (!s.Ok)
            return Refuse(s);
        if (EnrolmentService.IsClosed(s.View!))
            return Closed();
        var (body, error) = await ReadAsync(http, ct);
        if (error is not null)
            return error;
        var image = EnrolmentService.DecodeImage(body!.ImageBase!);
        if (image is null)
            return Results.Json(new DocumentAnswer(true, "IMAGE_INVALID", false, null, null, null, null));
        return Results.Json(await enrolment.SubmitDocumentAsync(s.View!, image, ct));
    }

    private static async Task<IResult> CompleteAsync(HttpContext http, EnrolmentService enrolment, RequestService requests, CancellationToken ct)
    {
        var s = await enrolment.OpenAsync(Bearer(http), ct);
        if (!s.Ok)
            return Refuse(s);
        var view = s.View!;
        // A request cancelled by the client or expired is over; finishing it here would stamp it completed.
        if (view.Record.CompletedAt is not null || view.Current.Status is Engine.Execution.InstanceStatus.Cancelled or Engine.Execution.InstanceStatus.Expired)
            return Closed();
        if (EnrolmentService.MissingCapture(view))
            return Problems.Create(422, RequestErrorCodes.MissingDocumentAndFace, "Capture missing", "The verification needs a selfie that was never submitted.");
        await requests.MarkCompletedAsync(view.Record.WorkspaceId, view.Record.Id, ct);
        return Results.Json(new JsonObject { ["customerReturnUrl"] = EnrolmentService.ReturnUrl(view) });
    }
}
