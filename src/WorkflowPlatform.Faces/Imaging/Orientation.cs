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
        bool swap = orientation >= 5;
        int ow = swap ? h : w;
        int oh = swap ? w : h;
        var dst = new byte[src.Pixels.Length];
        var s = src.Pixels;
        for (int y = 0; y < h; y++)
        {
            int si = y * w * 3;
            for (int x = 0; x < w; x++, si += 3)
            {
                // (dx, dy): where the stored pixel (x, y) lands in the displayed image.
                (int dx, int dy) = orientation switch
                {
                    2 => (w - 1 - x, y),
                    3 => (w - 1 - x, h - 1 - y),
                    4 => (x, h - 1 - y),
                    5 => (y, x),
                    6 => (h - 1 - y, x),
                    7 => (h - 1 - y, w - 1 - x),
                    _ => (y, w - 1 - x),
                };
                int di = ((dy * ow) + dx) * 3;
                dst[di] = s[si];
                dst[di + 1] = s[si + 1];
                dst[di + 2] = s[si + 2];
            }
        }

        return new RgbImage(ow, oh, dst);
    }
}
