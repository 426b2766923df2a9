using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace WorkflowPlatform.Faces.Imaging.Jpeg;

/// <summary>
/// JFIF YCbCr → RGB with libjpeg's 16-bit fixed-point constants and rounding (results are bit-identical
/// to jdcolor.c). With AVX2, 16 pixels per step: int32 arithmetic, saturating packs as the clamp and
/// byte shuffles to interleave RGB; the tail and other machines use the scalar form.
/// </summary>
internal static unsafe class ColorConvert
{
    private const int Shift = 16;
    private const int Half = 1 << (Shift - 1);
    private const int CrR = 91881;   // 1.40200 * 65536 + 0.5
    private const int CbB = 116130;  // 1.77200 * 65536 + 0.5
    private const int CbG = -22554;  // -0.34414 * 65536
    private const int CrG = -46802;  // -0.71414 * 65536

    // pshufb masks: output byte j of 16-byte block k takes pixel (16k + j) / 3 of channel (16k + j) % 3;
    // 0x80 zeroes the lane so the three shuffles can be OR-ed.
    private static readonly Vector128<byte>[] Masks = BuildMasks();

    private static Vector128<byte>[] BuildMasks()
    {
        var m = new Vector128<byte>[9];
        Span<byte> idx = stackalloc byte[16];
        for (int k = 0; k < 3; k++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int j = 0; j < 16; j++)
                {
                    int i = (16 * k) + j;
                    idx[j] = i % 3 == c ? (byte)(i / 3) : (byte)0x80;
                }

                m[(k * 3) + c] = Vector128.Create((ReadOnlySpan<byte>)idx);
            }
        }

        return m;
    }

    public static void YCbCrToRgb(ReadOnlySpan<byte> yRow, ReadOnlySpan<byte> cbRow, ReadOnlySpan<byte> crRow, Span<byte> rgb)
    {
        int n = rgb.Length / 3;
        if (yRow.Length < n || cbRow.Length < n || crRow.Length < n)
            throw new ArgumentException("Component rows are shorter than the output row.");
        int x = 0;
        if (Avx2.IsSupported && n >= 16)
        {
            fixed (byte* py = yRow)
            fixed (byte* pcb = cbRow)
            fixed (byte* pcr = crRow)
            fixed (byte* po = rgb)
            {
                var crR = Vector256.Create(CrR);
                var cbB = Vector256.Create(CbB);
                var cbG = Vector256.Create(CbG);
                var crG = Vector256.Create(CrG);
                var half = Vector256.Create(Half);
                var c128 = Vector256.Create(128);
                var m = Masks;
                for (; x <= n - 16; x += 16)
                {
                    var y0 = Avx2.ConvertToVector256Int32(py + x);
                    var y1 = Avx2.ConvertToVector256Int32(py + x + 8);
                    var cb0 = Avx2.ConvertToVector256Int32(pcb + x) - c128;
                    var cb1 = Avx2.ConvertToVector256Int32(pcb + x + 8) - c128;
                    var cr0 = Avx2.ConvertToVector256Int32(pcr + x) - c128;
                    var cr1 = Avx2.ConvertToVector256Int32(pcr + x + 8) - c128;
                    var r0 = y0 + Vector256.ShiftRightArithmetic((crR * cr0) + half, Shift);
                    var r1 = y1 + Vector256.ShiftRightArithmetic((crR * cr1) + half, Shift);
                    var g0 = y0 + Vector256.ShiftRightArithmetic((cbG * cb0) + (crG * cr0) + half, Shift);
                    var g1 = y1 + Vector256.ShiftRightArithmetic((cbG * cb1) + (crG * cr1) + half, Shift);
                    var b0 = y0 + Vector256.ShiftRightArithmetic((cbB * cb0) + half, Shift);
                    var b1 = y1 + Vector256.ShiftRightArithmetic((cbB * cb1) + half, Shift);
                    var rs = Avx2.Permute4x64(Avx2.PackSignedSaturate(r0, r1).AsInt64(), 0b11_01_10_00).AsInt16();
                    var gs = Avx2.Permute4x64(Avx2.PackSignedSaturate(g0, g1).AsInt64(), 0b11_01_10_00).AsInt16();
                    var bs = Avx2.Permute4x64(Avx2.PackSignedSaturate(b0, b1).AsInt64(), 0b11_01_10_00).AsInt16();
                    var rg = Avx2.Permute4x64(Avx2.PackUnsignedSaturate(rs, gs).AsInt64(), 0b11_01_10_00).AsByte();
                    var bb = Avx2.Permute4x64(Avx2.PackUnsignedSaturate(bs, bs).AsInt64(), 0b11_01_10_00).AsByte();
                    var r = rg.GetLower();
                    var g = rg.GetUpper();
                    var b = bb.GetLower();
                    byte* o = po + (x * 3);
                    Sse2.Store(o, Ssse3.Shuffle(r, m[0]) | Ssse3.Shuffle(g, m[1]) | Ssse3.Shuffle(b, m[2]));
                    Sse2.Store(o + 16, Ssse3.Shuffle(r, m[3]) | Ssse3.Shuffle(g, m[4]) | Ssse3.Shuffle(b, m[5]));
                    Sse2.Store(o + 32, Ssse3.Shuffle(r, m[6]) | Ssse3.Shuffle(g, m[7]) | Ssse3.Shuffle(b, m[8]));
                }
            }
        }

        for (; x < n; x++)
        {
            int yy = yRow[x];
            int cb = cbRow[x] - 128;
            int cr = crRow[x] - 128;
            rgb[x * 3] = Clamp(yy + (((CrR * cr) + Half) >> Shift));
            rgb[(x * 3) + 1] = Clamp(yy + (((CbG * cb) + (CrG * cr) + Half) >> Shift));
            rgb[(x * 3) + 2] = Clamp(yy + (((CbB * cb) + Half) >> Shift));
        }
    }

    public static void PlanarToRgb(ReadOnlySpan<byte> r, ReadOnlySpan<byte> g, ReadOnlySpan<byte> b, Span<byte> rgb)
    {
        int n = rgb.Length / 3;
        r = r[..n];
        g = g[..n];
        b = b[..n];
        for (int x = 0; x < n; x++)
        {
            rgb[x * 3] = r[x];
            rgb[(x * 3) + 1] = g[x];
            rgb[(x * 3) + 2] = b[x];
        }
    }

    public static void GreyToRgb(ReadOnlySpan<byte> grey, Span<byte> rgb)
    {
        int n = rgb.Length / 3;
        grey = grey[..n];
        for (int x = 0; x < n; x++)
        {
            byte v = grey[x];
            rgb[x * 3] = v;
            rgb[(x * 3) + 1] = v;
            rgb[(x * 3) + 2] = v;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Clamp(int v) => (uint)v <= 255 ? (byte)v : v < 0 ? (byte)0 : (byte)255;
}
