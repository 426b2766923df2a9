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
        int c = C;
        int iy0 = oy * StrideH - padTop;
        int kyLo = Math.Max(0, -iy0), kyHi = Math.Min(KH, h - iy0);
        float* dstRow = y + (long)oy * ow * c;
        bool fullRows = kyLo == 0 && kyHi == KH;
        bool fast3 = KH == 3 && KW == 3 && fullRows && (c & 7) == 0;
        for (int ox = 0; ox < ow; ox++)
        {
            int ix0 = ox * StrideW - padLeft;
            int kxLo = Math.Max(0, -ix0), kxHi = Math.Min(KW, w - ix0);
            float* dst = dstRow + (long)ox * c;
            if (fast3 && kxLo == 0 && kxHi == 3)
                Interior3x3(x + ((long)iy0 * w + ix0) * c, (long)w * c, c, filt, bias, dst);
            else
                Generic(x, w, c, iy0, ix0, kyLo, kyHi, kxLo, kxHi, filt, bias, dst);
        }
    }

    /// <summary>
    /// Depthwise outputs for the flat output-pixel range [p0, p0 + count) into <paramref name="dst"/>
    /// (count × C, contiguous): the A operand of a following 1×1 convolution, computed tile by tile so
    /// the intermediate never leaves the cache.
    /// </summary>
    internal void Pixels(float* x, int h, int w, int ow, int padTop, int padLeft, int p0, int count, float* filt, float* bias, float* dst)
    {
        int c = C;
        bool vec3 = KH == 3 && KW == 3 && (c & 7) == 0;
        for (int i = 0; i < count; i++)
        {
            int p = p0 + i;
            int oy = p / ow, ox = p - oy * ow;
            int iy0 = oy * StrideH - padTop, ix0 = ox * StrideW - padLeft;
            int kyLo = Math.Max(0, -iy0), kyHi = Math.Min(KH, h - iy0);
            int kxLo = Math.Max(0, -ix0), kxHi = Math.Min(KW, w - ix0);
            float* d = dst + (long)i * c;
            if (vec3 && kyLo == 0 && kyHi == 3 && kxLo == 0 && kxHi == 3)
                Interior3x3(x + ((long)iy0 * w + ix0) * c, (long)w * c, c, filt, bias, d);
            else
                Generic(x, w, c, iy0, ix0, kyLo, kyHi, kxLo, kxHi, filt, bias, d);
        }
    }

    internal float[] Filter => _filter;
    internal float[]? Bias => _bias;

    /// <summary>All nine taps inside the image: unrolled, no bounds checks, 8 channels per step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Interior3x3(float* src, long rowStride, int c, float* f, float* bias, float* dst)
    {
        float* r0 = src, r1 = src + rowStride, r2 = src + 2 * rowStride;
        int c2 = 2 * c;
        for (int ch = 0; ch < c; ch += 8)
        {
            Vector256<float> acc = bias == null ? Vector256<float>.Zero : Vector256.Load(bias + ch);
            acc = Vector256.FusedMultiplyAdd(Vector256.Load(r0 + ch), Vector256.Load(f + ch), acc);
            acc = Vector256.FusedMultiplyAdd(Vector256.Load(r0 + c + ch), Vector256.Load(f + c + ch), acc);
            acc = Vector256.FusedMultiplyAdd(Vector256.Load(r0 + c2 + ch), Vector256.Load(f + c2 + ch), acc);
            acc = Vector256.FusedMultiplyAdd(Vector256.Load(r1 + ch), Vector256.Load(f + 3 * c + ch), acc);
            acc = Vector256.FusedMultiplyAdd(Vector256.Load(r1 + c + ch), Vector256.Load(f + 4 * c + ch), acc);
            acc = Vector256.FusedMultiplyAdd(Vector256.Load(r1 + c2 + ch), Vector256.Load(f + 5 * c + ch), acc);
            acc = Vector256.FusedMultiplyAdd(Vector256.Load(r2 + ch), Vector256.Load(f + 6 * c + ch), acc);
            acc = Vector256.FusedMultiplyAdd(Vector256.Load(r2 + c + ch), Vector256.Load(f + 7 * c + ch), acc);
            acc = Vector256.FusedMultiplyAdd(Vector256.Load(r2 + c2 + ch), Vector256.Load(f + 8 * c + ch), acc);
            Vector256.Store(Act == Activation.Relu ? Vector256.Max(acc, Vector256<float>.Zero) : acc, dst + ch);
        }
    }

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
