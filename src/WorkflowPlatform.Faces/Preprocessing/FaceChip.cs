using WorkflowPlatform.Faces.Imaging;

namespace WorkflowPlatform.Faces.Preprocessing;

/// <summary>The square, eye-levelled region sampled for the embedding network (MODELCARDS.md §5, policy E).</summary>
/// <param name="Left">Top-left corner x, image pixels.</param>
/// <param name="Top">Top-left corner y, image pixels.</param>
/// <param name="Size">Side of the square, image pixels.</param>
/// <param name="Angle">Rotation in radians that levels the eyes (atan2 of the eye line).</param>
public readonly record struct ChipGeometry(double Left, double Top, double Size, double Angle);

/// <summary>
/// Policy E: the dlib-rect rule applied to BlazeFace's eye and mouth keypoints, rotated so the eyes
/// are level, sampled bilinearly to 150×150 with black fill. Matches face-api's own crop
/// (1.5 % EER vs 1.4 %) and keeps templates compatible with face-api enrolments.
/// </summary>
public static class FaceChip
{
    /// <summary>Side of the chip the dlib network expects.</summary>
    public const int Size = 150;

    /// <summary>Geometry from BlazeFace keypoints 0 (image-left eye), 1 (image-right eye) and 3 (mouth).</summary>
    public static ChipGeometry FromKeypoints(PointF eye0, PointF eye1, PointF mouth)
    {
        var cx = (eye0.X + eye1.X + mouth.X) / 3.0;
        var cy = (eye0.Y + eye1.Y + mouth.Y) / 3.0;
        var d0 = Math.Sqrt(Sq(mouth.X - eye0.X) + Sq(mouth.Y - eye0.Y));
        var d1 = Math.Sqrt(Sq(mouth.X - eye1.X) + Sq(mouth.Y - eye1.Y));
        var size = (d0 + d1) / 2 / 0.45;
        var theta = Math.Atan2(eye1.Y - eye0.Y, eye1.X - eye0.X);
        var (cos, sin) = (Math.Cos(theta), Math.Sin(theta));
        // top-left = c + R(θ)(−0.5·size, −0.43·size)
        double ox = -0.5 * size, oy = -0.43 * size;
        return new ChipGeometry(cx + cos * ox - sin * oy, cy + sin * ox + cos * oy, size, theta);
    }

    /// <summary>
    /// Samples the chip as HWC RGB floats in 0–255 (not yet normalised). Output pixel (u, v) reads the
    /// source at top-left + R(θ)·(u, v)·size/150 (TF.js resize convention: src = dst·in/out); each
    /// bilinear neighbour outside the image counts as black, as face-api's zero padding does.
    /// </summary>
    public static float[] Extract(RgbImage image, ChipGeometry g)
    {
        var dst = new float[Size * Size * 3];
        Extract(image, g, dst);
        return dst;
    }

    /// <inheritdoc cref="Extract(RgbImage, ChipGeometry)"/>
    public static void Extract(RgbImage image, ChipGeometry g, Span<float> dst)
    {
        if (dst.Length < Size * Size * 3) throw new ArgumentException("Destination too small for a 150x150x3 chip.", nameof(dst));
        if (!(g.Size > 0) || double.IsInfinity(g.Size)) throw new ArgumentOutOfRangeException(nameof(g), "Chip size must be positive and finite.");
        var step = g.Size / Size;
        var (cos, sin) = (Math.Cos(g.Angle), Math.Sin(g.Angle));
        var px = image.Pixels;
        int w = image.Width, h = image.Height;
        for (var v = 0; v < Size; v++)
        {
            for (var u = 0; u < Size; u++)
            {
                double lx = u * step, ly = v * step;
                var sx = g.Left + cos * lx - sin * ly;
                var sy = g.Top + sin * lx + cos * ly;
                TfImage.SampleBilinear(px, w, h, sx, sy, dst.Slice((v * Size + u) * 3, 3));
            }
        }
    }

    private static double Sq(double v) => v * v;
}
