using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
        if (Avx2.IsSupported)
            TransformAvx2(coef, quant, output, stride);
        else
            TransformScalar(coef, quant, output, stride);
    }

    /// <summary>Span form for tests: <paramref name="output"/> must hold 8 rows of <paramref name="stride"/> bytes.</summary>
    internal static void Transform(ReadOnlySpan<short> coef, ReadOnlySpan<ushort> quant, Span<byte> output, int stride, bool scalar)
    {
        if (coef.Length < 64 || quant.Length < 64 || stride < 8 || output.Length < (7 * stride) + 8)
            throw new ArgumentException("Block, table or output too small.");
        fixed (short* c = coef)
        fixed (ushort* q = quant)
        fixed (byte* o = output)
        {
            if (scalar)
                TransformScalar(c, q, o, stride);
            else
                Transform(c, q, o, stride);
        }
    }

    /// <summary>The scalar form; kept callable so tests can check the vector form is bit-identical.</summary>
    internal static void TransformScalar(short* coef, ushort* quant, byte* output, int stride)
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

    /// <summary>
    /// The same arithmetic on eight columns at once: rows are vectors, so the first 1-D pass runs over all
    /// columns together; a transpose turns columns into vectors for the second pass and another one
    /// restores rows for the saturating pack to bytes. Results equal <see cref="TransformScalar"/> bit for bit.
    /// </summary>
    private static void TransformAvx2(short* coef, ushort* quant, byte* output, int stride)
    {
        var r0 = Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(coef), Avx2.ConvertToVector256Int32(quant));
        var r1 = Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(coef + 8), Avx2.ConvertToVector256Int32(quant + 8));
        var r2 = Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(coef + 16), Avx2.ConvertToVector256Int32(quant + 16));
        var r3 = Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(coef + 24), Avx2.ConvertToVector256Int32(quant + 24));
        var r4 = Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(coef + 32), Avx2.ConvertToVector256Int32(quant + 32));
        var r5 = Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(coef + 40), Avx2.ConvertToVector256Int32(quant + 40));
        var r6 = Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(coef + 48), Avx2.ConvertToVector256Int32(quant + 48));
        var r7 = Avx2.MultiplyLow(Avx2.ConvertToVector256Int32(coef + 56), Avx2.ConvertToVector256Int32(quant + 56));

        Idct1D(r0, r1, r2, r3, r4, r5, r6, r7,
            out var x0, out var x1, out var x2, out var x3, out var t0, out var t1, out var t2, out var t3);
        var round1 = Vector256.Create(512);
        x0 += round1;
        x1 += round1;
        x2 += round1;
        x3 += round1;
        r0 = Vector256.ShiftRightArithmetic(x0 + t3, 10);
        r7 = Vector256.ShiftRightArithmetic(x0 - t3, 10);
        r1 = Vector256.ShiftRightArithmetic(x1 + t2, 10);
        r6 = Vector256.ShiftRightArithmetic(x1 - t2, 10);
        r2 = Vector256.ShiftRightArithmetic(x2 + t1, 10);
        r5 = Vector256.ShiftRightArithmetic(x2 - t1, 10);
        r3 = Vector256.ShiftRightArithmetic(x3 + t0, 10);
        r4 = Vector256.ShiftRightArithmetic(x3 - t0, 10);

        Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);
        Idct1D(r0, r1, r2, r3, r4, r5, r6, r7,
            out x0, out x1, out x2, out x3, out t0, out t1, out t2, out t3);
        var bias = Vector256.Create(65536 + (128 << 17));
        x0 += bias;
        x1 += bias;
        x2 += bias;
        x3 += bias;
        r0 = Vector256.ShiftRightArithmetic(x0 + t3, 17);
        r7 = Vector256.ShiftRightArithmetic(x0 - t3, 17);
        r1 = Vector256.ShiftRightArithmetic(x1 + t2, 17);
        r6 = Vector256.ShiftRightArithmetic(x1 - t2, 17);
        r2 = Vector256.ShiftRightArithmetic(x2 + t1, 17);
        r5 = Vector256.ShiftRightArithmetic(x2 - t1, 17);
        r3 = Vector256.ShiftRightArithmetic(x3 + t0, 17);
        r4 = Vector256.ShiftRightArithmetic(x3 - t0, 17);
        Transpose(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7);

        StoreRows(r0, r1, r2, r3, output, stride);
        StoreRows(r4, r5, r6, r7, output + (4 * stride), stride);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRows(Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d, byte* o, int stride)
    {
        // int32 -> int16 -> uint8 with saturation (the clamp); the packs work per 128-bit lane, so fix the order.
        var ab = Avx2.Permute4x64(Avx2.PackSignedSaturate(a, b).AsInt64(), 0b11_01_10_00).AsInt16();
        var cd = Avx2.Permute4x64(Avx2.PackSignedSaturate(c, d).AsInt64(), 0b11_01_10_00).AsInt16();
        var bytes = Avx2.PackUnsignedSaturate(ab, cd).AsUInt64(); // rows a, c, b, d
        Unsafe.WriteUnaligned(o, bytes.GetElement(0));
        Unsafe.WriteUnaligned(o + stride, bytes.GetElement(2));
        Unsafe.WriteUnaligned(o + (2 * stride), bytes.GetElement(1));
        Unsafe.WriteUnaligned(o + (3 * stride), bytes.GetElement(3));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(
        ref Vector256<int> r0, ref Vector256<int> r1, ref Vector256<int> r2, ref Vector256<int> r3,
        ref Vector256<int> r4, ref Vector256<int> r5, ref Vector256<int> r6, ref Vector256<int> r7)
    {
        var t0 = Avx2.UnpackLow(r0, r1);
        var t1 = Avx2.UnpackHigh(r0, r1);
        var t2 = Avx2.UnpackLow(r2, r3);
        var t3 = Avx2.UnpackHigh(r2, r3);
        var t4 = Avx2.UnpackLow(r4, r5);
        var t5 = Avx2.UnpackHigh(r4, r5);
        var t6 = Avx2.UnpackLow(r6, r7);
        var t7 = Avx2.UnpackHigh(r6, r7);
        var u0 = Avx2.UnpackLow(t0.AsInt64(), t2.AsInt64()).AsInt32();
        var u1 = Avx2.UnpackHigh(t0.AsInt64(), t2.AsInt64()).AsInt32();
        var u2 = Avx2.UnpackLow(t1.AsInt64(), t3.AsInt64()).AsInt32();
        var u3 = Avx2.UnpackHigh(t1.AsInt64(), t3.AsInt64()).AsInt32();
        var u4 = Avx2.UnpackLow(t4.AsInt64(), t6.AsInt64()).AsInt32();
        var u5 = Avx2.UnpackHigh(t4.AsInt64(), t6.AsInt64()).AsInt32();
        var u6 = Avx2.UnpackLow(t5.AsInt64(), t7.AsInt64()).AsInt32();
        var u7 = Avx2.UnpackHigh(t5.AsInt64(), t7.AsInt64()).AsInt32();
        r0 = Avx2.Permute2x128(u0, u4, 0x20);
        r4 = Avx2.Permute2x128(u0, u4, 0x31);
        r1 = Avx2.Permute2x128(u1, u5, 0x20);
        r5 = Avx2.Permute2x128(u1, u5, 0x31);
        r2 = Avx2.Permute2x128(u2, u6, 0x20);
        r6 = Avx2.Permute2x128(u2, u6, 0x31);
        r3 = Avx2.Permute2x128(u3, u7, 0x20);
        r7 = Avx2.Permute2x128(u3, u7, 0x31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Idct1D(
        Vector256<int> s0, Vector256<int> s1, Vector256<int> s2, Vector256<int> s3,
        Vector256<int> s4, Vector256<int> s5, Vector256<int> s6, Vector256<int> s7,
        out Vector256<int> x0, out Vector256<int> x1, out Vector256<int> x2, out Vector256<int> x3,
        out Vector256<int> t0, out Vector256<int> t1, out Vector256<int> t2, out Vector256<int> t3)
    {
        var p1 = (s2 + s6) * Vector256.Create(C0_541);
        t2 = p1 + (s6 * Vector256.Create(C1_847));
        t3 = p1 + (s2 * Vector256.Create(C0_765));
        t0 = Vector256.ShiftLeft(s0 + s4, 12);
        t1 = Vector256.ShiftLeft(s0 - s4, 12);
        x0 = t0 + t3;
        x3 = t0 - t3;
        x1 = t1 + t2;
        x2 = t1 - t2;
        var p3 = s7 + s3;
        var p4 = s5 + s1;
        p1 = s7 + s1;
        var p2 = s5 + s3;
        var p5 = (p3 + p4) * Vector256.Create(C1_175);
        t0 = s7 * Vector256.Create(C0_298);
        t1 = s5 * Vector256.Create(C2_053);
        t2 = s3 * Vector256.Create(C3_072);
        t3 = s1 * Vector256.Create(C1_501);
        p1 = p5 + (p1 * Vector256.Create(C0_899));
        p2 = p5 + (p2 * Vector256.Create(C2_562));
        p3 *= Vector256.Create(C1_961);
        p4 *= Vector256.Create(C0_390);
        t3 += p1 + p4;
        t2 += p2 + p3;
        t1 += p2 + p4;
        t0 += p1 + p3;
    }
}
