namespace WorkflowPlatform.Faces.Detection;

/// <summary>One BlazeFace candidate in the detector's 256×256 (stretched) space.</summary>
/// <param name="Score">sigmoid(logit).</param>
/// <param name="X1">Left, 256-space.</param>
/// <param name="Y1">Top, 256-space.</param>
/// <param name="X2">Right, 256-space.</param>
/// <param name="Y2">Bottom, 256-space.</param>
/// <param name="Keypoints">6 keypoints (x, y) interleaved, 256-space: eye image-left, eye image-right, nose, mouth, ear image-left, ear image-right.</param>
public sealed record BlazeFaceCandidate(float Score, float X1, float Y1, float X2, float Y2, float[] Keypoints);

/// <summary>A BlazeFace detection mapped to image pixels.</summary>
/// <param name="Box">Detector box in image pixels (not enlarged).</param>
/// <param name="Score">Detector confidence, sigmoid of the logit.</param>
/// <param name="Keypoints">6 keypoints in image pixels (see <see cref="BlazeFaceCandidate"/>).</param>
public sealed record FaceDetection(BoxF Box, float Score, PointF[] Keypoints);

/// <summary>
/// BlazeFace "back" decoding (MODELCARDS.md §1): 896 anchors, raw 256-px regressors, sigmoid scores,
/// TF.js greedy hard NMS on the stretched boxes, then x·W/256 and y·H/256 to image pixels.
/// </summary>
public static class BlazeFace
{
    /// <summary>Network input side.</summary>
    public const int InputSize = 256;

    /// <summary>Number of anchors (16×16×2 at stride 16, then 8×8×6 at stride 32).</summary>
    public const int AnchorCount = 896;

    /// <summary>Regressor values per anchor.</summary>
    public const int RegressorsPerAnchor = 16;

    private static readonly float[] AnchorCentres = BuildAnchors();

    /// <summary>Anchor centres (x, y) interleaved, in 256-px units.</summary>
    public static ReadOnlySpan<float> Anchors => AnchorCentres;

    private static float[] BuildAnchors()
    {
        var a = new float[AnchorCount * 2];
        var i = 0;
        foreach (var (stride, perCell) in new[] { (16, 2), (32, 6) })
        {
            var grid = InputSize / stride;
            for (var gy = 0; gy < grid; gy++)
                for (var gx = 0; gx < grid; gx++)
                    for (var k = 0; k < perCell; k++)
                    {
                        a[i++] = stride * (gx + 0.5f);
                        a[i++] = stride * (gy + 0.5f);
                    }
        }
        return a;
    }

    /// <summary>Logistic function as TF.js computes it.</summary>
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>
    /// Decodes the 896 rows: <paramref name="logits"/>[896] and <paramref name="regressors"/>[896·16],
    /// both ordered stride-16 block (512 rows) first, then stride-32 block (384 rows).
    /// </summary>
    public static BlazeFaceCandidate Decode(ReadOnlySpan<float> logits, ReadOnlySpan<float> regressors, int row)
    {
        var r = regressors.Slice(row * RegressorsPerAnchor, RegressorsPerAnchor);
        var ax = AnchorCentres[row * 2];
        var ay = AnchorCentres[row * 2 + 1];
        var cx = ax + r[0];
        var cy = ay + r[1];
        var kp = new float[12];
        for (var k = 0; k < 6; k++)
        {
            kp[2 * k] = ax + r[4 + 2 * k];
            kp[2 * k + 1] = ay + r[5 + 2 * k];
        }
        return new BlazeFaceCandidate(Sigmoid(logits[row]), cx - r[2] / 2, cy - r[3] / 2, cx + r[2] / 2, cy + r[3] / 2, kp);
    }

    /// <summary>
    /// Full detector post-processing: sigmoid, greedy NMS (<see cref="NonMaxSuppression"/>) and mapping to
    /// an image of <paramref name="imageWidth"/>×<paramref name="imageHeight"/>. Sorted by descending score.
    /// </summary>
    public static IReadOnlyList<FaceDetection> Detect(ReadOnlySpan<float> logits, ReadOnlySpan<float> regressors,
        int imageWidth, int imageHeight, int maxDetected, float iouThreshold, float minConfidence)
    {
        if (logits.Length < AnchorCount || regressors.Length < AnchorCount * RegressorsPerAnchor)
            throw new ArgumentException($"BlazeFace needs {AnchorCount} logits and {AnchorCount * RegressorsPerAnchor} regressors, got {logits.Length} and {regressors.Length}.");
        var scores = new float[AnchorCount];
        var boxes = new float[AnchorCount * 4];
        for (var i = 0; i < AnchorCount; i++)
        {
            scores[i] = Sigmoid(logits[i]);
            var r = regressors.Slice(i * RegressorsPerAnchor, 4);
            float cx = AnchorCentres[i * 2] + r[0], cy = AnchorCentres[i * 2 + 1] + r[1];
            boxes[i * 4] = cx - r[2] / 2;
            boxes[i * 4 + 1] = cy - r[3] / 2;
            boxes[i * 4 + 2] = cx + r[2] / 2;
            boxes[i * 4 + 3] = cy + r[3] / 2;
        }
        var keep = NonMaxSuppression.Greedy(boxes, scores, maxDetected, iouThreshold, minConfidence);
        var sx = imageWidth / (float)InputSize;
        var sy = imageHeight / (float)InputSize;
        var result = new List<FaceDetection>(keep.Count);
        foreach (var i in keep)
        {
            var c = Decode(logits, regressors, i);
            var kps = new PointF[6];
            for (var k = 0; k < 6; k++) kps[k] = new PointF(c.Keypoints[2 * k] * sx, c.Keypoints[2 * k + 1] * sy);
            result.Add(new FaceDetection(BoxF.FromCorners(c.X1 * sx, c.Y1 * sy, c.X2 * sx, c.Y2 * sy), c.Score, kps));
        }
        return result;
    }
}

/// <summary>TF.js greedy hard non-max suppression (<c>tf.image.nonMaxSuppression</c>).</summary>
public static class NonMaxSuppression
{
    /// <summary>
    /// Keeps candidates with score &gt; <paramref name="scoreThreshold"/>, visits them by descending score
    /// (ties by lower index first) and drops one whose IoU with any kept box is ≥
    /// <paramref name="iouThreshold"/>. Stops after <paramref name="maxOutput"/>. Boxes are 4 corners
    /// per row in any consistent order (IoU uses min/max per axis, as TF.js does).
    /// </summary>
    public static List<int> Greedy(ReadOnlySpan<float> boxes, ReadOnlySpan<float> scores, int maxOutput, float iouThreshold, float scoreThreshold)
    {
        var order = new List<int>();
        for (var i = 0; i < scores.Length; i++)
            if (scores[i] > scoreThreshold) order.Add(i);
        var s = scores.ToArray();
        order.Sort((a, b) => s[b] != s[a] ? s[b].CompareTo(s[a]) : a.CompareTo(b));
        var kept = new List<int>();
        foreach (var i in order)
        {
            if (kept.Count >= maxOutput) break;
            var suppressed = false;
            foreach (var j in kept)
            {
                if (Iou(boxes, i, j) >= iouThreshold) { suppressed = true; break; }
            }
            if (!suppressed) kept.Add(i);
        }
        return kept;
    }

    /// <summary>Intersection over union of rows <paramref name="i"/> and <paramref name="j"/>, 0 when either is empty.</summary>
    public static float Iou(ReadOnlySpan<float> boxes, int i, int j)
    {
        float aY1 = Math.Min(boxes[i * 4], boxes[i * 4 + 2]), aX1 = Math.Min(boxes[i * 4 + 1], boxes[i * 4 + 3]);
        float aY2 = Math.Max(boxes[i * 4], boxes[i * 4 + 2]), aX2 = Math.Max(boxes[i * 4 + 1], boxes[i * 4 + 3]);
        float bY1 = Math.Min(boxes[j * 4], boxes[j * 4 + 2]), bX1 = Math.Min(boxes[j * 4 + 1], boxes[j * 4 + 3]);
        float bY2 = Math.Max(boxes[j * 4], boxes[j * 4 + 2]), bX2 = Math.Max(boxes[j * 4 + 1], boxes[j * 4 + 3]);
        var areaA = (aY2 - aY1) * (aX2 - aX1);
        var areaB = (bY2 - bY1) * (bX2 - bX1);
        if (areaA <= 0 || areaB <= 0) return 0;
        var iy = Math.Max(Math.Min(aY2, bY2) - Math.Max(aY1, bY1), 0);
        var ix = Math.Max(Math.Min(aX2, bX2) - Math.Max(aX1, bX1), 0);
        var inter = iy * ix;
        return inter / (areaA + areaB - inter);
    }
}
