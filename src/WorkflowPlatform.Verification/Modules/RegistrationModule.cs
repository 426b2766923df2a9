using WorkflowPlatform.Engine.Modules;
using WorkflowPlatform.Faces.Matching;
using WorkflowPlatform.Verification.Capture;
using WorkflowPlatform.Verification.Profiles;

namespace WorkflowPlatform.Verification.Modules;

/// <summary>Duplicate actions of the registration modules.</summary>
public static class DuplicateActions
{
    /// <summary>The node fails with <c>DUPLICATE_FACE</c> and nothing is registered.</summary>
    public const string Fail = "fail";

    /// <summary>The registration goes ahead; <c>duplicate_found</c> tells later rules. Default.</summary>
    public const string Flag = "flag";
}

/// <summary>
/// Registration after a good capture (selfie_registration, photo_enroll): duplicate search in the workspace gallery
/// for the same face under another user id, template and photo assigned to the user's profile, results set.
/// </summary>
public abstract class RegistrationModule(UserProfiles profiles, WorkspaceGalleries galleries) : FaceCaptureModule
{
    /// <summary>Outputs of a registration module.</summary>
    protected static IReadOnlyList<OutputDescriptor> RegistrationOutputs { get; } =
    [
        new() { Name = "selfie_registered", Type = OutputTypes.Bool, Description = "A template was registered on the user's profile." },
        new() { Name = "photo_key", Type = OutputTypes.String, Description = "Blob key of the photo kept on the profile (the server turns it into photo_url)." },
        new() { Name = "photo_url", Type = OutputTypes.String, Description = "Signed URL of the photo; filled by the server when results are read." },
        new() { Name = "selfie_registered_at", Type = OutputTypes.Timestamp, Description = "When the template was registered (Unix epoch seconds in the public result)." },
        new() { Name = "face_score", Type = OutputTypes.Double, Description = "Detector confidence of the face, 0–1." },
        new() { Name = "quality_score", Type = OutputTypes.Double, Description = "Sharpness relative to the quality threshold, 0–1." },
        new() { Name = "antispoof_score", Type = OutputTypes.Double, Description = "Advisory antispoof score, 0–1 (higher = real)." },
        new() { Name = "liveness_score", Type = OutputTypes.Double, Description = "Advisory liveness score, 0–1 (higher = live)." },
        new() { Name = "liveness_passed", Type = OutputTypes.Bool, Description = "Both spoof scores meet their thresholds (advisory)." },
        new() { Name = "duplicate_found", Type = OutputTypes.Bool, Description = "The same face is registered under another user id of the workspace." },
        new() { Name = "duplicate_user_id", Type = OutputTypes.String, Description = "That other user id." },
        new() { Name = "duplicate_similarity", Type = OutputTypes.Double, Description = "Similarity to that user's template, 0–1." },
        new() { Name = "error_code", Type = OutputTypes.String, Description = "Why the last capture or the node failed (face-check code, ATTEMPTS_EXHAUSTED, DUPLICATE_FACE)." },
    ];

    /// <summary>Settings of the duplicate check and the photo.</summary>
    protected static IEnumerable<SettingDescriptor> RegistrationSettings =>
    [
        new() { Name = "duplicate_check", Label = "Duplicate check", Type = SettingTypes.Bool, Default = true, Description = "Search the workspace's registered faces for the same face under another user id." },
        new() { Name = "duplicate_threshold", Label = "Duplicate similarity threshold", Type = SettingTypes.Number, Default = 0.5, Min = 0.3, Max = 1, Description = "Similarity (0–1; 0.5 = template distance 0.6, dlib's calibrated same-person threshold) at or above which another user's face counts as the same person." },
        new() { Name = "duplicate_action", Label = "When a duplicate is found", Type = SettingTypes.Enum, Default = DuplicateActions.Flag, Options = [DuplicateActions.Fail, DuplicateActions.Flag], Description = "fail: the node fails with DUPLICATE_FACE and nothing is registered; flag: register and set duplicate_found." },
        new() { Name = "keep_photo", Label = "Keep photo", Type = SettingTypes.Bool, Default = true, Description = "Keep the photo on the user's profile (until the user is erased); otherwise only the template is kept and the photo goes with the request's retention." },
    ];

    /// <inheritdoc />
    protected override async ValueTask<ModuleResult> OnCapturedAsync(ModuleContext context, string userId, CaptureAnalysis capture, FaceTemplate template)
    {
        var ws = context.Instance.WorkspaceId;
        var outputs = new Dictionary<string, object?>(StringComparer.Ordinal) { ["error_code"] = null };
        AddScores(outputs, capture);
        outputs["liveness_passed"] = capture.Scores.LivenessPassed;

        GalleryHit? duplicate = null;
        if (context.GetBool("duplicate_check") ?? true)
        {
            var minSimilarity = Number(context, "duplicate_threshold", 0.5);
            var hits = await galleries.SearchAsync(ws, template, k: 5, FaceMatcher.DistanceFromSimilarity(minSimilarity), context.CancellationToken).ConfigureAwait(false);
            foreach (var hit in hits)
            {
                if (hit.Id != userId)
                {
                    duplicate = hit;
                    break;
                }
            }
        }
        outputs["duplicate_found"] = duplicate is not null;
        outputs["duplicate_user_id"] = duplicate?.Id;
        outputs["duplicate_similarity"] = duplicate is { } d ? Math.Round(d.Similarity, 4) : null;
        if (duplicate is not null && context.GetString("duplicate_action") == DuplicateActions.Fail)
        {
            outputs["selfie_registered"] = false;
            outputs["error_code"] = CaptureErrorCodes.DuplicateFace;
            context.SetResult("selfie_registered", false);
            return ModuleResult.Fail(CaptureErrorCodes.DuplicateFace, "This face is already registered under another user id.", outputs);
        }

        var keep = context.GetBool("keep_photo") ?? true;
        var profile = await profiles.RegisterAsync(ws, userId, template, keep ? capture.PhotoKey : null, context.CancellationToken).ConfigureAwait(false);
        outputs["selfie_registered"] = true;
        outputs["selfie_registered_at"] = profile.RegisteredAt;
        outputs["photo_key"] = profile.PhotoKey;
        outputs["photo_url"] = null;
        context.SetResult("selfie_registered", true);
        context.SetResult("selfie_registered_at", profile.RegisteredAt);
        context.SetResult("photo_key", profile.PhotoKey);
        return ModuleResult.Done(outputs);
    }

    /// <inheritdoc />
    protected override Dictionary<string, object?> FailureOutputs(string code, CaptureAnalysis? capture)
    {
        var outputs = base.FailureOutputs(code, capture);
        outputs["selfie_registered"] = false;
        outputs["duplicate_found"] = false;
        if (capture is not null)
        {
            AddScores(outputs, capture);
        }
        return outputs;
    }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, object?> SimulatedOutputs(ModuleContext context) => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["selfie_registered"] = true,
        ["selfie_registered_at"] = context.Time.GetUtcNow(),
        ["duplicate_found"] = false,
        ["error_code"] = null,
    };
}

/// <summary><c>selfie_registration</c>: the person takes a selfie; it is checked, searched for duplicates and registered on their profile.</summary>
public sealed class SelfieRegistrationModule(UserProfiles profiles, WorkspaceGalleries galleries) : RegistrationModule(profiles, galleries)
{
    /// <summary>Type key.</summary>
    public const string TypeKey = "selfie_registration";

    /// <inheritdoc />
    public override ModuleDescriptor Descriptor { get; } = new()
    {
        Type = TypeKey,
        DisplayName = "Selfie Registration",
        Category = "identity",
        Description = "Asks the person for a selfie, runs the face checks (size, position, pose, occlusion, quality, optional liveness signals), searches the workspace for the same face under another user id, and registers the template and photo on the user's profile.",
        Interactive = true,
        SideEffects = true,
        Settings = [.. CaptureSettings(LivenessModes.Flag), .. RegistrationSettings],
        Outputs = RegistrationOutputs,
    };
}

/// <summary><c>photo_enroll</c>: registers a supplied photo (e.g. an ID photo) with the same checks; spoof signals off by default.</summary>
public sealed class PhotoEnrollModule(UserProfiles profiles, WorkspaceGalleries galleries) : RegistrationModule(profiles, galleries)
{
    /// <summary>Type key.</summary>
    public const string TypeKey = "photo_enroll";

    /// <inheritdoc />
    protected override string Kind => "photo";

    /// <inheritdoc />
    protected override string DefaultLivenessMode => LivenessModes.Off;

    /// <inheritdoc />
    public override ModuleDescriptor Descriptor { get; } = new()
    {
        Type = TypeKey,
        DisplayName = "Photo Enroll",
        Category = "identity",
        Description = "Enrols the user from a supplied photo (not a live selfie): same face checks and duplicate search as Selfie Registration, template and photo registered on the profile. Liveness signals are off by default because a photo of a photo is expected.",
        Interactive = true,
        SideEffects = true,
        Settings = [.. CaptureSettings(LivenessModes.Off), .. RegistrationSettings],
        Outputs = RegistrationOutputs,
    };
}
