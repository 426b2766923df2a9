using System.Buffers;

namespace WorkflowPlatform.Faces.Runtime.Kernels;

/// <summary>
/// A 2-D convolution (NHWC input, HWIO filter, dilation 1) executed as GEMM: 1×1 stride-1 convolutions
/// read the input pixels directly, others gather an im2col tile per chunk of output pixels. Filters are
/// packed into GEMM panels once, at load.
/// </summary>
internal sealed unsafe class Conv2D
{
    private readonly float[] _packed;
    private readonly float[]? _bias;
    private readonly float[]? _alpha;

    /// <param name="filter">HWIO filter <c>[kh, kw, cin, cout]</c>.</param>
    /// <param name="bias">Per output channel, or empty.</param>
    /// <param name="alpha">PReLU slope per output channel, or empty.</param>
    public Conv2D(ReadOnlySpan<float> filter, int kh, int kw, int cin, int cout, ReadOnlySpan<float> bias,
        int strideH, int strideW, Activation activation, ReadOnlySpan<float> alpha)
    {
        KH = kh; KW = kw; Cin = cin; Cout = cout; StrideH = strideH; StrideW = strideW;
        Act = activation;
        KDim = kh * kw * cin;
        // HWIO flattened is already the [K, N] matrix with k = (ky·kw + kx)·cin + ci.
        _packed = Gemm.PackB(filter, KDim, cout);
        _bias = Gemm.PadColumns(bias, cout);
        _alpha = Gemm.PadColumns(alpha, cout);
        if (activation == Activation.Prelu && _alpha == null) throw new ArgumentException("PReLU needs alpha.");
    }

    private Conv2D(Conv2D source, Activation activation, float[]? alpha)
    {
        KH = source.KH; KW = source.KW; Cin = source.Cin; Cout = source.Cout;
        StrideH = source.StrideH; StrideW = source.StrideW; KDim = source.KDim;
        _packed = source._packed;
        _bias = source._bias;
        Act = activation;
        _alpha = alpha;
    }

    /// <summary>The same packed filter with another epilogue activation (for graph fusion).</summary>
    public Conv2D WithActivation(Activation activation, ReadOnlySpan<float> alpha) =>
        new(this, activation, Gemm.PadColumns(alpha, Cout));

    public int KH { get; }
    public int KW { get; }
    public int Cin { get; }
    public int Cout { get; }
    public int StrideH { get; }
    public int StrideW { get; }
    public int KDim { get; }
    public Activation Act { get; }

    private const int PixelsPerChunk = 96; // multiple of Gemm.MR

    /// <summary>
    /// y[oh, ow, cout] = act(conv(x) + bias (+ residual)). Padding is given as the top/left pad; samples
    /// outside the input read as zero (TF SAME pads the extra pixel at the bottom/right).
    /// </summary>
    public void Execute(float[] x, int h, int w, float[] y, int oh, int ow, int padTop, int padLeft, float[]? residual) =>
        Execute(x, h, w, y, oh, ow, padTop, padLeft, residual, null);

    /// <summary>
    /// y = this 1×1 convolution applied to depthwise(x): the depthwise result is produced per pixel chunk
    /// straight into the GEMM's A buffer. <paramref name="h"/>, <paramref name="w"/> and the pads are the
    /// depthwise's; <paramref name="oh"/>×<paramref name="ow"/> its output size.
    /// </summary>
    public void ExecuteAfterDepthwise(DepthwiseConv2D depthwise, float[] x, int h, int w, float[] y, int oh, int ow, int padTop, int padLeft, float[]? residual)
    {
        if (KH != 1 || KW != 1 || StrideH != 1 || StrideW != 1 || depthwise.C != Cin) throw new InvalidOperationException("Only a 1×1 stride-1 convolution can follow a fused depthwise.");
        Execute(x, h, w, y, oh, ow, padTop, padLeft, residual, depthwise);
    }

    private void Execute(float[] x, int h, int w, float[] y, int oh, int ow, int padTop, int padLeft, float[]? residual, DepthwiseConv2D? dw)
    {
        int m = oh * ow;
        int panels = (Cout + Gemm.NR - 1) / Gemm.NR;
        bool direct = dw == null && KH == 1 && KW == 1 && StrideH == 1 && StrideW == 1 && padTop == 0 && padLeft == 0 && oh == h && ow == w;
        int chunks = (m + PixelsPerChunk - 1) / PixelsPerChunk;
        long work = (long)m * KDim * Cout;
        int tasks = Parallelism.Tasks(work, int.MaxValue);
        // Few pixels but wide layers (dlib's 4×4×256): split output channels as well.
        int panelSplit = tasks > chunks ? Math.Min(panels, (tasks + chunks - 1) / chunks) : 1;
        int items = chunks * panelSplit;
        if (tasks == 1) items = 1;

        void Body(int item)
        {
            int chunkLo, chunkHi, pLo, pHi;
            if (items == 1) { chunkLo = 0; chunkHi = chunks; pLo = 0; pHi = panels; }
            else
            {
                int ci = item / panelSplit, pi = item % panelSplit;
                chunkLo = ci; chunkHi = ci + 1;
                pLo = panels * pi / panelSplit; pHi = panels * (pi + 1) / panelSplit;
            }
            float[]? col = direct ? null : ArrayPool<float>.Shared.Rent(PixelsPerChunk * KDim);
            float[] scratch = ArrayPool<float>.Shared.Rent(Gemm.ScratchSize(PixelsPerChunk, pHi - pLo));
            try
            {
                fixed (float* px = x, py = y, pb = _packed, pbias = _bias, palpha = _alpha, pres = residual, pcol = col, pscratch = scratch,
                       pdwf = dw?.Filter, pdwb = dw?.Bias)
                {
                    for (int chunk = chunkLo; chunk < chunkHi; chunk++)
                    {
                        int p0 = chunk * PixelsPerChunk;
                        int count = Math.Min(PixelsPerChunk, m - p0);
                        float* a;
                        int lda;
                        if (direct) { a = px + (long)p0 * Cin; lda = Cin; }
                        else if (dw != null) { dw.Pixels(px, h, w, ow, padTop, padLeft, p0, count, pdwf, pdwb, pcol); a = pcol; lda = Cin; }
                        else { Im2Col(px, h, w, ow, padTop, padLeft, p0, count, pcol); a = pcol; lda = KDim; }
                        Gemm.Run(count, KDim, Cout, a, lda, pb, pLo, pHi, py + (long)p0 * Cout, Cout,
                            pbias, pres == null ? null : pres + (long)p0 * Cout, Act, palpha, pscratch);
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(scratch);
                if (col != null) ArrayPool<float>.Shared.Return(col);
            }
        }

        Parallelism.For(items, Body);
    }

    private void Im2Col(float* x, int h, int w, int ow, int padTop, int padLeft, int p0, int count, float* col)
    {
        int rowLen = KW * Cin;
        for (int i = 0; i < count; i++)
        {
            int p = p0 + i;
            int oy = p / ow, ox = p - oy * ow;
            int iy0 = oy * StrideH - padTop, ix0 = ox * StrideW - padLeft;
            float* dst = col + (long)i * KDim;
            for (int ky = 0; ky < KH; ky++, dst += rowLen)
            {
                int iy = iy0 + ky;
                if ((uint)iy >= (uint)h)
                {
                    new Span<float>(dst, rowLen).Clear();
                    continue;
                }
                float* srcRow = x + (long)iy * w * Cin;
                if (ix0 >= 0 && ix0 + KW <= w)
                {
                    // The KW taps of one row are contiguous in NHWC.
                    Buffer.MemoryCopy(srcRow + (long)ix0 * Cin, dst, rowLen * 4L, rowLen * 4L);
                    continue;
                }
                for (int kx = 0; kx < KW; kx++)
                {
                    int ix = ix0 + kx;
                    var d = new Span<float>(dst + kx * Cin, Cin);
                    if ((uint)ix >= (uint)w) d.Clear();
                    else new ReadOnlySpan<float>(srcRow + (long)ix * Cin, Cin).CopyTo(d);
                }
            }
        }
    }
}
