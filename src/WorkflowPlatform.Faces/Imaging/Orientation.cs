namespace WorkflowPlatform.Faces.Imaging;

/// <summary>Applies an EXIF orientation (1..8) so the result is upright as a viewer would show it.</summary>
internal static class Orientation
{
    public static RgbImage Apply(RgbImage src, int orientation)
    {
        if (orientation is < 2 or > 8)
            return src;
        int w = src.Width;
        int h = src.Height;
        int ow = orientation >= 5 ? h : w;
        int oh = orientation >= 5 ? w : h;
        var dst = new byte[src.Pixels.Length];
        var s = src.Pixels;
        for (int y = 0; y < h; y++)
        {
            // Stored pixel (x, y) lands at displayed index start + x * step (in bytes).
            (int start, int step) = orientation switch
            {
                2 => (((y * ow) + w - 1) * 3, -3),
                3 => ((((h - 1 - y) * ow) + w - 1) * 3, -3),
                4 => ((h - 1 - y) * ow * 3, 3),
                5 => (y * 3, ow * 3),
                6 => ((h - 1 - y) * 3, ow * 3),
                7 => ((((w - 1) * ow) + h - 1 - y) * 3, -ow * 3),
                _ => ((((w - 1) * ow) + y) * 3, -ow * 3),
            };
            int si = y * w * 3;
            int di = start;
            for (int x = 0; x < w; x++, si += 3, di += step)
            {
                dst[di] = s[si];
                dst[di + 1] = s[si + 1];
                dst[di + 2] = s[si + 2];
            }
        }

        return new RgbImage(ow, oh, dst);
    }
}
