using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace WorkflowPlatform.Faces.Runtime.Kernels;

/// <summary>
/// Single-precision GEMM micro-kernels for C[M×N] = A[M×K]·B[K×N] with B pre-packed into panels of
/// <see cref="NR"/> columns (<c>packed[(panel·K + k)·NR + j]</c>, zero-padded). The epilogue adds the bias,
/// an optional residual of C's shape, then applies the activation, so a conv + add + relu is one pass.
/// </summary>
internal static unsafe class Gemm
{
    /// <summary>Rows per micro-tile.</summary>
    public const int MR = 6;

    /// <summary>Columns per packed panel (two Vector256 of floats).</summary>
    public const int NR = 16;

    /// <summary>Packs a row-major [K, N] matrix into NR-column panels.</summary>
    public static float[] PackB(ReadOnlySpan<float> b, int k, int n)
    {
        int panels = (n + NR - 1) / NR;
        var packed = new float[panels * k * NR];
        for (int p = 0; p < panels; p++)
        {
            int cols = Math.Min(NR, n - p * NR);
            for (int kk = 0; kk < k; kk++)
            {
                b.Slice(kk * n + p * NR, cols).CopyTo(packed.AsSpan((p * k + kk) * NR, cols));
            }
        }
        return packed;
    }

    /// <summary>Pads a per-column vector to whole panels (null stays null).</summary>
    public static float[]? PadColumns(ReadOnlySpan<float> v, int n)
    {
        if (v.IsEmpty) return null;
        var padded = new float[(n + NR - 1) / NR * NR];
        v[..n].CopyTo(padded);
        return padded;
    }

    /// <summary>
    /// Computes rows [0, m) of C for panels [p0, p1). A rows are <paramref name="lda"/> apart; C and the
    /// residual rows are <paramref name="ldc"/> apart. <paramref name="bias"/> and <paramref name="alpha"/>
    /// are panel-padded; either pointer may be null.
    /// </summary>
    public static void Run(int m, int k, int n, float* a, int lda, float* packedB, int p0, int p1,
        float* c, int ldc, float* bias, float* residual, Activation act, float* alpha)
    {
        for (int i = 0; i < m; i += MR)
        {
            int rows = Math.Min(MR, m - i);
            float* ai = a + (long)i * lda;
            float* ci = c + (long)i * ldc;
            float* ri = residual == null ? null : residual + (long)i * ldc;
            for (int p = p0; p < p1; p++)
            {
                int cols = Math.Min(NR, n - p * NR);
                Tile(rows, k, ai, lda, packedB + (long)p * k * NR, ci + p * NR, ldc, cols,
                    bias == null ? null : bias + p * NR,
                    ri == null ? null : ri + p * NR,
                    act, alpha == null ? null : alpha + p * NR);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile(int rows, int k, float* a, int lda, float* b, float* c, int ldc, int cols,
        float* bias, float* res, Activation act, float* alpha)
    {
        // Rows past the end alias the last valid row: computed, never stored.
        float* a0 = a;
        float* a1 = rows > 1 ? a0 + lda : a0;
        float* a2 = rows > 2 ? a1 + lda : a1;
        float* a3 = rows > 3 ? a2 + lda : a2;
        float* a4 = rows > 4 ? a3 + lda : a3;
        float* a5 = rows > 5 ? a4 + lda : a4;

        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int kk = 0; kk < k; kk++)
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

        Vector256<float> bias0 = bias == null ? default : Vector256.Load(bias);
        Vector256<float> bias1 = bias == null ? default : Vector256.Load(bias + 8);
        Vector256<float> al0 = alpha == null ? default : Vector256.Load(alpha);
        Vector256<float> al1 = alpha == null ? default : Vector256.Load(alpha + 8);
        Store(c, res, c00 + bias0, c01 + bias1, cols, act, al0, al1);
        if (rows > 1) Store(c + ldc, res == null ? null : res + ldc, c10 + bias0, c11 + bias1, cols, act, al0, al1);
        if (rows > 2) Store(c + 2 * ldc, res == null ? null : res + 2 * ldc, c20 + bias0, c21 + bias1, cols, act, al0, al1);
        if (rows > 3) Store(c + 3 * ldc, res == null ? null : res + 3 * ldc, c30 + bias0, c31 + bias1, cols, act, al0, al1);
        if (rows > 4) Store(c + 4 * ldc, res == null ? null : res + 4 * ldc, c40 + bias0, c41 + bias1, cols, act, al0, al1);
        if (rows > 5) Store(c + 5 * ldc, res == null ? null : res + 5 * ldc, c50 + bias0, c51 + bias1, cols, act, al0, al1);
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
            v0 = Activate(v0, act, al0);
            v1 = Activate(v1, act, al1);
            Vector256.Store(v0, dst);
            Vector256.Store(v1, dst + 8);
            return;
        }

        float* tmp = stackalloc float[NR];
        if (res != null)
        {
            for (int j = 0; j < NR; j++) tmp[j] = j < cols ? res[j] : 0f;
            v0 += Vector256.Load(tmp);
            v1 += Vector256.Load(tmp + 8);
        }
        v0 = Activate(v0, act, al0);
        v1 = Activate(v1, act, al1);
        Vector256.Store(v0, tmp);
        Vector256.Store(v1, tmp + 8);
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
                // Negative lanes take alpha·x; ConditionalSelect keeps the TF.js formula exactly.
                return Vector256.ConditionalSelect(Vector256.LessThan(v, Vector256<float>.Zero), v * alpha, v);
            default:
                return v;
        }
    }
}
