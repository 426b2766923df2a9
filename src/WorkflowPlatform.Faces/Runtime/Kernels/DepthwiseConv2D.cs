using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace WorkflowPlatform.Faces.Runtime.Kernels;

/// <summary>
/// Depthwise convolution with channel multiplier 1 (filter <c>[kh, kw, c, 1]</c>), any small kernel
/// (3×3 and 5×5 in the shipped models), stride 1 or 2. Vectorised over channels; interior pixels skip
/// all bounds checks. Optional bias and activation for fused variants.
/// </summary>
internal sealed unsafe class DepthwiseConv2D
{
    private readonly float[] _filter; // [kh, kw, c]
    private readonly float[]? _bias;

    public DepthwiseConv2D(ReadOnlySpan<float> filter, int kh, int kw, int channels, int strideH, int strideW, ReadOnlySpan<float> bias, Activation act)
    {
        KH = kh; KW = kw; C = channels; StrideH = strideH; StrideW = strideW; Act = act;
        _filter = filter[..(kh * kw * channels)].ToArray();
        _bias = bias.IsEmpty ? null : bias.ToArray();
    }

    public int KH { get; }
    public int KW { get; }
    public int C { get; }
    public int StrideH { get; }
    public int StrideW { get; }
    public Activation Act { get; }

    public void Execute(float[] x, int h, int w, float[] y, int oh, int ow, int padTop, int padLeft)
    {
        long work = (long)oh * ow * C * KH * KW;
        int tasks = Parallelism.Tasks(work, oh);
        Parallelism.For(tasks, t =>
        {
            int r0 = oh * t / tasks, r1 = oh * (t + 1) / tasks;
            fixed (float* px = x, py = y, pw = _filter, pb = _bias)
            {
                for (int oy = r0; oy < r1; oy++) Row(px, h, w, py, oh, ow, padTop, padLeft, oy, pw, pb);
            }
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Row(float* x, int h, int w, float* y, int oh, int ow, int padTop, int padLeft, int oy, float* filt, float* bias)
    {
        Segment(x, h, w, ow, padTop, padLeft, oy, 0, ow, filt, bias, y + (long)oy * ow * C);
    }

    /// <summary>Output pixels ox ∈ [ox0, ox1) of row oy into dst (contiguous, C per pixel).</summary>
    private void Segment(float* x, int h, int w, int ow, int padTop, int padLeft, int oy, int ox0, int ox1, float* filt, float* bias, float* dst)
    {
        int c = C;
        int iy0 = oy * StrideH - padTop;
        int kyLo = Math.Max(0, -iy0), kyHi = Math.Min(KH, h - iy0);
        int lo = ox1, hi = ox1;
        if (KH == 3 && KW == 3 && kyLo == 0 && kyHi == 3 && (c & 7) == 0)
        {
            // Interior columns: ix0 = ox·sw − padLeft ≥ 0 and ix0 + 3 ≤ w.
            lo = Math.Clamp((padLeft + StrideW - 1) / StrideW, ox0, ox1);
            hi = Math.Clamp((w - 3 + padLeft) / StrideW + 1, lo, ox1);
        }
        for (int ox = ox0; ox < ox1; ox++)
        {
            if (ox == lo && hi > lo)
            {
                InteriorRun3x3(x + ((long)iy0 * w + (lo * StrideW - padLeft)) * c, (long)w * c, c, hi - lo, StrideW * c, filt, bias, dst + (long)(lo - ox0) * c);
                ox = hi - 1;
                continue;
            }
            int ix0 = ox * StrideW - padLeft;
            int kxLo = Math.Max(0, -ix0), kxHi = Math.Min(KW, w - ix0);
            Generic(x, w, c, iy0, ix0, kyLo, kyHi, kxLo, kxHi, filt, bias, dst + (long)(ox - ox0) * c);
        }
    }

    /// <summary>
    /// A run of interior output pixels of one row, channel block outermost: the nine filter vectors of a
    /// block stay in registers while the run is swept, so each tap costs one load instead of two.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void InteriorRun3x3(float* src, long rowStride, int c, int count, int stepX, float* f, float* bias, float* dst)
    {
        bool relu = Act == Activation.Relu;
        long c2 = 2L * c;
        for (int ch = 0; ch < c; ch += 8)
        {
            Vector256<float> f0 = Vector256.Load(f + ch), f1 = Vector256.Load(f + c + ch), f2 = Vector256.Load(f + c2 + ch);
            Vector256<float> f3 = Vector256.Load(f + 3 * c + ch), f4 = Vector256.Load(f + 4 * c + ch), f5 = Vector256.Load(f + 5 * c + ch);
            Vector256<float> f6 = Vector256.Load(f + 6 * c + ch), f7 = Vector256.Load(f + 7 * c + ch), f8 = Vector256.Load(f + 8 * c + ch);
            Vector256<float> b = bias == null ? Vector256<float>.Zero : Vector256.Load(bias + ch);
            float* r0 = src + ch;
            float* d = dst + ch;
            for (int i = 0; i < count; i++, r0 += stepX, d += c)
            {
                float* r1 = r0 + rowStride, r2 = r1 + rowStride;
                Vector256<float> acc = Vector256.FusedMultiplyAdd(Vector256.Load(r0), f0, b);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r0 + c), f1, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r0 + c2), f2, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r1), f3, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r1 + c), f4, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r1 + c2), f5, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r2), f6, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r2 + c), f7, acc);
                acc = Vector256.FusedMultiplyAdd(Vector256.Load(r2 + c2), f8, acc);
                Vector256.Store(relu ? Vector256.Max(acc, Vector256<float>.Zero) : acc, d);
            }
        }
    }

    /// <summary>
    /// Depthwise outputs for the flat output-pixel range [p0, p0 + count) into <paramref name="dst"/>
    /// (count × C, contiguous): the A operand of a following 1×1 convolution, computed tile by tile so
    /// the intermediate never leaves the cache.
    /// </summary>
    internal void Pixels(float* x, int h, int w, int ow, int padTop, int padLeft, int p0, int count, float* filt, float* bias, float* dst)
    {
        int end = p0 + count;
        for (int p = p0; p < end;)
        {
            int oy = p / ow, ox = p - oy * ow;
            int segEnd = Math.Min(end, (oy + 1) * ow);
            Segment(x, h, w, ow, padTop, padLeft, oy, ox, ox + (segEnd - p), filt, bias, dst + (long)(p - p0) * C);
            p = segEnd;
        }
    }

    internal float[] Filter => _filter;
    internal float[]? Bias => _bias;

    private void Generic(float* x, int w, int c, int iy0, int ix0, int kyLo, int kyHi, int kxLo, int kxHi, float* filt, float* bias, float* dst)
    {
        int vecEnd = c & ~7;
        int ch = 0;
        for (; ch < vecEnd; ch += 8)
        {
            Vector256<float> acc = bias == null ? Vector256<float>.Zero : Vector256.Load(bias + ch);
            for (int ky = kyLo; ky < kyHi; ky++)
            {
                float* src = x + ((long)(iy0 + ky) * w + ix0) * c + ch;
                float* f = filt + (ky * KW) * c + ch;
                for (int kx = kxLo; kx < kxHi; kx++)
                    acc = Vector256.FusedMultiplyAdd(Vector256.Load(src + kx * c), Vector256.Load(f + kx * c), acc);
            }
            Vector256.Store(Act == Activation.Relu ? Vector256.Max(acc, Vector256<float>.Zero) : acc, dst + ch);
        }
        for (; ch < c; ch++)
        {
            float acc = bias == null ? 0f : bias[ch];
            for (int ky = kyLo; ky < kyHi; ky++)
            {
                float* src = x + ((long)(iy0 + ky) * w + ix0) * c + ch;
                float* f = filt + (ky * KW) * c + ch;
                for (int kx = kxLo; kx < kxHi; kx++) acc = MathF.FusedMultiplyAdd(src[kx * c], f[kx * c], acc);
            }
            dst[ch] = Act == Activation.Relu ? MathF.Max(acc, 0f) : acc;
        }
    }
}
