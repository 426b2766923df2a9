using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Faces;
using WorkflowPlatform.Faces.Imaging;
using WorkflowPlatform.Server.Enrolment.Tokens;
using WorkflowPlatform.Server.VerificationWays;
using WorkflowPlatform.Verification.Capture;
using WorkflowPlatform.Verification.Modules;
using WorkflowPlatform.Verification.Photos;

namespace WorkflowPlatform.Server.Enrolment;

/// <summary>A session call's request, or why it is refused (HTTP status + code).</summary>
public sealed record SessionLookup(SessionGrant? Grant, RequestView? View, int Status, string? Code, string? Detail)
{
    public bool Ok => View is not null;
}

/// <summary>Answer of <c>POST /enrolment/face</c>: the seed's <c>{hasError, error?, attemptsLeft, details}</c>.</summary>
public sealed record FaceAnswer(bool HasError, string? Error, int? AttemptsLeft, IReadOnlyDictionary<string, double>? Details, string? Message);

/// <summary>Answer of <c>POST /enrolment/document</c>.</summary>
public sealed record DocumentAnswer(bool HasError, string? Error, bool IsTwoSideDocument, string? PageSide, string? Country, string? Type, IReadOnlyDictionary<string, double>? Details);

/// <summary>
/// The enrolment API behind the capture app: token → request → open <c>face</c> bookmark → <see cref="SelfieCapture"/>
/// → engine resume (CONTRACTS-SELFIE.md steps 2–5).
/// </summary>
public sealed partial class EnrolmentService(
    SessionTokenService tokens, RequestService requests, WorkflowEngine engine, SelfieCapture capture, FaceAnalyzer analyzer,
    IBlobStore blobs, IOptions<EnrolmentOptions> options, ILogger<EnrolmentService> logger)
{
    public async Task<SessionLookup> OpenAsync(string? bearer, CancellationToken ct)
    {
        var check = await tokens.ValidateAsync(bearer);
        if (!check.IsValid)
            return new(null, null, 401, RequestErrorCodes.SessionUnauthorized, "The session token is missing, expired or invalid.");
        var grant = check.Grant!;
        var view = await requests.FindAsync(grant.WorkspaceId, grant.RequestId.ToString("N"), ct);
        if (view is null)
            return new(grant, null, 401, RequestErrorCodes.SessionUnauthorized, "The session token does not match a request.");
        return new(grant, view, 200, null, null);
    }

    /// <summary>True when the person can no longer act: finished in the app, or the request reached a final state.</summary>
    public static bool IsClosed(RequestView view) => view.Record.CompletedAt is not null || (view.Current.Status.IsFinal() && view.Record.NextWorkflow is null);

    public JsonObject Describe(SessionGrant grant, RequestView view, string baseUrl, string token)
    {
        var current = view.Current;
        var bookmark = FaceCaptureModule.FindOpenBookmark(current);
        long? attemptsLeft = bookmark?.Payload.GetValueOrDefault("attempts_left") as long?;
        long? maxAttempts = bookmark?.Payload.GetValueOrDefault("max_attempts") as long?;
        if (bookmark is null && current.Status.IsFinal())
            attemptsLeft = current.ErrorCode == CaptureErrorCodes.AttemptsExhausted || AnyModuleCode(current, CaptureErrorCodes.AttemptsExhausted) ? 0 : null;
        var steps = new JsonArray();
        if (NeedsDocument(current))
            steps.Add("document");
        steps.Add("face");
        var url = RequestService.Links(baseUrl, token, view.Record.Locale).Url;
        var app = view.Application;
        return new JsonObject
        {
            ["sessionId"] = grant.TokenId,
            ["requestId"] = view.Record.Id,
            ["status"] = current.Status.ToWire(),
            ["steps"] = steps,
            ["locale"] = view.Record.Locale,
            ["attemptsLeft"] = attemptsLeft,
            ["maxAttempts"] = maxAttempts,
            ["completed"] = IsClosed(view),
            ["returnUrl"] = ReturnUrl(view),
            ["crossDevice"] = new JsonObject { ["url"] = url + "&crossDevice=false", ["qrSvg"] = QrCodes.Svg(url + "&crossDevice=false") },
            ["branding"] = new JsonObject { ["name"] = app?.Name, ["primaryColor"] = options.Value.PrimaryColor, ["logoUrl"] = null },
            ["expiresAt"] = grant.ExpiresAt.ToString("O"),
        };
    }

    public static string? ReturnUrl(RequestView view)
    {
        var app = view.Application;
        if (string.IsNullOrEmpty(app?.ReturnUrl))
            return null;
        return app.ReturnUrl + (app.ReturnUrl.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "request_id=" + view.Record.Id;
    }

    /// <summary>Decodes <c>imageBase</c> (plain base64 or a data URL); null when it is not base64.</summary>
    public static byte[]? DecodeImage(string imageBase)
    {
        var text = imageBase.AsSpan().Trim();
        if (text.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = text.IndexOf(',');
            if (comma < 0 || !text[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
                return null;
            text = text[(comma + 1)..];
        }
        var buffer = new byte[text.Length * 3 / 4 + 3];
        return Convert.TryFromBase64Chars(text, buffer, out var written) && written > 0 ? buffer[..written] : null;
    }

    public async Task<FaceAnswer> SubmitFaceAsync(SessionGrant grant, RequestView view, byte[] image, CancellationToken ct)
    {
        var current = view.Current;
        var bookmark = FaceCaptureModule.FindOpenBookmark(current)!;
        var attemptsBefore = bookmark.Payload.GetValueOrDefault("attempts_left") as long?;
        if (image.Length > options.Value.MaxImageBytes)
            return new FaceAnswer(true, ImageDecodeException.TooLarge, (int?)attemptsBefore,
                new Dictionary<string, double> { ["bytes"] = image.Length, ["maxBytes"] = options.Value.MaxImageBytes }, "The image is larger than allowed.");

        var analysis = await capture.AnalyzeAsync(current.WorkspaceId, current.Id, image, bookmark.Payload, ct);
        var key = IdempotencyKey(grant.TokenId, current.Id, image);
        RunResult run;
        try
        {
            run = await engine.ResumeAsync(current.Id, bookmark.Name, analysis.ToDictionary(), key, ct);
        }
        catch (WorkflowEngineException e) when (e.Code is EngineErrorCodes.BookmarkConsumed or EngineErrorCodes.InstanceBusy)
        {
            throw new EnrolmentConflictException(RequestErrorCodes.NoCapturePending, "Another capture of this session is being processed.");
        }
        catch (WorkflowEngineException e) when (e.Code is EngineErrorCodes.InstanceFinished or EngineErrorCodes.InstanceExpired or EngineErrorCodes.InstanceCancelled)
        {
            throw new EnrolmentConflictException(RequestErrorCodes.SessionAlreadyCompleted, "The request is already finished.");
        }
        Log.Resumed(logger, current.Id, analysis.ErrorCode ?? "ok", run.Status.ToWire());

        var after = await requests.FindAsync(grant.WorkspaceId, view.Record.Id, ct);
        if (after is not null && analysis.Ok)
            await ContinueChainAsync(grant, after, image, ct);

        var open = (after is null ? null : FaceCaptureModule.FindOpenBookmark(after.Current));
        var attemptsLeft = open?.Payload.GetValueOrDefault("attempts_left") as long? ?? (analysis.Ok ? attemptsBefore : 0);
        if (analysis.Ok)
        {
            var moduleError = after is null ? null : FailedModuleCode(after.Current);
            return new FaceAnswer(moduleError is not null, moduleError, (int?)attemptsLeft, analysis.Details, moduleError is null ? null : "The capture was accepted but the step failed.");
        }
        var exhausted = open is null && run.Status.IsFinal();
        return new FaceAnswer(true, exhausted ? CaptureErrorCodes.AttemptsExhausted : analysis.ErrorCode, exhausted ? 0 : (int?)attemptsLeft, analysis.Details, analysis.Message);
    }

    // force_onboarding: the verification workflow that follows onboarding runs on the same capture (one selfie per session).
    private async Task ContinueChainAsync(SessionGrant grant, RequestView after, byte[] image, CancellationToken ct)
    {
        var run = await requests.ContinueChainAsync(after, ct);
        if (run is null || run.Status != InstanceStatus.AwaitingInput)
            return;
        var chained = await requests.FindAsync(grant.WorkspaceId, after.Record.Id, ct);
        if (chained is null || FaceCaptureModule.FindOpenBookmark(chained.Current) is not { } next)
            return;
        var analysis = await capture.AnalyzeAsync(chained.Current.WorkspaceId, chained.Current.Id, image, next.Payload, ct);
        await engine.ResumeAsync(chained.Current.Id, next.Name, analysis.ToDictionary(), IdempotencyKey(grant.TokenId, chained.Current.Id, image), ct);
    }

    /// <summary>
    /// Stores a document image and looks for its portrait. Reading the document itself is not built yet, so the answer
    /// only says what the pixels show: not an image, no face (<c>DOCUMENT_NOT_RECOGNIZED</c>), a portrait too small or blurred
    /// (<c>FACE_QUALITY_LOW</c>), or accepted with unknown country and type.
    /// </summary>
    public async Task<DocumentAnswer> SubmitDocumentAsync(RequestView view, byte[] image, CancellationToken ct)
    {
        RgbImage pixels;
        try
        {
            pixels = ImageDecoder.Decode(image, new DecodeLimits { MaxBytes = options.Value.MaxImageBytes });
        }
        catch (ImageDecodeException e)
        {
            return new DocumentAnswer(true, e.Code, false, null, null, null, null);
        }
        // One stored document per request: a new upload replaces the previous one, so a session token cannot fill the store.
        var folder = SelfieCapture.RequestFolder(view.Current.WorkspaceId, view.Record.Id);
        var isPng = image is [0x89, (byte)'P', (byte)'N', (byte)'G', ..];
        await blobs.DeleteAsync(folder + (isPng ? "document-front.jpg" : "document-front.png"), ct);
        await blobs.PutAsync(folder + (isPng ? "document-front.png" : "document-front.jpg"), image, ct);
        // A document portrait is small: relax the selfie size/border rules, keep the quality rule.
        var analysis = await Task.Run(() => analyzer.Analyze(pixels, new FaceAnalysisOptions
        {
            Checks = new Faces.Checks.FaceCheckOptions { MinFaceSize = 40, MinInterEyeDistance = 12, MinBorderPadding = 0, MaxFaces = 2, MaxFaceToImageRatio = 1 },
        }), ct);
        var details = new Dictionary<string, double>(analysis.Check.Details, StringComparer.Ordinal) { ["width"] = pixels.Width, ["height"] = pixels.Height };
        if (analysis.PrimaryFace is null)
            return new DocumentAnswer(true, "DOCUMENT_NOT_RECOGNIZED", false, null, null, null, details);
        if (analysis.Check.Code is "FACE_QUALITY_LOW" or "FACE_TOO_SMALL")
            return new DocumentAnswer(true, "FACE_QUALITY_LOW", false, "front", null, null, details);
        return new DocumentAnswer(false, null, false, "front", null, null, details);
    }

    /// <summary>True when a required capture never came (the current instance still waits for a face).</summary>
    public static bool MissingCapture(RequestView view) => FaceCaptureModule.FindOpenBookmark(view.Current) is not null;

    private static bool NeedsDocument(WorkflowInstance instance)
    {
        try
        {
            var definition = DefinitionSerializer.Deserialize(instance.DefinitionSnapshot);
            return definition.Nodes.Any(n => n.Enabled && n.Type.Contains("document", StringComparison.Ordinal));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            return false;
        }
    }

    private static bool AnyModuleCode(WorkflowInstance instance, string code)
        => instance.Context.Modules.Values.Any(o => o.GetValueOrDefault("error_code") as string == code);

    private static string? FailedModuleCode(WorkflowInstance instance)
    {
        if (instance.Status == InstanceStatus.Failed)
            return instance.ErrorCode;
        if (instance.Status == InstanceStatus.Completed && instance.Outcome == WorkflowOutcome.Declined)
            return instance.Context.Modules.Values.Select(o => o.GetValueOrDefault("error_code") as string).FirstOrDefault(c => c is not null);
        return null;
    }

    private static string IdempotencyKey(string tokenId, string instanceId, byte[] image)
    {
        var hash = SHA256.HashData([.. Encoding.UTF8.GetBytes(tokenId + "\n" + instanceId + "\n"), .. SHA256.HashData(image)]);
        return "face:" + Convert.ToHexStringLower(hash);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Capture for instance {InstanceId}: {Code}, instance now {Status}")]
        public static partial void Resumed(ILogger logger, string instanceId, string code, string status);
    }
}

/// <summary>A session call that conflicts with the request's state (409 with <see cref="Code"/>).</summary>
public sealed class EnrolmentConflictException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
