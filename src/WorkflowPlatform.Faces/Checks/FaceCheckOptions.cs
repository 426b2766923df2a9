namespace WorkflowPlatform.Faces.Checks;

/// <summary>
/// Thresholds of the face checks. Defaults follow FACES.md; every value is a module setting.
/// </summary>
public sealed class FaceCheckOptions
{
    /// <summary>Faces with a detector score below this are ignored by the checks. Default 0.5.</summary>
    public double MinDetectionScore { get; set; } = 0.5;

    /// <summary>More faces than this → <c>TOO_MANY_FACES</c>. Default 1.</summary>
    public int MaxFaces { get; set; } = 1;

    /// <summary>Secondary faces narrower than this share of the primary face's width are not counted (0 counts every face). Default 0.</summary>
    public double IgnoreFacesSmallerThanRatio { get; set; }

    /// <summary>Minimum face box side in pixels (the smaller of width and height) → <c>FACE_TOO_SMALL</c>. Default 150.</summary>
    public double MinFaceSize { get; set; } = 150;

    /// <summary>Minimum distance between the eye centres in pixels → <c>FACE_TOO_SMALL</c>. Default 50.</summary>
    public double MinInterEyeDistance { get; set; } = 50;

    /// <summary>Maximum face box width or height as a share of the image's → <c>FACE_TOO_CLOSE</c>. Default 0.8.</summary>
    public double MaxFaceToImageRatio { get; set; } = 0.8;

    /// <summary>Minimum padding between the face box and the image edge in pixels → <c>FACE_CLOSE_TO_BORDER</c>. Default 15.</summary>
    public double MinBorderPadding { get; set; } = 15;

    /// <summary>Share of the face (landmarks, or box area) outside the image above which → <c>FACE_CROPPED</c>. Default 0.03.</summary>
    public double MaxCroppedFraction { get; set; } = 0.03;

    /// <summary>Maximum |yaw| in degrees → <c>FACE_ANGLE_TOO_LARGE</c>. Default 30 (ISO/IEC 19794-5 asks 5 for reference photos).</summary>
    public double MaxYaw { get; set; } = 30;

    /// <summary>Maximum |pitch| in degrees → <c>FACE_ANGLE_TOO_LARGE</c>. Default 30 (frontal faces read +2…+12°).</summary>
    public double MaxPitch { get; set; } = 30;

    /// <summary>Maximum |roll| in degrees → <c>FACE_ANGLE_TOO_LARGE</c>. Default 30 (ISO/IEC 19794-5: 8).</summary>
    public double MaxRoll { get; set; } = 30;

    /// <summary>FaceMesh face-presence score below which the face counts as occluded → <c>FACE_IS_OCCLUDED</c>. Default 0.5.</summary>
    public double MinFaceMeshScore { get; set; } = 0.5;

    /// <summary>Minimum sharpness (variance of Laplacian at 128×128) → <c>FACE_QUALITY_LOW</c>. Default 15.</summary>
    public double MinSharpness { get; set; } = 15;

    /// <summary>Minimum mean luma of the face → <c>FACE_QUALITY_LOW</c> (too dark). Default 40.</summary>
    public double MinBrightness { get; set; } = 40;

    /// <summary>Maximum mean luma of the face → <c>FACE_QUALITY_LOW</c> (too bright). Default 225.</summary>
    public double MaxBrightness { get; set; } = 225;

    /// <summary>Minimum luma standard deviation of the face → <c>FACE_QUALITY_LOW</c> (flat, washed out). Default 12.</summary>
    public double MinContrast { get; set; } = 12;

    /// <summary>Maximum share of clipped (over- or under-exposed) face pixels → <c>FACE_QUALITY_LOW</c>. Default 0.25.</summary>
    public double MaxClippedFraction { get; set; } = 0.25;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        static void Range(double v, double min, double max, string name)
        {
            if (double.IsNaN(v) || v < min || v > max) throw new ArgumentOutOfRangeException(name, v, $"{name} must be within [{min}, {max}].");
        }
        Range(MinDetectionScore, 0, 1, nameof(MinDetectionScore));
        Range(MaxFaces, 1, 1000, nameof(MaxFaces));
        Range(IgnoreFacesSmallerThanRatio, 0, 1, nameof(IgnoreFacesSmallerThanRatio));
        Range(MinFaceSize, 0, 100_000, nameof(MinFaceSize));
        Range(MinInterEyeDistance, 0, 100_000, nameof(MinInterEyeDistance));
        Range(MaxFaceToImageRatio, 0.05, 10, nameof(MaxFaceToImageRatio));
        Range(MinBorderPadding, -100_000, 100_000, nameof(MinBorderPadding));
        Range(MaxCroppedFraction, 0, 1, nameof(MaxCroppedFraction));
        Range(MaxYaw, 0, 180, nameof(MaxYaw));
        Range(MaxPitch, 0, 180, nameof(MaxPitch));
        Range(MaxRoll, 0, 180, nameof(MaxRoll));
        Range(MinFaceMeshScore, 0, 1, nameof(MinFaceMeshScore));
        Range(MinSharpness, 0, 1e9, nameof(MinSharpness));
        Range(MinBrightness, 0, 255, nameof(MinBrightness));
        Range(MaxBrightness, 0, 255, nameof(MaxBrightness));
        Range(MinContrast, 0, 255, nameof(MinContrast));
        Range(MaxClippedFraction, 0, 1, nameof(MaxClippedFraction));
    }
}
