using System.Globalization;
using WorkflowPlatform.Faces.Checks;

namespace WorkflowPlatform.Verification.Capture;

/// <summary>How the advisory spoof signals are used.</summary>
public static class LivenessModes
{
    /// <summary>Not evaluated (scores still reported).</summary>
    public const string Off = "off";

    /// <summary>Evaluated and reported (<c>liveness_passed</c>); never rejects a capture. Default.</summary>
    public const string Flag = "flag";

    /// <summary>A face whose scores fall below the thresholds is rejected with <c>LIVENESS_CHECK_FAILED</c> (the face checks must pass as well: the scores never pass a capture alone).</summary>
    public const string Enforce = "enforce";

    /// <summary>Every mode.</summary>
    public static IReadOnlyList<string> All { get; } = [Off, Flag, Enforce];
}

/// <summary>
/// The thresholds a capture is checked against: the <c>checks</c> object of the <c>face</c> bookmark payload
/// (snake_case keys, built from the module settings). Defaults follow FACES.md.
/// </summary>
public sealed record CaptureChecks
{
    /// <summary>Minimum face box side in pixels (<c>min_face_px</c>). Default 150.</summary>
    public double MinFacePx { get; init; } = 150;

    /// <summary>Minimum eye distance in pixels (<c>min_inter_eye_px</c>). Default 50.</summary>
    public double MinInterEyePx { get; init; } = 50;

    /// <summary>Minimum padding to the image edge (<c>border_px</c>). Default 15.</summary>
    public double BorderPx { get; init; } = 15;

    /// <summary>Largest face/image size ratio before <c>FACE_TOO_CLOSE</c> (<c>max_face_ratio</c>). Default 0.8.</summary>
    public double MaxFaceRatio { get; init; } = 0.8;

    /// <summary>Largest share of the face outside the image before <c>FACE_CROPPED</c> (<c>max_cropped_fraction</c>). Default 0.03.</summary>
    public double MaxCroppedFraction { get; init; } = 0.03;

    /// <summary>Maximum |yaw| in degrees (<c>max_yaw</c>). Default 30.</summary>
    public double MaxYaw { get; init; } = 30;

    /// <summary>Maximum |pitch| in degrees (<c>max_pitch</c>). Default 30.</summary>
    public double MaxPitch { get; init; } = 30;

    /// <summary>Maximum |roll| in degrees (<c>max_roll</c>). Default 30.</summary>
    public double MaxRoll { get; init; } = 30;

    /// <summary>Minimum face-presence score; below → <c>FACE_IS_OCCLUDED</c> (<c>min_face_mesh_score</c>). Default 0.5.</summary>
    public double MinFaceMeshScore { get; init; } = 0.5;

    /// <summary>Minimum sharpness (variance of Laplacian) → <c>FACE_QUALITY_LOW</c> (<c>min_sharpness</c>). Default 15.</summary>
    public double MinSharpness { get; init; } = 15;

    /// <summary>Minimum mean face luma (<c>min_brightness</c>). Default 40.</summary>
    public double MinBrightness { get; init; } = 40;

    /// <summary>Maximum mean face luma (<c>max_brightness</c>). Default 225.</summary>
    public double MaxBrightness { get; init; } = 225;

    /// <summary>Maximum number of faces (<c>max_faces</c>). Default 1.</summary>
    public int MaxFaces { get; init; } = 1;

    /// <summary><see cref="LivenessModes"/> value (<c>liveness_mode</c>). Default <c>flag</c>.</summary>
    public string LivenessMode { get; init; } = LivenessModes.Flag;

    /// <summary>Minimum antispoof score, 0–1 (<c>min_antispoof_score</c>). Default 0.5.</summary>
    public double MinAntispoofScore { get; init; } = 0.5;

    /// <summary>Minimum liveness score, 0–1 (<c>min_liveness_score</c>). Default 0.5.</summary>
    public double MinLivenessScore { get; init; } = 0.5;

    /// <summary>The defaults.</summary>
    public static CaptureChecks Default { get; } = new();

    /// <summary>The face engine's options for these thresholds.</summary>
    public FaceCheckOptions ToFaceCheckOptions() => new()
    {
        MinFaceSize = MinFacePx,
        MinInterEyeDistance = MinInterEyePx,
        MinBorderPadding = BorderPx,
        MaxFaceToImageRatio = MaxFaceRatio,
        MaxCroppedFraction = MaxCroppedFraction,
        MaxYaw = MaxYaw,
        MaxPitch = MaxPitch,
        MaxRoll = MaxRoll,
        MinFaceMeshScore = MinFaceMeshScore,
        MinSharpness = MinSharpness,
        MinBrightness = MinBrightness,
        MaxBrightness = MaxBrightness,
        MaxFaces = MaxFaces,
    };

    /// <summary>The <c>checks</c> object of the bookmark payload.</summary>
    public Dictionary<string, object?> ToDictionary() => new(StringComparer.Ordinal)
    {
        ["min_face_px"] = MinFacePx,
        ["min_inter_eye_px"] = MinInterEyePx,
        ["border_px"] = BorderPx,
        ["max_face_ratio"] = MaxFaceRatio,
        ["max_cropped_fraction"] = MaxCroppedFraction,
        ["max_yaw"] = MaxYaw,
        ["max_pitch"] = MaxPitch,
        ["max_roll"] = MaxRoll,
        ["min_face_mesh_score"] = MinFaceMeshScore,
        ["min_sharpness"] = MinSharpness,
        ["min_brightness"] = MinBrightness,
        ["max_brightness"] = MaxBrightness,
        ["max_faces"] = (long)MaxFaces,
        ["liveness_mode"] = LivenessMode,
        ["min_antispoof_score"] = MinAntispoofScore,
        ["min_liveness_score"] = MinLivenessScore,
    };

    /// <summary>
    /// Reads a <c>checks</c> object (or a whole <c>face</c> bookmark payload, whose <c>checks</c> it then uses).
    /// Missing keys keep their defaults; values out of range throw <see cref="ArgumentOutOfRangeException"/>.
    /// </summary>
    public static CaptureChecks FromDictionary(IReadOnlyDictionary<string, object?>? values)
    {
        if (values is null)
            return Default;
        if (values.TryGetValue("checks", out var nested) && nested is IReadOnlyDictionary<string, object?> inner)
            values = inner;
        var d = Default;
        var mode = values.TryGetValue("liveness_mode", out var m) && m is string s ? s : d.LivenessMode;
        if (!LivenessModes.All.Contains(mode))
            throw new ArgumentOutOfRangeException(nameof(values), mode, $"liveness_mode must be one of {string.Join(", ", LivenessModes.All)}.");
        var checks = new CaptureChecks
        {
            MinFacePx = Number(values, "min_face_px", d.MinFacePx),
            MinInterEyePx = Number(values, "min_inter_eye_px", d.MinInterEyePx),
            BorderPx = Number(values, "border_px", d.BorderPx),
            MaxFaceRatio = Number(values, "max_face_ratio", d.MaxFaceRatio),
            MaxCroppedFraction = Number(values, "max_cropped_fraction", d.MaxCroppedFraction),
            MaxYaw = Number(values, "max_yaw", d.MaxYaw),
            MaxPitch = Number(values, "max_pitch", d.MaxPitch),
            MaxRoll = Number(values, "max_roll", d.MaxRoll),
            MinFaceMeshScore = Number(values, "min_face_mesh_score", d.MinFaceMeshScore),
            MinSharpness = Number(values, "min_sharpness", d.MinSharpness),
            MinBrightness = Number(values, "min_brightness", d.MinBrightness),
            MaxBrightness = Number(values, "max_brightness", d.MaxBrightness),
            MaxFaces = (int)Number(values, "max_faces", d.MaxFaces),
            LivenessMode = mode,
            MinAntispoofScore = Number(values, "min_antispoof_score", d.MinAntispoofScore),
            MinLivenessScore = Number(values, "min_liveness_score", d.MinLivenessScore),
        };
        checks.ToFaceCheckOptions().Validate();
        if (checks.MinAntispoofScore is < 0 or > 1 || checks.MinLivenessScore is < 0 or > 1)
            throw new ArgumentOutOfRangeException(nameof(values), "min_antispoof_score and min_liveness_score must be within [0, 1].");
        return checks;
    }

    private static double Number(IReadOnlyDictionary<string, object?> values, string key, double fallback)
    {
        if (!values.TryGetValue(key, out var v) || v is null)
            return fallback;
        return v switch
        {
            double x => x,
            long l => l,
            int i => i,
            float f => f,
            decimal m => (double)m,
            string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var p) => p,
            _ => throw new ArgumentOutOfRangeException(key, v, $"Check '{key}' must be a number."),
        };
    }
}
