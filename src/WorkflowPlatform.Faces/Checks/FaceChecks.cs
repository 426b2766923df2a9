namespace WorkflowPlatform.Faces.Checks;

/// <summary>The product's face error codes (FACES.md, enrolment API).</summary>
public static class FaceCheckCodes
{
    public const string FaceNotFound = "FACE_NOT_FOUND";
    public const string TooManyFaces = "TOO_MANY_FACES";
    public const string FaceTooSmall = "FACE_TOO_SMALL";
    public const string FaceTooClose = "FACE_TOO_CLOSE";
    public const string FaceCloseToBorder = "FACE_CLOSE_TO_BORDER";
    public const string FaceCropped = "FACE_CROPPED";
    public const string FaceAngleTooLarge = "FACE_ANGLE_TOO_LARGE";
    public const string FaceIsOccluded = "FACE_IS_OCCLUDED";
    public const string FaceQualityLow = "FACE_QUALITY_LOW";
}

/// <summary>Outcome of the checks.</summary>
/// <param name="Code">A <see cref="FaceCheckCodes"/> value, or null when every check passed.</param>
/// <param name="Message">Human-readable reason (English), naming the measured value and the limit.</param>
/// <param name="Details">The numbers behind the decision (measurement and threshold names → values); always filled, also on success.</param>
public sealed record FaceCheckResult(string? Code, string Message, IReadOnlyDictionary<string, double> Details)
{
    /// <summary>True when no check failed.</summary>
    public bool Passed => Code is null;
}

/// <summary>
/// Maps measurements to the first failing check, in this order: not found, too many faces, cropped, too close,
/// close to border, too small, angle, occluded, quality. Every result carries all the primary face's numbers.
/// </summary>
public static class FaceChecks
{
    /// <summary>Evaluates the checks for <paramref name="faces"/> (any order) found in a <paramref name="imageWidth"/>×<paramref name="imageHeight"/> image.</summary>
    public static FaceCheckResult Evaluate(IReadOnlyList<DetectedFace> faces, int imageWidth, int imageHeight, FaceCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(faces);
        ArgumentNullException.ThrowIfNull(options);
        var counted = new List<DetectedFace>();
        foreach (var f in faces)
            if (f.Score >= options.MinDetectionScore) counted.Add(f);
        var details = new Dictionary<string, double>
        {
            ["imageWidth"] = imageWidth,
            ["imageHeight"] = imageHeight,
            ["faceCount"] = counted.Count,
            ["minDetectionScore"] = options.MinDetectionScore,
        };
        if (counted.Count == 0)
            return new FaceCheckResult(FaceCheckCodes.FaceNotFound, $"No face with a detector score ≥ {options.MinDetectionScore} was found.", details);

        var primary = counted[0];
        foreach (var f in counted)
            if (f.Box.Area > primary.Box.Area) primary = f;
        var others = 0;
        foreach (var f in counted)
            if (!ReferenceEquals(f, primary) && f.Box.Width >= options.IgnoreFacesSmallerThanRatio * primary.Box.Width) others++;
        var q = primary.Quality;
        var faceSize = Math.Min(primary.Box.Width, primary.Box.Height);
        var ratio = Math.Max(primary.Box.Width / imageWidth, primary.Box.Height / imageHeight);
        var clipped = q.OverexposedFraction + q.UnderexposedFraction;
        details["countedFaces"] = 1 + others;
        details["maxFaces"] = options.MaxFaces;
        details["score"] = Math.Round(primary.Score, 4);
        if (primary.FaceScore is { } fs) details["faceMeshScore"] = fs;
        details["faceWidth"] = Math.Round(primary.Box.Width, 1);
        details["faceHeight"] = Math.Round(primary.Box.Height, 1);
        details["faceSize"] = Math.Round(faceSize, 1);
        details["minFaceSize"] = options.MinFaceSize;
        details["interEyeDistance"] = Math.Round(primary.InterEyeDistance, 1);
        details["minInterEyeDistance"] = options.MinInterEyeDistance;
        details["faceToImageRatio"] = Math.Round(ratio, 3);
        details["maxFaceToImageRatio"] = options.MaxFaceToImageRatio;
        details["borderDistance"] = Math.Round(q.BorderDistance, 1);
        details["minBorderPadding"] = options.MinBorderPadding;
        details["croppedFraction"] = Math.Round(q.CroppedFraction, 4);
        details["maxCroppedFraction"] = options.MaxCroppedFraction;
        details["yaw"] = Math.Round(primary.Pose.Yaw, 2);
        details["pitch"] = Math.Round(primary.Pose.Pitch, 2);
        details["roll"] = Math.Round(primary.Pose.Roll, 2);
        details["maxYaw"] = options.MaxYaw;
        details["maxPitch"] = options.MaxPitch;
        details["maxRoll"] = options.MaxRoll;
        details["minFaceMeshScore"] = options.MinFaceMeshScore;
        details["sharpness"] = Math.Round(q.Sharpness, 2);
        details["minSharpness"] = options.MinSharpness;
        details["brightness"] = Math.Round(q.Brightness, 2);
        details["minBrightness"] = options.MinBrightness;
        details["maxBrightness"] = options.MaxBrightness;
        details["contrast"] = Math.Round(q.Contrast, 2);
        details["minContrast"] = options.MinContrast;
        details["clippedFraction"] = Math.Round(clipped, 4);
        details["maxClippedFraction"] = options.MaxClippedFraction;

        FaceCheckResult Fail(string code, string message) => new(code, message, details);

        if (1 + others > options.MaxFaces)
            return Fail(FaceCheckCodes.TooManyFaces, $"{1 + others} faces found, at most {options.MaxFaces} allowed.");
        if (q.CroppedFraction > options.MaxCroppedFraction)
            return Fail(FaceCheckCodes.FaceCropped, $"{q.CroppedFraction:P1} of the face lies outside the image (limit {options.MaxCroppedFraction:P1}).");
        if (ratio > options.MaxFaceToImageRatio)
            return Fail(FaceCheckCodes.FaceTooClose, $"The face fills {ratio:P0} of the image (limit {options.MaxFaceToImageRatio:P0}).");
        if (q.BorderDistance < options.MinBorderPadding)
            return Fail(FaceCheckCodes.FaceCloseToBorder, $"The face is {q.BorderDistance:F0} px from the image edge (minimum {options.MinBorderPadding:F0} px).");
        if (faceSize < options.MinFaceSize)
            return Fail(FaceCheckCodes.FaceTooSmall, $"The face is {faceSize:F0} px (minimum {options.MinFaceSize:F0} px).");
        if (primary.InterEyeDistance < options.MinInterEyeDistance)
            return Fail(FaceCheckCodes.FaceTooSmall, $"The eyes are {primary.InterEyeDistance:F0} px apart (minimum {options.MinInterEyeDistance:F0} px).");
        if (Math.Abs(primary.Pose.Yaw) > options.MaxYaw || Math.Abs(primary.Pose.Pitch) > options.MaxPitch || Math.Abs(primary.Pose.Roll) > options.MaxRoll)
            return Fail(FaceCheckCodes.FaceAngleTooLarge, $"Head pose yaw {primary.Pose.Yaw:F1}°, pitch {primary.Pose.Pitch:F1}°, roll {primary.Pose.Roll:F1}° exceeds ±{options.MaxYaw}°/±{options.MaxPitch}°/±{options.MaxRoll}°.");
        if (primary.FaceScore is { } meshScore && meshScore < options.MinFaceMeshScore)
            return Fail(FaceCheckCodes.FaceIsOccluded, $"Face-presence score {meshScore:F2} is below {options.MinFaceMeshScore:F2}: the face looks covered.");
        if (q.Sharpness < options.MinSharpness)
            return Fail(FaceCheckCodes.FaceQualityLow, $"The face is blurred: sharpness {q.Sharpness:F1} (minimum {options.MinSharpness}).");
        if (q.Brightness < options.MinBrightness || q.Brightness > options.MaxBrightness)
            return Fail(FaceCheckCodes.FaceQualityLow, $"Face brightness {q.Brightness:F0} is outside [{options.MinBrightness}, {options.MaxBrightness}].");
        if (q.Contrast < options.MinContrast)
            return Fail(FaceCheckCodes.FaceQualityLow, $"Face contrast {q.Contrast:F1} is below {options.MinContrast}.");
        if (clipped > options.MaxClippedFraction)
            return Fail(FaceCheckCodes.FaceQualityLow, $"{clipped:P0} of the face is over- or under-exposed (limit {options.MaxClippedFraction:P0}).");
        return new FaceCheckResult(null, "All face checks passed.", details);
    }
}
