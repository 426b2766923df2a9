namespace WorkflowPlatform.Faces.Detection;

/// <summary>Integer crop box for FaceMesh: start/end corners in image pixels (may lie outside the image).</summary>
public readonly record struct MeshCropBox(int X1, int Y1, int X2, int Y2)
{
    /// <summary>Sx: width of the squared box.</summary>
    public int Width => X2 - X1;
    /// <summary>Sy: height of the squared box (may differ from Width by 1 px after rounding).</summary>
    public int Height => Y2 - Y1;
    public double CenterX => (X1 + X2) / 2.0;
    public double CenterY => (Y1 + Y2) / 2.0;
}

/// <summary>
/// FaceMesh geometry (MODELCARDS.md §2): the enlarged, squared crop box; the 192×192 crop as a
/// cropAndResize box; and the mesh → image transform.
/// </summary>
public static class FaceMeshGeometry
{
    /// <summary>Network input side.</summary>
    public const int InputSize = 192;

    /// <summary>Landmarks in the mesh.</summary>
    public const int LandmarkCount = 468;

    /// <summary>JavaScript Math.round: floor(x + 0.5), half toward +∞.</summary>
    public static double JsRound(double x) => Math.Floor(x + 0.5);

    /// <summary>Enlarge the detector box by <paramref name="scale"/> around its centre, square it on the larger side, round corners.</summary>
    public static MeshCropBox CropBox(BoxF detectorBox, double scale = 1.4)
    {
        double cx = (detectorBox.X + (double)detectorBox.Right) / 2, cy = (detectorBox.Y + (double)detectorBox.Bottom) / 2;
        // enlargeBox: size·scale around the centre; squarifyBox: max edge, then round each corner.
        double w = detectorBox.Width * scale, h = detectorBox.Height * scale;
        double x1 = cx - w / 2, x2 = cx + w / 2, y1 = cy - h / 2, y2 = cy + h / 2;
        double scx = (x1 + x2) / 2, scy = (y1 + y2) / 2;
        var half = Math.Max(x2 - x1, y2 - y1) / 2;
        return new MeshCropBox((int)JsRound(scx - half), (int)JsRound(scy - half), (int)JsRound(scx + half), (int)JsRound(scy + half));
    }

    /// <summary>Maps raw network output (468×3 in 192-crop pixels) to image pixels: trunc(c + (S/192)(p − 96)); z trunc, unscaled.</summary>
    public static Point3F[] ToImage(ReadOnlySpan<float> rawMesh, MeshCropBox box) => ToImage(rawMesh, box, 0);

    /// <summary>As <see cref="ToImage(ReadOnlySpan{float}, MeshCropBox)"/> for a crop rotated by <paramref name="angle"/>: d ← R(angle)·d before adding the centre.</summary>
    public static Point3F[] ToImage(ReadOnlySpan<float> rawMesh, MeshCropBox box, double angle)
    {
        var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));
        if (rawMesh.Length < LandmarkCount * 3) throw new ArgumentException($"FaceMesh output needs {LandmarkCount * 3} values, got {rawMesh.Length}.", nameof(rawMesh));
        var points = new Point3F[LandmarkCount];
        double sx = box.Width / (double)InputSize, sy = box.Height / (double)InputSize;
        for (var i = 0; i < LandmarkCount; i++)
        {
            var dx = sx * (rawMesh[i * 3] - InputSize / 2.0);
            var dy = sy * (rawMesh[i * 3 + 1] - InputSize / 2.0);
            if (angle != 0) (dx, dy) = (cos * dx - sin * dy, sin * dx + cos * dy);
            points[i] = new Point3F((float)Math.Truncate(box.CenterX + dx), (float)Math.Truncate(box.CenterY + dy), MathF.Truncate(rawMesh[i * 3 + 2]));
        }
        return points;
    }

    /// <summary>Unclamped final face box: the crop box's size centred on the midpoint of the mesh's extent.</summary>
    public static BoxF MeshBox(ReadOnlySpan<Point3F> mesh, MeshCropBox box)
    {
        float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
        foreach (var p in mesh)
        {
            minX = Math.Min(minX, p.X); maxX = Math.Max(maxX, p.X);
            minY = Math.Min(minY, p.Y); maxY = Math.Max(maxY, p.Y);
        }
        var mx = minX + (maxX - minX) / 2;
        var my = minY + (maxY - minY) / 2;
        return new BoxF(mx - box.Width / 2f, my - box.Height / 2f, box.Width, box.Height);
    }

    /// <summary>Human's reported box: clamped to the image and truncated, [x, y, w, h].</summary>
    public static BoxF ClampTrunc(BoxF b, int imageWidth, int imageHeight)
    {
        var x1 = Math.Max(0, b.X);
        var y1 = Math.Max(0, b.Y);
        return new BoxF(MathF.Truncate(x1), MathF.Truncate(y1), MathF.Truncate(Math.Min(imageWidth, b.Right) - x1), MathF.Truncate(Math.Min(imageHeight, b.Bottom) - y1));
    }
}
