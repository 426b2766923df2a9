using System.Globalization;

namespace WorkflowPlatform.Verification.Capture;

/// <summary>Codes a capture can end with besides the face-check codes of <see cref="Faces.Checks.FaceCheckCodes"/>.</summary>
public static class CaptureErrorCodes
{
    /// <summary>The spoof signals are below the thresholds and the module enforces them.</summary>
    public const string LivenessCheckFailed = "LIVENESS_CHECK_FAILED";

    /// <summary>Every attempt was used.</summary>
    public const string AttemptsExhausted = "ATTEMPTS_EXHAUSTED";

    /// <summary>Face authentication: the user has no registered selfie.</summary>
    public const string UserNotRegistered = "USER_NOT_REGISTERED";

    /// <summary>The request carries no <c>user_id</c>.</summary>
    public const string UserIdRequired = "USER_ID_REQUIRED";

    /// <summary>Face authentication: the new selfie does not match the registered one.</summary>
    public const string FaceNotVerified = "FACE_NOT_VERIFIED";

    /// <summary>Selfie registration with duplicate action <c>fail</c>: the face is registered under another user id.</summary>
    public const string DuplicateFace = "DUPLICATE_FACE";

    /// <summary>The resume input is not a capture analysis of this request.</summary>
    public const string CaptureInvalid = "CAPTURE_INVALID";
}

/// <summary>Scores of the primary face (null when there is no face).</summary>
/// <param name="FaceScore">Detector confidence, 0–1.</param>
/// <param name="QualityScore">Sharpness relative to the threshold, 0–1 (1 = at least twice the minimum sharpness).</param>
/// <param name="AntispoofScore">Advisory antispoof score, 0–1 (higher = real).</param>
/// <param name="LivenessScore">Advisory liveness score, 0–1 (higher = live).</param>
/// <param name="LivenessPassed">Both spoof scores meet the thresholds (advisory unless the liveness mode is <c>enforce</c>).</param>
public sealed record CaptureScores(double? FaceScore, double? QualityScore, double? AntispoofScore, double? LivenessScore, bool? LivenessPassed);

/// <summary>
/// What <see cref="SelfieCapture.AnalyzeAsync(string, string, ReadOnlyMemory{byte}, CaptureChecks, CancellationToken)"/> found:
/// the resume input of a <c>face</c> bookmark (<see cref="ToDictionary"/>, snake_case).
/// </summary>
/// <param name="Ok">Every check passed; <see cref="Template"/> is set.</param>
/// <param name="ErrorCode">Face-check code, <c>IMAGE_*</c> decode code or <c>LIVENESS_CHECK_FAILED</c>; null when ok.</param>
/// <param name="Message">Human-readable reason (English).</param>
/// <param name="Details">The numbers behind the decision (measurements and thresholds).</param>
/// <param name="PhotoKey">Blob key of the stored upload (<c>ws/{ws}/requests/{req}/face-….jpg</c>); null when the bytes were not an image.</param>
/// <param name="Template">Template bytes (<see cref="Faces.Matching.FaceTemplate.ToBytes"/>) of the primary face when ok.</param>
/// <param name="Scores">Scores of the primary face.</param>
/// <param name="ElapsedMs">Wall time of decode + analysis + storage.</param>
public sealed record CaptureAnalysis(
    bool Ok, string? ErrorCode, string Message, IReadOnlyDictionary<string, double> Details, string? PhotoKey,
    byte[]? Template, CaptureScores Scores, double ElapsedMs)
{
    /// <summary>The resume input: <c>{ok, error_code, message, details, photo_key, template (base64), scores, elapsed_ms}</c>.</summary>
    public Dictionary<string, object?> ToDictionary()
    {
        var details = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in Details)
            details[k] = v;
        return new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["ok"] = Ok,
            ["error_code"] = ErrorCode,
            ["message"] = Message,
            ["details"] = details,
            ["photo_key"] = PhotoKey,
            ["template"] = Template is null ? null : Convert.ToBase64String(Template),
            ["scores"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["face_score"] = Scores.FaceScore,
                ["quality_score"] = Scores.QualityScore,
                ["antispoof_score"] = Scores.AntispoofScore,
                ["liveness_score"] = Scores.LivenessScore,
                ["liveness_passed"] = Scores.LivenessPassed,
            },
            ["elapsed_ms"] = Math.Round(ElapsedMs, 1),
        };
    }

    /// <summary>Reads <see cref="ToDictionary"/>'s shape back (after the engine's normalisation); throws <see cref="FormatException"/> on anything else.</summary>
    public static CaptureAnalysis FromDictionary(IReadOnlyDictionary<string, object?> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!input.TryGetValue("ok", out var okValue) || okValue is not bool ok)
            throw new FormatException("Capture input has no boolean 'ok'.");
        var details = new Dictionary<string, double>(StringComparer.Ordinal);
        if (input.TryGetValue("details", out var d) && d is IReadOnlyDictionary<string, object?> dd)
        {
            foreach (var (k, v) in dd)
            {
                if (ToDouble(v) is { } x)
                    details[k] = x;
            }
        }
        byte[]? template = null;
        if (input.TryGetValue("template", out var t) && t is string b64 && b64.Length > 0)
        {
            try
            {
                template = Convert.FromBase64String(b64);
            }
            catch (FormatException e)
            {
                throw new FormatException("Capture template is not base64.", e);
            }
        }
        var scores = new CaptureScores(null, null, null, null, null);
        if (input.TryGetValue("scores", out var s) && s is IReadOnlyDictionary<string, object?> sd)
        {
            scores = new CaptureScores(
                ToDouble(sd.GetValueOrDefault("face_score")), ToDouble(sd.GetValueOrDefault("quality_score")),
                ToDouble(sd.GetValueOrDefault("antispoof_score")), ToDouble(sd.GetValueOrDefault("liveness_score")),
                sd.GetValueOrDefault("liveness_passed") as bool?);
        }
        return new CaptureAnalysis(
            ok,
            input.GetValueOrDefault("error_code") as string,
            input.GetValueOrDefault("message") as string ?? "",
            details,
            input.GetValueOrDefault("photo_key") as string,
            template,
            scores,
            ToDouble(input.GetValueOrDefault("elapsed_ms")) ?? 0);
    }

    private static double? ToDouble(object? v) => v switch
    {
        double x => x,
        long l => l,
        int i => i,
        float f => f,
        string str when double.TryParse(str, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) => p,
        _ => null,
    };
}
