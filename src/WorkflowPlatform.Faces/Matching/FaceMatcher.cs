using System.Numerics.Tensors;

namespace WorkflowPlatform.Faces.Matching;

/// <summary>Result of a 1:1 comparison.</summary>
/// <param name="Distance">Euclidean distance between the embeddings (dlib: same person typically &lt; 0.5, different &gt; 0.65).</param>
/// <param name="Similarity">Score in [0, 1]: <c>clamp(1 − distance / 1.2, 0, 1)</c>; 0.5 at the reference threshold 0.6.</param>
/// <param name="IsMatch">distance ≤ the matcher's threshold.</param>
/// <param name="Threshold">The distance threshold used.</param>
public readonly record struct FaceMatchResult(double Distance, double Similarity, bool IsMatch, double Threshold);

/// <summary>
/// 1:1 matching by Euclidean distance. The default threshold 0.6 is dlib's; on the labelled photos it is
/// the equal-error point (EER 2.1 % at 0.613, FACES.md). The similarity mapping is fixed (does not move with
/// the threshold) so stored scores stay comparable: similarity = clamp(1 − d/1.2, 0, 1).
/// </summary>
public sealed class FaceMatcher(double threshold = FaceMatcher.DefaultThreshold)
{
    /// <summary>dlib's decision threshold.</summary>
    public const double DefaultThreshold = 0.6;

    /// <summary>Distance at which similarity reaches 0 (twice the reference threshold).</summary>
    public const double ZeroSimilarityDistance = 1.2;

    /// <summary>The distance threshold.</summary>
    public double Threshold { get; } = threshold > 0 && double.IsFinite(threshold) ? threshold : throw new ArgumentOutOfRangeException(nameof(threshold));

    /// <summary>Compares two templates of the same model; throws <see cref="FaceTemplateMismatchException"/> otherwise.</summary>
    public FaceMatchResult Compare(FaceTemplate a, FaceTemplate b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!a.IsCompatibleWith(b))
            throw new FaceTemplateMismatchException($"Templates from {a.ModelId} v{a.ModelVersion} ({a.Dimension}-d) and {b.ModelId} v{b.ModelVersion} ({b.Dimension}-d) cannot be compared.");
        var d = Distance(a.Vector, b.Vector);
        return new FaceMatchResult(d, SimilarityFromDistance(d), d <= Threshold, Threshold);
    }

    /// <summary>Euclidean distance.</summary>
    public static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Distance(a, b);

    /// <summary>The documented similarity mapping: clamp(1 − distance / 1.2, 0, 1).</summary>
    public static double SimilarityFromDistance(double distance) => Math.Clamp(1 - distance / ZeroSimilarityDistance, 0, 1);

    /// <summary>Inverse of <see cref="SimilarityFromDistance"/> for similarity in (0, 1].</summary>
    public static double DistanceFromSimilarity(double similarity) => (1 - Math.Clamp(similarity, 0, 1)) * ZeroSimilarityDistance;
}
