using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Modules;
using WorkflowPlatform.Faces.Matching;
using WorkflowPlatform.Verification.Capture;

namespace WorkflowPlatform.Verification.Modules;

/// <summary>
/// The capture protocol shared by the interactive face modules (CONTRACTS-SELFIE.md): suspend on <c>face</c> with the
/// attempts and thresholds; on resume a failed capture costs an attempt (suspend again, or fail with
/// <c>ATTEMPTS_EXHAUSTED</c> after the last one); a good capture goes to <see cref="OnCapturedAsync"/>.
/// </summary>
public abstract class FaceCaptureModule : IWorkflowModule
{
    /// <summary>Bookmark every face module waits on.</summary>
    public const string BookmarkName = "face";

    /// <inheritdoc />
    public abstract ModuleDescriptor Descriptor { get; }

    /// <summary>
    /// The open capture bookmark of an instance: <c>face</c> on the first attempt, <c>face#N</c> after a retry (the
    /// engine keeps bookmark names unique per instance). Resume it by its <see cref="Bookmark.Name"/>. Null once the
    /// instance is final.
    /// </summary>
    public static Bookmark? FindOpenBookmark(WorkflowInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        // A cancelled, expired or failed instance keeps its unconsumed bookmark, but nothing can resume it any more.
        if (instance.Status.IsFinal())
            return null;
        for (var i = instance.Bookmarks.Count - 1; i >= 0; i--)
        {
            var b = instance.Bookmarks[i];
            if (b.ConsumedAt is null && (b.Name == BookmarkName || b.Name.StartsWith(BookmarkName + "#", StringComparison.Ordinal)))
                return b;
        }
        return null;
    }

    /// <summary><c>kind</c> of the bookmark payload (<c>face</c> for a live selfie, <c>photo</c> for a supplied photo).</summary>
    protected virtual string Kind => "face";

    /// <summary>Default liveness mode of the module's settings.</summary>
    protected virtual string DefaultLivenessMode => LivenessModes.Flag;

    /// <inheritdoc />
    public async ValueTask<ModuleResult> ExecuteAsync(ModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.DryRun)
            return ModuleResult.Done(SimulatedOutputs(context));
        if (context.Instance.UserId is not { Length: > 0 } userId)
            return Fail(CaptureErrorCodes.UserIdRequired, "The request has no user_id.");

        var maxAttempts = (int)Math.Clamp(context.GetInt("attempts") ?? 3, 1, 5);
        if (context.Resume is null)
        {
            var refusal = await BeforeCaptureAsync(context, userId).ConfigureAwait(false);
            return refusal ?? Suspend(context, maxAttempts, maxAttempts, null);
        }

        var attemptsLeft = context.Resume.State.TryGetValue("attempts_left", out var left) && left is long l ? (int)l : maxAttempts;
        CaptureAnalysis capture;
        try
        {
            capture = CaptureAnalysis.FromDictionary(context.Resume.Input);
        }
        catch (FormatException e)
        {
            return Fail(CaptureErrorCodes.CaptureInvalid, e.Message);
        }
        var folder = SelfieCapture.RequestFolder(context.Instance.WorkspaceId, context.Instance.Id);
        if (capture.PhotoKey is { } key && !key.StartsWith(folder, StringComparison.Ordinal))
            return Fail(CaptureErrorCodes.CaptureInvalid, "The capture's photo belongs to another request.");

        if (!capture.Ok)
        {
            var code = capture.ErrorCode ?? CaptureErrorCodes.CaptureInvalid;
            attemptsLeft--;
            if (attemptsLeft > 0)
                return Suspend(context, attemptsLeft, maxAttempts, capture);
            return ModuleResult.Fail(CaptureErrorCodes.AttemptsExhausted,
                $"All {maxAttempts} attempts failed; the last one with {code}: {capture.Message}",
                FailureOutputs(CaptureErrorCodes.AttemptsExhausted, capture));
        }

        FaceTemplate template;
        try
        {
            template = FaceTemplate.FromBytes(capture.Template ?? []);
        }
        catch (FaceTemplateFormatException e)
        {
            return Fail(CaptureErrorCodes.CaptureInvalid, e.Message);
        }
        return await OnCapturedAsync(context, userId, capture, template).ConfigureAwait(false);
    }

    /// <summary>Runs before the first suspension; a non-null result ends the node instead (e.g. <c>USER_NOT_REGISTERED</c>).</summary>
    protected virtual ValueTask<ModuleResult?> BeforeCaptureAsync(ModuleContext context, string userId) => ValueTask.FromResult<ModuleResult?>(null);

    /// <summary>The module's work once a capture passed every check.</summary>
    protected abstract ValueTask<ModuleResult> OnCapturedAsync(ModuleContext context, string userId, CaptureAnalysis capture, FaceTemplate template);

    /// <summary>Outputs of a dry run (no side effects).</summary>
    protected abstract IReadOnlyDictionary<string, object?> SimulatedOutputs(ModuleContext context);

    /// <summary>Outputs written when the node fails.</summary>
    protected virtual Dictionary<string, object?> FailureOutputs(string code, CaptureAnalysis? capture)
        => new(StringComparer.Ordinal) { ["error_code"] = code };

    /// <summary>Thresholds of the node (settings with defaults).</summary>
    protected CaptureChecks ChecksOf(ModuleContext context) => new()
    {
        MinFacePx = Number(context, "min_face_px", 150),
        MinInterEyePx = Number(context, "min_inter_eye_px", 50),
        BorderPx = Number(context, "border_px", 15),
        MaxYaw = Number(context, "max_yaw", 30),
        MaxPitch = Number(context, "max_pitch", 30),
        MaxRoll = Number(context, "max_roll", 30),
        MinFaceMeshScore = Number(context, "min_face_mesh_score", 0.5),
        MinSharpness = Number(context, "min_sharpness", 15),
        LivenessMode = context.GetString("liveness_mode") ?? DefaultLivenessMode,
        MinAntispoofScore = Number(context, "min_antispoof_score", 0.5),
        MinLivenessScore = Number(context, "min_liveness_score", 0.5),
    };

    /// <summary>Reads a number setting that may be written as an integer.</summary>
    protected static double Number(ModuleContext context, string name, double fallback)
        => context.GetNumber(name) ?? (context.GetInt(name) is { } l ? l : fallback);

    /// <summary>Fails the node with <paramref name="code"/> and the failure outputs.</summary>
    protected ModuleResult Fail(string code, string message, CaptureAnalysis? capture = null)
        => ModuleResult.Fail(code, message, FailureOutputs(code, capture));

    /// <summary>Score outputs of a capture.</summary>
    protected static void AddScores(Dictionary<string, object?> outputs, CaptureAnalysis capture)
    {
        outputs["face_score"] = capture.Scores.FaceScore;
        outputs["quality_score"] = capture.Scores.QualityScore;
        outputs["antispoof_score"] = capture.Scores.AntispoofScore;
        outputs["liveness_score"] = capture.Scores.LivenessScore;
    }

    private ModuleResult Suspend(ModuleContext context, int attemptsLeft, int maxAttempts, CaptureAnalysis? lastFailure)
    {
        var checks = ChecksOf(context);
        var payload = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["kind"] = Kind,
            ["attempts_left"] = (long)attemptsLeft,
            ["max_attempts"] = (long)maxAttempts,
            ["checks"] = checks.ToDictionary(),
            ["liveness"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["mode"] = checks.LivenessMode,
                ["min_antispoof_score"] = checks.MinAntispoofScore,
                ["min_liveness_score"] = checks.MinLivenessScore,
            },
        };
        Dictionary<string, object?>? outputs = null;
        if (lastFailure is not null)
        {
            payload["last_error_code"] = lastFailure.ErrorCode;
            payload["last_message"] = lastFailure.Message;
            outputs = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["error_code"] = lastFailure.ErrorCode,
            };
        }
        return ModuleResult.Suspend(BookmarkName, payload, outputs: outputs);
    }

    /// <summary>Settings every face module has: attempts and the capture thresholds (FACES.md defaults).</summary>
    protected static IEnumerable<SettingDescriptor> CaptureSettings(string defaultLivenessMode) =>
    [
        new() { Name = "attempts", Label = "Attempts", Type = SettingTypes.Int, Default = 3, Min = 1, Max = 5, Description = "Captures the person may submit before the node fails with ATTEMPTS_EXHAUSTED." },
        new() { Name = "min_face_px", Label = "Minimum face size (px)", Type = SettingTypes.Int, Default = 150, Min = 32, Max = 4000, Description = "Smaller side of the face box; smaller faces get FACE_TOO_SMALL." },
        new() { Name = "min_inter_eye_px", Label = "Minimum eye distance (px)", Type = SettingTypes.Int, Default = 50, Min = 10, Max = 2000, Description = "Distance between the eye centres; closer eyes get FACE_TOO_SMALL." },
        new() { Name = "border_px", Label = "Border padding (px)", Type = SettingTypes.Int, Default = 15, Min = 0, Max = 1000, Description = "Minimum space between the face and the image edge (FACE_CLOSE_TO_BORDER)." },
        new() { Name = "max_yaw", Label = "Maximum yaw (°)", Type = SettingTypes.Number, Default = 30.0, Min = 0, Max = 90, Description = "Head turned left/right beyond this gets FACE_ANGLE_TOO_LARGE (ISO/IEC 19794-5 reference photos: 5)." },
        new() { Name = "max_pitch", Label = "Maximum pitch (°)", Type = SettingTypes.Number, Default = 30.0, Min = 0, Max = 90, Description = "Head tilted up/down beyond this gets FACE_ANGLE_TOO_LARGE (frontal faces read +2…+12°)." },
        new() { Name = "max_roll", Label = "Maximum roll (°)", Type = SettingTypes.Number, Default = 30.0, Min = 0, Max = 90, Description = "Head tilted sideways beyond this gets FACE_ANGLE_TOO_LARGE (ISO/IEC 19794-5: 8)." },
        new() { Name = "min_sharpness", Label = "Quality threshold (sharpness)", Type = SettingTypes.Number, Default = 15.0, Min = 0, Max = 10000, Description = "Variance of the Laplacian of the face at 128×128; blurred faces below it get FACE_QUALITY_LOW (sharp faces read in the hundreds)." },
        new() { Name = "min_face_mesh_score", Label = "Occlusion threshold", Type = SettingTypes.Number, Default = 0.5, Min = 0, Max = 1, Description = "Face-presence score of the landmark model; covered faces below it get FACE_IS_OCCLUDED." },
        new() { Name = "liveness_mode", Label = "Liveness signals", Type = SettingTypes.Enum, Default = defaultLivenessMode, Options = LivenessModes.All, Description = "off: not evaluated; flag: reported as liveness_passed; enforce: captures below the thresholds get LIVENESS_CHECK_FAILED. The signals are advisory and never pass a capture alone." },
        new() { Name = "min_antispoof_score", Label = "Minimum antispoof score", Type = SettingTypes.Number, Default = 0.5, Min = 0, Max = 1, Description = "Antispoof model score (higher = real) required by the liveness mode." },
        new() { Name = "min_liveness_score", Label = "Minimum liveness score", Type = SettingTypes.Number, Default = 0.5, Min = 0, Max = 1, Description = "Liveness model score (higher = live) required by the liveness mode." },
    ];
}
