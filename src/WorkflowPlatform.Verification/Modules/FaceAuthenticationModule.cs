using WorkflowPlatform.Engine.Modules;
using WorkflowPlatform.Faces.Matching;
using WorkflowPlatform.Verification.Capture;
using WorkflowPlatform.Verification.Profiles;

namespace WorkflowPlatform.Verification.Modules;

/// <summary>
/// <c>face_authentication</c>: compares a new selfie with the user's registered template (1:1). Fails at once with
/// <c>USER_NOT_REGISTERED</c> when the user has no registered selfie.
/// </summary>
public sealed class FaceAuthenticationModule(UserProfiles profiles) : FaceCaptureModule
{
    /// <summary>Type key.</summary>
    public const string TypeKey = "face_authentication";

    /// <summary><c>on_mismatch</c>: fail the node with FACE_NOT_VERIFIED (default).</summary>
    public const string MismatchFail = "fail";

    /// <summary><c>on_mismatch</c>: continue on <c>done</c> with <c>face_verified</c> false.</summary>
    public const string MismatchContinue = "continue";

    /// <inheritdoc />
    public override ModuleDescriptor Descriptor { get; } = new()
    {
        Type = TypeKey,
        DisplayName = "Face Authentication",
        Category = "identity",
        Description = "Asks a registered user for a new selfie and compares it with the registered template (1:1).",
        Interactive = true,
        SideEffects = false,
        Settings =
        [
            .. CaptureSettings(LivenessModes.Flag),
            new() { Name = "min_similarity", Label = "Match threshold (similarity)", Type = SettingTypes.Number, Default = 0.5, Min = 0.1, Max = 1, Description = "Similarity (0–1) the selfie needs to match; 0.5 = template distance 0.6, dlib's calibrated threshold." },
            new() { Name = "on_mismatch", Label = "When the face does not match", Type = SettingTypes.Enum, Default = MismatchFail, Options = [MismatchFail, MismatchContinue], Description = "fail: the node fails with FACE_NOT_VERIFIED; continue: done with face_verified false." },
        ],
        Outputs =
        [
            new() { Name = "face_verified", Type = OutputTypes.Bool, Description = "The selfie matches the registered template." },
            new() { Name = "similarity", Type = OutputTypes.Double, Description = "Similarity to the registered template, 0–1." },
            new() { Name = "distance", Type = OutputTypes.Double, Description = "Euclidean template distance (lower = more alike)." },
            new() { Name = "face_score", Type = OutputTypes.Double, Description = "Detector confidence of the face, 0–1." },
            new() { Name = "quality_score", Type = OutputTypes.Double, Description = "Sharpness relative to the quality threshold, 0–1." },
            new() { Name = "antispoof_score", Type = OutputTypes.Double, Description = "Advisory antispoof score, 0–1." },
            new() { Name = "liveness_score", Type = OutputTypes.Double, Description = "Advisory liveness score, 0–1." },
            new() { Name = "photo_key", Type = OutputTypes.String, Description = "Blob key of the authentication selfie (kept with the request)." },
            new() { Name = "error_code", Type = OutputTypes.String, Description = "USER_NOT_REGISTERED, FACE_NOT_VERIFIED, ATTEMPTS_EXHAUSTED or the last capture's face-check code." },
        ],
    };

    /// <inheritdoc />
    protected override async ValueTask<ModuleResult?> BeforeCaptureAsync(ModuleContext context, string userId)
    {
        var profile = await profiles.GetAsync(context.Instance.WorkspaceId, userId, context.CancellationToken).ConfigureAwait(false);
        return profile is { SelfieRegistered: true, Template: not null } ? null : NotRegistered();
    }

    /// <inheritdoc />
    protected override async ValueTask<ModuleResult> OnCapturedAsync(ModuleContext context, string userId, CaptureAnalysis capture, FaceTemplate template)
    {
        var profile = await profiles.GetAsync(context.Instance.WorkspaceId, userId, context.CancellationToken).ConfigureAwait(false);
        if (profile?.Template is not { } registered)
            return NotRegistered();
        var threshold = FaceMatcher.DistanceFromSimilarity(Number(context, "min_similarity", 0.5));
        var match = new FaceMatcher(threshold).Compare(registered, template);
        var outputs = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["face_verified"] = match.IsMatch,
            ["similarity"] = Math.Round(match.Similarity, 4),
            ["distance"] = Math.Round(match.Distance, 4),
            ["photo_key"] = capture.PhotoKey,
            ["error_code"] = match.IsMatch ? null : CaptureErrorCodes.FaceNotVerified,
        };
        AddScores(outputs, capture);
        context.SetResult("face_verified", match.IsMatch);
        if (!match.IsMatch && context.GetString("on_mismatch") != MismatchContinue)
            return ModuleResult.Fail(CaptureErrorCodes.FaceNotVerified, $"The selfie does not match the registered face (distance {match.Distance:F3}, threshold {threshold:F3}).", outputs);
        return ModuleResult.Done(outputs);
    }

    /// <inheritdoc />
    protected override Dictionary<string, object?> FailureOutputs(string code, CaptureAnalysis? capture)
    {
        var outputs = base.FailureOutputs(code, capture);
        outputs["face_verified"] = false;
        if (capture is not null)
            AddScores(outputs, capture);
        return outputs;
    }

    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, object?> SimulatedOutputs(ModuleContext context) => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["face_verified"] = true,
        ["similarity"] = 1.0,
        ["distance"] = 0.0,
        ["error_code"] = null,
    };

    private ModuleResult NotRegistered()
        => Fail(CaptureErrorCodes.UserNotRegistered, "The user has no registered selfie to compare with.");
}
