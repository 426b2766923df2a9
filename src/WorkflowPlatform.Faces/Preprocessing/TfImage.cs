using System.Numerics;
using WorkflowPlatform.Faces.Imaging;

namespace WorkflowPlatform.Faces.Preprocessing;

/// <summary>
/// Image resampling with TF.js semantics, so model inputs match the reference pipelines bit for bit
/// (within float rounding). Buffers are HWC float, RGB, values in the source's range.
/// </summary>
public static class TfImage
{
    /// <summary>Converts an 8-bit RGB image to HWC float (0–255).</summary>
    public static float[] ToFloat(RgbImage image)
    {
        var src = image.Pixels;
        var dst = new float[src.Length];
        for (var i = 0; i < src.Length; i++) dst[i] = src[i];
        return dst;
    }

    /// <summary>
    /// <c>tf.image.resizeBilinear(x, [outH, outW], alignCorners=false, halfPixelCenters=false)</c>:
    /// source = dst · in/out, no anti-aliasing. A non-square input is stretched, as BlazeFace expects.
    /// </summary>
    public static void ResizeBilinear(ReadOnlySpan<byte> src, int inW, int inH, Span<float> dst, int outW, int outH)
        => Resize(src, inW, inH, dst, outW, outH);

    /// <summary>Float-input variant of <see cref="ResizeBilinear(ReadOnlySpan{byte},int,int,Span{float},int,int)"/>.</summary>
    public static void ResizeBilinear(ReadOnlySpan<float> src, int inW, int inH, Span<float> dst, int outW, int outH)
        => Resize(src, inW, inH, dst, outW, outH);

    // One body for both pixel types: the JIT specialises it per value type, so byte input costs no more than before.
    private static void Resize<T>(ReadOnlySpan<T> src, int inW, int inH, Span<float> dst, int outW, int outH)
        where T : unmanaged, INumberBase<T>
    {
        CheckSizes(src.Length, inW, inH, dst.Length, outW, outH);
        var xs = BuildAxis(inW, outW);
        var sy = (double)inH / outH;
        for (var y = 0; y < outH; y++)
        {
            var fy = sy * y;
            var y0 = (int)Math.Floor(fy);
            var y1 = Math.Min(inH - 1, (int)Math.Ceiling(fy));
            var dy = (float)(fy - y0);
            var row0 = src.Slice(y0 * inW * 3, inW * 3);
            var row1 = src.Slice(y1 * inW * 3, inW * 3);
            var o = dst.Slice(y * outW * 3, outW * 3);
            for (var x = 0; x < outW; x++)
            {
                var (x0, x1, dx) = xs[x];
                for (var c = 0; c < 3; c++)
                {
                    float tl = float.CreateTruncating(row0[x0 * 3 + c]), tr = float.CreateTruncating(row0[x1 * 3 + c]);
                    float bl = float.CreateTruncating(row1[x0 * 3 + c]), br = float.CreateTruncating(row1[x1 * 3 + c]);
                    var top = tl + (tr - tl) * dx;
                    var bottom = bl + (br - bl) * dx;
                    o[x * 3 + c] = top + (bottom - top) * dy;
                }
            }
        }
    }

    /// <summary>
    /// <c>tf.image.cropAndResize(image, [[y1, x1, y2, x2]], [0], [outH, outW], 'bilinear', 0)</c> with
    /// normalised box coordinates: row i samples y = y1·(H−1) + i·(y2−y1)·(H−1)/(outH−1); samples outside
    /// the image are 0.
    /// </summary>
    public static void CropAndResize(ReadOnlySpan<byte> src, int inW, int inH, double y1, double x1, double y2, double x2, Span<float> dst, int outW, int outH)
    {
        CheckSizes(src.Length, inW, inH, dst.Length, outW, outH);
        var hScale = outH > 1 ? (y2 - y1) * (inH - 1) / (outH - 1) : 0;
        var wScale = outW > 1 ? (x2 - x1) * (inW - 1) / (outW - 1) : 0;
        for (var y = 0; y < outH; y++)
        {
            var o = dst.Slice(y * outW * 3, outW * 3);
            var inY = outH > 1 ? y1 * (inH - 1) + y * hScale : 0.5 * (y1 + y2) * (inH - 1);
            if (inY < 0 || inY > inH - 1)
            {
                o.Clear();
                continue;
            }
            var top = (int)Math.Floor(inY);
            var bottom = (int)Math.Ceiling(inY);
            var dy = (float)(inY - top);
            for (var x = 0; x < outW; x++)
            {
                var inX = outW > 1 ? x1 * (inW - 1) + x * wScale : 0.5 * (x1 + x2) * (inW - 1);
                if (inX < 0 || inX > inW - 1)
                {
                    o[x * 3] = o[x * 3 + 1] = o[x * 3 + 2] = 0;
                    continue;
                }
                var left = (int)Math.Floor(inX);
                var right = (int)Math.Ceiling(inX);
                var dx = (float)(inX - left);
                for (var c = 0; c < 3; c++)
                {
                    float tl = src[(top * inW + left) * 3 + c], tr = src[(top * inW + right) * 3 + c];
                    float bl = src[(bottom * inW + left) * 3 + c], br = src[(bottom * inW + right) * 3 + c];
                    var t = tl + (tr - tl) * dx;
                    var b = bl + (br - bl) * dx;
                    o[x * 3 + c] = t + (b - t) * dy;
                }
            }
        }
    }

    /// <summary>
    /// <see cref="CropAndResize"/> of a box rotated by <paramref name="angle"/> radians about its centre: the grid
    /// point p of the axis-aligned crop samples c + R(angle)(p − c), so a face rolled by <paramref name="angle"/>
    /// comes out upright. Bilinear; neighbours outside the image count as 0.
    /// </summary>
    public static void CropAndResizeRotated(ReadOnlySpan<byte> src, int inW, int inH, double y1, double x1, double y2, double x2, double angle, Span<float> dst, int outW, int outH)
    {
        CheckSizes(src.Length, inW, inH, dst.Length, outW, outH);
        var hScale = outH > 1 ? (y2 - y1) * (inH - 1) / (outH - 1) : 0;
        var wScale = outW > 1 ? (x2 - x1) * (inW - 1) / (outW - 1) : 0;
        double cy = 0.5 * (y1 + y2) * (inH - 1), cx = 0.5 * (x1 + x2) * (inW - 1);
        var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));
        for (var y = 0; y < outH; y++)
        {
            var py = (outH > 1 ? y1 * (inH - 1) + y * hScale : cy) - cy;
            for (var x = 0; x < outW; x++)
            {
                var px = (outW > 1 ? x1 * (inW - 1) + x * wScale : cx) - cx;
                var sx = cx + cos * px - sin * py;
                var sy = cy + sin * px + cos * py;
                SampleBilinear(src, inW, inH, sx, sy, dst.Slice((y * outW + x) * 3, 3));
            }
        }
    }

    /// <summary>
    /// The RGB value at the real position (<paramref name="sx"/>, <paramref name="sy"/>), bilinear; neighbours
    /// outside the image count as 0 (TF.js cropAndResize / dlib chip convention).
    /// </summary>
    internal static void SampleBilinear(ReadOnlySpan<byte> src, int w, int h, double sx, double sy, Span<float> rgb)
    {
        var x0 = (int)Math.Floor(sx);
        var y0 = (int)Math.Floor(sy);
        var fx = (float)(sx - x0);
        var fy = (float)(sy - y0);
        for (var c = 0; c < 3; c++)
        {
            var tl = At(src, w, h, x0, y0, c);
            var tr = At(src, w, h, x0 + 1, y0, c);
            var bl = At(src, w, h, x0, y0 + 1, c);
            var br = At(src, w, h, x0 + 1, y0 + 1, c);
            var top = tl + (tr - tl) * fx;
            var bottom = bl + (br - bl) * fx;
            rgb[c] = top + (bottom - top) * fy;
        }
    }

    private static float At(ReadOnlySpan<byte> src, int w, int h, int x, int y, int c) =>
        (uint)x < (uint)w && (uint)y < (uint)h ? src[(y * w + x) * 3 + c] : 0f;

    private static (int X0, int X1, float Dx)[] BuildAxis(int inW, int outW)
    {
        var sx = (double)inW / outW;
        var xs = new (int, int, float)[outW];
        for (var x = 0; x < outW; x++)
        {
            var fx = sx * x;
            var x0 = (int)Math.Floor(fx);
            xs[x] = (x0, Math.Min(inW - 1, (int)Math.Ceiling(fx)), (float)(fx - x0));
        }
        return xs;
    }

    private static void CheckSizes(int srcLen, int inW, int inH, int dstLen, int outW, int outH)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inW);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inH);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outW);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outH);
        if (srcLen < (long)inW * inH * 3) throw new ArgumentException($"Source holds {srcLen} values, {inW}x{inH}x3 needed.");
        if (dstLen < (long)outW * outH * 3) throw new ArgumentException($"Destination holds {dstLen} values, {outW}x{outH}x3 needed.");
    }
}
