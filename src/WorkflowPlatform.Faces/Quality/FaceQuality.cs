using WorkflowPlatform.Faces.Imaging;

namespace WorkflowPlatform.Faces.Quality;

/// <summary>Image-quality measurements of one face.</summary>
/// <param name="Sharpness">Variance of the 4-neighbour Laplacian of the face region's luma, resampled to 128×128 so the value does not depend on the face's pixel size. Sharp faces read in the hundreds, blurred ones below ~20.</param>
/// <param name="Brightness">Mean luma (BT.601, 0–255) of the face region.</param>
/// <param name="Contrast">Standard deviation of the face region's luma.</param>
/// <param name="OverexposedFraction">Share of face pixels with luma ≥ 250.</param>
/// <param name="UnderexposedFraction">Share of face pixels with luma ≤ 5.</param>
/// <param name="FaceWidth">Detector box width in pixels.</param>
/// <param name="FaceHeight">Detector box height in pixels.</param>
/// <param name="BorderDistance">Smallest distance from the detector box to an image edge in pixels (negative when the box sticks out).</param>
/// <param name="CroppedFraction">Share of the face outside the image: landmarks outside the frame when a mesh exists, else the detector box's area outside.</param>
public sealed record FaceQuality(
    double Sharpness, double Brightness, double Contrast, double OverexposedFraction, double UnderexposedFraction,
    double FaceWidth, double FaceHeight, double BorderDistance, double CroppedFraction);

/// <summary>Measures <see cref="FaceQuality"/> on a decoded image.</summary>
public static class FaceQualityMeter
{
    private const int Side = 128;

    /// <summary>Measures the face inside <paramref name="faceBox"/> (the tight detector box), using <paramref name="landmarks"/> for the crop share when given.</summary>
    public static FaceQuality Measure(RgbImage image, BoxF faceBox, ReadOnlySpan<Point3F> landmarks = default)
    {
        var luma = SampleLuma(image, faceBox, out var inside);
        double sum = 0, sumSq = 0;
        int over = 0, under = 0;
        var n = 0;
        for (var i = 0; i < luma.Length; i++)
        {
            if (!inside[i]) continue;
            var v = luma[i];
            sum += v; sumSq += v * v; n++;
            if (v >= 250) over++;
            if (v <= 5) under++;
        }
        var mean = n > 0 ? sum / n : 0;
        var variance = n > 0 ? Math.Max(0, sumSq / n - mean * mean) : 0;

        double lapSum = 0, lapSq = 0;
        var m = 0;
        for (var y = 1; y < Side - 1; y++)
            for (var x = 1; x < Side - 1; x++)
            {
                var i = y * Side + x;
                if (!inside[i] || !inside[i - 1] || !inside[i + 1] || !inside[i - Side] || !inside[i + Side]) continue;
                double lap = luma[i - 1] + luma[i + 1] + luma[i - Side] + luma[i + Side] - 4 * luma[i];
                lapSum += lap; lapSq += lap * lap; m++;
            }
        var lapMean = m > 0 ? lapSum / m : 0;
        var sharpness = m > 0 ? Math.Max(0, lapSq / m - lapMean * lapMean) : 0;

        var border = Math.Min(Math.Min(faceBox.X, faceBox.Y), Math.Min(image.Width - faceBox.Right, image.Height - faceBox.Bottom));
        return new FaceQuality(sharpness, mean, Math.Sqrt(variance), n > 0 ? (double)over / n : 0, n > 0 ? (double)under / n : 0,
            faceBox.Width, faceBox.Height, border, CroppedFraction(image.Width, image.Height, faceBox, landmarks));
    }

    /// <summary>Share of landmarks outside the frame, or of the box area outside when there are no landmarks.</summary>
    public static double CroppedFraction(int width, int height, BoxF box, ReadOnlySpan<Point3F> landmarks)
    {
        if (!landmarks.IsEmpty)
        {
            var outside = 0;
            foreach (var p in landmarks)
                if (p.X < 0 || p.Y < 0 || p.X >= width || p.Y >= height) outside++;
            return (double)outside / landmarks.Length;
        }
        if (box.Area <= 0) return 0;
        var ix = Math.Max(0, Math.Min(width, box.Right) - Math.Max(0, box.X));
        var iy = Math.Max(0, Math.Min(height, box.Bottom) - Math.Max(0, box.Y));
        return 1 - ix * iy / box.Area;
    }

    private static float[] SampleLuma(RgbImage image, BoxF box, out bool[] inside)
    {
        var luma = new float[Side * Side];
        inside = new bool[Side * Side];
        var px = image.Pixels;
        int w = image.Width, h = image.Height;
        var sx = box.Width / Side;
        var sy = box.Height / Side;
        for (var y = 0; y < Side; y++)
        {
            var fy = box.Y + (y + 0.5f) * sy - 0.5f;
            for (var x = 0; x < Side; x++)
            {
                var fx = box.X + (x + 0.5f) * sx - 0.5f;
                if (fx < 0 || fy < 0 || fx > w - 1 || fy > h - 1) continue;
                var x0 = (int)fx; var y0 = (int)fy;
                var x1 = Math.Min(x0 + 1, w - 1); var y1 = Math.Min(y0 + 1, h - 1);
                float dx = fx - x0, dy = fy - y0;
                var top = Luma(px, (y0 * w + x0) * 3) * (1 - dx) + Luma(px, (y0 * w + x1) * 3) * dx;
                var bottom = Luma(px, (y1 * w + x0) * 3) * (1 - dx) + Luma(px, (y1 * w + x1) * 3) * dx;
                luma[y * Side + x] = top * (1 - dy) + bottom * dy;
                inside[y * Side + x] = true;
            }
        }
        return luma;
    }

    private static float Luma(byte[] px, int i) => 0.299f * px[i] + 0.587f * px[i + 1] + 0.114f * px[i + 2];
}
