using System.Runtime.CompilerServices;

namespace WorkflowPlatform.Faces.Imaging.Jpeg;

/// <summary>
/// Integer 8×8 inverse DCT (the Loeffler–Ligtenberg–Moschytz factorisation libjpeg's "islow" uses,
/// 12-bit fixed-point constants), dequantising on the fly and writing level-shifted, clamped bytes.
/// Wrapping int arithmetic on hostile coefficients only produces wrong pixels, never out-of-range writes.
/// </summary>
internal static unsafe class Idct
{
    private const int C0_541 = 2217;   // 0.5411961 * 4096
    private const int C1_847 = -7567;  // -1.847759065
    private const int C0_765 = 3135;   // 0.765366865
    private const int C1_175 = 4816;   // 1.175875602
    private const int C0_298 = 1223;   // 0.298631336
    private const int C2_053 = 8410;   // 2.053119869
    private const int C3_072 = 12586;  // 3.072711026
    private const int C1_501 = 6149;   // 1.501321110
    private const int C0_899 = -3685;  // -0.899976223
    private const int C2_562 = -10497; // -2.562915447
    private const int C1_961 = -8034;  // -1.961570560
    private const int C0_390 = -1597;  // -0.390180644

    /// <summary>
    /// <paramref name="coef"/>: 64 quantised coefficients in natural order; <paramref name="quant"/>: 64 steps in
    /// natural order; <paramref name="output"/>: top-left byte of the 8×8 destination with row stride <paramref name="stride"/>.
    /// </summary>
    public static void Transform(short* coef, ushort* quant, byte* output, int stride)
    {
        int* ws = stackalloc int[64];
        for (int i = 0; i < 8; i++)
        {
            short* d = coef + i;
            ushort* q = quant + i;
            int* v = ws + i;
            if (d[8] == 0 && d[16] == 0 && d[24] == 0 && d[32] == 0 && d[40] == 0 && d[48] == 0 && d[56] == 0)
            {
                int dc = d[0] * q[0] * 4;
                v[0] = v[8] = v[16] = v[24] = v[32] = v[40] = v[48] = v[56] = dc;
                continue;
            }

            Idct1D(
                d[0] * q[0], d[8] * q[8], d[16] * q[16], d[24] * q[24],
                d[32] * q[32], d[40] * q[40], d[48] * q[48], d[56] * q[56],
                out int x0, out int x1, out int x2, out int x3, out int t0, out int t1, out int t2, out int t3);
            x0 += 512;
            x1 += 512;
            x2 += 512;
            x3 += 512;
            v[0] = (x0 + t3) >> 10;
            v[56] = (x0 - t3) >> 10;
            v[8] = (x1 + t2) >> 10;
            v[48] = (x1 - t2) >> 10;
            v[16] = (x2 + t1) >> 10;
            v[40] = (x2 - t1) >> 10;
            v[24] = (x3 + t0) >> 10;
            v[32] = (x3 - t0) >> 10;
        }

        for (int i = 0; i < 8; i++)
        {
            int* v = ws + (i * 8);
            byte* o = output + (i * stride);
            Idct1D(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7],
                out int x0, out int x1, out int x2, out int x3, out int t0, out int t1, out int t2, out int t3);
            const int bias = 65536 + (128 << 17);
            x0 += bias;
            x1 += bias;
            x2 += bias;
            x3 += bias;
            o[0] = Clamp((x0 + t3) >> 17);
            o[7] = Clamp((x0 - t3) >> 17);
            o[1] = Clamp((x1 + t2) >> 17);
            o[6] = Clamp((x1 - t2) >> 17);
            o[2] = Clamp((x2 + t1) >> 17);
            o[5] = Clamp((x2 - t1) >> 17);
            o[3] = Clamp((x3 + t0) >> 17);
            o[4] = Clamp((x3 - t0) >> 17);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Clamp(int x) => (uint)x <= 255 ? (byte)x : x < 0 ? (byte)0 : (byte)255;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Idct1D(int s0, int s1, int s2, int s3, int s4, int s5, int s6, int s7,
        out int x0, out int x1, out int x2, out int x3, out int t0, out int t1, out int t2, out int t3)
    {
        int p2 = s2;
        int p3 = s6;
        int p1 = (p2 + p3) * C0_541;
        t2 = p1 + (p3 * C1_847);
        t3 = p1 + (p2 * C0_765);
        p2 = s0;
        p3 = s4;
        t0 = (p2 + p3) << 12;
        t1 = (p2 - p3) << 12;
        x0 = t0 + t3;
        x3 = t0 - t3;
        x1 = t1 + t2;
        x2 = t1 - t2;
        t0 = s7;
        t1 = s5;
        t2 = s3;
        t3 = s1;
        p3 = t0 + t2;
        int p4 = t1 + t3;
        p1 = t0 + t3;
        p2 = t1 + t2;
        int p5 = (p3 + p4) * C1_175;
        t0 *= C0_298;
        t1 *= C2_053;
        t2 *= C3_072;
        t3 *= C1_501;
        p1 = p5 + (p1 * C0_899);
        p2 = p5 + (p2 * C2_562);
        p3 *= C1_961;
        p4 *= C0_390;
        t3 += p1 + p4;
        t2 += p2 + p3;
        t1 += p2 + p4;
        t0 += p1 + p3;
    }
}
