using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace WorkflowPlatform.Faces.Runtime.Kernels;

/// <summary>
/// Single-precision GEMM for C[M×N] = A[M×K]·B[K×N] with B pre-packed into panels of <see cref="NR"/>
/// columns (<c>packed[(panel·K + k)·NR + j]</c>, zero-padded). K is blocked by <see cref="KC"/> so a panel
/// block stays in L1 while it is reused over all row tiles; partial sums live in a scratch buffer and one
/// epilogue pass adds the bias, an optional residual of C's shape, and the activation.
/// </summary>
internal static unsafe class Gemm
{
    /// <summary>Rows per micro-tile.</summary>
    public const int MR = 6;

    /// <summary>Columns per packed panel (two Vector256 of floats).</summary>
    public const int NR = 16;

    /// <summary>K block: KC·NR·4 bytes of B (16 KB) stay in L1.</summary>
    public const int KC = 256;

    /// <summary>Floats of scratch <see cref="Run"/> needs for <paramref name="m"/> rows and <paramref name="panels"/> panels.</summary>
    public static int ScratchSize(int m, int panels) => (m + MR - 1) / MR * MR * NR * panels;

    /// <summary>Packs a row-major [K, N] matrix into NR-column panels.</summary>
    public static float[] PackB(ReadOnlySpan<float> b, int k, int n)
    {
        int panels = (n + NR - 1) / NR;
        var packed = new float[panels * k * NR];
        for (int p = 0; p < panels; p++)
        {
            int cols = Math.Min(NR, n - p * NR);
            for (int kk = 0; kk < k; kk++)
                b.Slice(kk * n + p * NR, cols).CopyTo(packed.AsSpan((p * k + kk) * NR, cols));
        }
        return packed;
    }

    /// <summary>Pads a per-column vector to whole panels (empty gives null).</summary>
    public static float[]? PadColumns(ReadOnlySpan<float> v, int n)
    {
        if (v.IsEmpty) return null;
        var padded = new float[(n + NR - 1) / NR * NR];
        v[..n].CopyTo(padded);
        return padded;
    }

    /// <summary>
    /// Computes rows [0, m) of C for panels [p0, p1). A rows are <paramref name="lda"/> apart; C and the
    /// residual rows <paramref name="ldc"/>. <paramref name="bias"/>/<paramref name="alpha"/> are
    /// panel-padded and may be null. <paramref name="scratch"/> holds <see cref="ScratchSize"/> floats.
    /// </summary>
    public static void Run(int m, int k, int n, float* a, int lda, float* packedB, int p0, int p1,
        float* c, int ldc, float* bias, float* residual, Activation act, float* alpha, float* scratch)
    {
        int mPad = (m + MR - 1) / MR * MR;
        for (int k0 = 0; k0 < k; k0 += KC)
        {
            int kc = Math.Min(KC, k - k0);
            bool accumulate = k0 > 0;
            for (int p = p0; p < p1; p++)
            {
                float* bp = packedB + ((long)p * k + k0) * NR;
                float* acc = scratch + (long)(p - p0) * mPad * NR;
                // A last panel with at most 8 real columns (N = 24, 6, 2, 1 here) runs the half-width kernel.
                if (n - p * NR <= 8)
                    for (int i = 0; i < m; i += MR)
                        Kernel8(Math.Min(MR, m - i), kc, a + (long)i * lda + k0, lda, bp, acc + i * NR, accumulate);
                else
                    for (int i = 0; i < m; i += MR)
                        Kernel(Math.Min(MR, m - i), kc, a + (long)i * lda + k0, lda, bp, acc + i * NR, accumulate);
            }
        }

        for (int p = p0; p < p1; p++)
        {
            int cols = Math.Min(NR, n - p * NR);
            float* acc = scratch + (long)(p - p0) * mPad * NR;
            Vector256<float> b0 = bias == null ? default : Vector256.Load(bias + p * NR);
            Vector256<float> b1 = bias == null ? default : Vector256.Load(bias + p * NR + 8);
            Vector256<float> al0 = alpha == null ? default : Vector256.Load(alpha + p * NR);
            Vector256<float> al1 = alpha == null ? default : Vector256.Load(alpha + p * NR + 8);
            for (int i = 0; i < m; i++)
            {
                float* row = acc + i * NR;
                Store(c + (long)i * ldc + p * NR, residual == null ? null : residual + (long)i * ldc + p * NR,
                    Vector256.Load(row) + b0, Vector256.Load(row + 8) + b1, cols, act, al0, al1);
            }
        }
    }

    /// <summary>
    /// 6×16 micro-kernel over kc: acc[r·16 + j] (+)= Σ a_r[k]·b[k·16 + j]. Only the loop holds the twelve
    /// accumulators, so the JIT keeps them in registers (no calls, no epilogue inside).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Kernel(int rows, int kc, float* a, int lda, float* b, float* acc, bool accumulate)
    {
        // Rows past the end alias the last valid row: computed into the scratch, never stored.
        float* a0 = a;
        float* a1 = rows > 1 ? a0 + lda : a0;
        float* a2 = rows > 2 ? a1 + lda : a1;
        float* a3 = rows > 3 ? a2 + lda : a2;
        float* a4 = rows > 4 ? a3 + lda : a3;
        float* a5 = rows > 5 ? a4 + lda : a4;

        Vector256<float> c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
        if (accumulate)
        {
            c00 = Vector256.Load(acc); c01 = Vector256.Load(acc + 8);
            c10 = Vector256.Load(acc + 16); c11 = Vector256.Load(acc + 24);
            c20 = Vector256.Load(acc + 32); c21 = Vector256.Load(acc + 40);
            c30 = Vector256.Load(acc + 48); c31 = Vector256.Load(acc + 56);
            c40 = Vector256.Load(acc + 64); c41 = Vector256.Load(acc + 72);
            c50 = Vector256.Load(acc + 80); c51 = Vector256.Load(acc + 88);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = c40 = c41 = c50 = c51 = Vector256<float>.Zero;
        }

        for (int kk = 0; kk < kc; kk++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            b += NR;
            Vector256<float> x = Vector256.Create(a0[kk]);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00);
            c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            x = Vector256.Create(a1[kk]);
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10);
            c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
            x = Vector256.Create(a2[kk]);
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20);
            c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
            x = Vector256.Create(a3[kk]);
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30);
            c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
            x = Vector256.Create(a4[kk]);
            c40 = Vector256.FusedMultiplyAdd(x, b0, c40);
            c41 = Vector256.FusedMultiplyAdd(x, b1, c41);
            x = Vector256.Create(a5[kk]);
            c50 = Vector256.FusedMultiplyAdd(x, b0, c50);
            c51 = Vector256.FusedMultiplyAdd(x, b1, c51);
        }

        Vector256.Store(c00, acc); Vector256.Store(c01, acc + 8);
        Vector256.Store(c10, acc + 16); Vector256.Store(c11, acc + 24);
        Vector256.Store(c20, acc + 32); Vector256.Store(c21, acc + 40);
        Vector256.Store(c30, acc + 48); Vector256.Store(c31, acc + 56);
        Vector256.Store(c40, acc + 64); Vector256.Store(c41, acc + 72);
        Vector256.Store(c50, acc + 80); Vector256.Store(c51, acc + 88);
    }

    /// <summary>6×8 variant of <see cref="Kernel"/> for a panel whose columns 8..15 are padding.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Kernel8(int rows, int kc, float* a, int lda, float* b, float* acc, bool accumulate)
    {
        float* a0 = a;
        float* a1 = rows > 1 ? a0 + lda : a0;
        float* a2 = rows > 2 ? a1 + lda : a1;
        float* a3 = rows > 3 ? a2 + lda : a2;
        float* a4 = rows > 4 ? a3 + lda : a3;
        float* a5 = rows > 5 ? a4 + lda : a4;

        Vector256<float> c0, c1, c2, c3, c4, c5;
        if (accumulate)
        {
            c0 = Vector256.Load(acc); c1 = Vector256.Load(acc + 16); c2 = Vector256.Load(acc + 32);
            c3 = Vector256.Load(acc + 48); c4 = Vector256.Load(acc + 64); c5 = Vector256.Load(acc + 80);
        }
        else
        {
            c0 = c1 = c2 = c3 = c4 = c5 = Vector256<float>.Zero;
        }

        for (int kk = 0; kk < kc; kk++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            b += NR;
            c0 = Vector256.FusedMultiplyAdd(Vector256.Create(a0[kk]), b0, c0);
            c1 = Vector256.FusedMultiplyAdd(Vector256.Create(a1[kk]), b0, c1);
            c2 = Vector256.FusedMultiplyAdd(Vector256.Create(a2[kk]), b0, c2);
            c3 = Vector256.FusedMultiplyAdd(Vector256.Create(a3[kk]), b0, c3);
            c4 = Vector256.FusedMultiplyAdd(Vector256.Create(a4[kk]), b0, c4);
            c5 = Vector256.FusedMultiplyAdd(Vector256.Create(a5[kk]), b0, c5);
        }

        Vector256.Store(c0, acc); Vector256.Store(c1, acc + 16); Vector256.Store(c2, acc + 32);
        Vector256.Store(c3, acc + 48); Vector256.Store(c4, acc + 64); Vector256.Store(c5, acc + 80);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* dst, float* res, Vector256<float> v0, Vector256<float> v1, int cols,
        Activation act, Vector256<float> al0, Vector256<float> al1)
    {
        if (cols == NR)
        {
            if (res != null)
            {
                v0 += Vector256.Load(res);
                v1 += Vector256.Load(res + 8);
            }
            Vector256.Store(Activate(v0, act, al0), dst);
            Vector256.Store(Activate(v1, act, al1), dst + 8);
            return;
        }
        StorePartial(dst, res, v0, v1, cols, act, al0, al1);
    }

    /// <summary>A panel with fewer than 16 real columns: whole vectors where possible (N = 24 ends in
    /// exactly 8), a scalar tail for the rest.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StorePartial(float* dst, float* res, Vector256<float> v0, Vector256<float> v1, int cols,
        Activation act, Vector256<float> al0, Vector256<float> al1)
    {
        if (cols >= 8)
        {
            if (res != null) v0 += Vector256.Load(res);
            Vector256.Store(Activate(v0, act, al0), dst);
            if (cols == 8) return;
            dst += 8;
            res = res == null ? null : res + 8;
            cols -= 8;
            v0 = v1;
            al0 = al1;
        }
        float* tmp = stackalloc float[8];
        Vector256.Store(v0, tmp);
        if (res != null)
            for (int j = 0; j < cols; j++) tmp[j] += res[j];
        Vector256.Store(Activate(Vector256.Load(tmp), act, al0), tmp);
        for (int j = 0; j < cols; j++) dst[j] = tmp[j];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<float> Activate(Vector256<float> v, Activation act, Vector256<float> alpha)
    {
        switch (act)
        {
            case Activation.Relu:
                return Vector256.Max(v, Vector256<float>.Zero);
            case Activation.Prelu:
                // Negative lanes take alpha·x, as TF.js computes it.
                return Vector256.ConditionalSelect(Vector256.LessThan(v, Vector256<float>.Zero), v * alpha, v);
            default:
                return v;
        }
    }
}
