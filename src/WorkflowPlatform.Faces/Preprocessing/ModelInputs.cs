namespace WorkflowPlatform.Faces.Preprocessing;

/// <summary>
/// Per-model input normalisations (MODELCARDS.md §6.6), applied in place to HWC RGB values in 0–255.
/// </summary>
public static class ModelInputs
{
    /// <summary>Mean RGB subtracted by face-api's dlib network (npm 1.7.15 divides by 255, not 256).</summary>
    public static ReadOnlySpan<float> DlibMean => [122.782f, 117.001f, 104.298f];

    /// <summary>BlazeFace: x / 127.5 − 1, range [−1, 1].</summary>
    public static void ToSignedUnit(Span<float> hwc)
    {
        for (var i = 0; i < hwc.Length; i++) hwc[i] = hwc[i] / 127.5f - 1f;
    }

    /// <summary>FaceMesh, antispoof, liveness: x / 255, range [0, 1].</summary>
    public static void ToUnit(Span<float> hwc)
    {
        for (var i = 0; i < hwc.Length; i++) hwc[i] = hwc[i] / 255f;
    }

    /// <summary>dlib ResNet: (x − mean) / 255 per channel. Black padding must be applied before this.</summary>
    public static void ToDlib(Span<float> hwc)
    {
        var mean = DlibMean;
        for (var i = 0; i < hwc.Length; i++) hwc[i] = (hwc[i] - mean[i % 3]) / 255f;
    }
}
