using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace WorkflowPlatform.Faces.Imaging.Jpeg;

/// <summary>
/// JFIF YCbCr → RGB with libjpeg's 16-bit fixed-point constants and rounding (results are bit-identical
/// to jdcolor.c). Vector256 computes 8 pixels per step; the tail and non-AVX machines use the scalar form.
/// </summary>
internal static class ColorConvert
{
    private const int Shift = 16;
    private const int Half = 1 << (Shift - 1);
    private const int CrR = 91881;   // 1.40200 * 65536 + 0.5
    private const int CbB = 116130;  // 1.77200 * 65536 + 0.5
    private const int CbG = -22554;  // -0.34414 * 65536
    private const int CrG = -46802;  // -0.71414 * 65536

    public static void YCbCrToRgb(ReadOnlySpan<byte> yRow, ReadOnlySpan<byte> cbRow, ReadOnlySpan<byte> crRow, Span<byte> rgb)
    {
        int n = rgb.Length / 3;
        yRow = yRow[..n];
        cbRow = cbRow[..n];
        crRow = crRow[..n];
        int x = 0;
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            Span<byte> tmp = stackalloc byte[32];
            var crR = Vector256.Create(CrR);
            var cbB = Vector256.Create(CbB);
            var cbG = Vector256.Create(CbG);
            var crG = Vector256.Create(CrG);
            var half = Vector256.Create(Half);
            var c128 = Vector256.Create(128);
            var zero = Vector256<int>.Zero;
            var max = Vector256.Create(255);
            for (; x <= n - 8; x += 8)
            {
                var yv = Widen(yRow.Slice(x, 8));
                var cb = Widen(cbRow.Slice(x, 8)) - c128;
                var cr = Widen(crRow.Slice(x, 8)) - c128;
                var r = yv + Vector256.ShiftRightArithmetic((crR * cr) + half, Shift);
                var g = yv + Vector256.ShiftRightArithmetic((cbG * cb) + (crG * cr) + half, Shift);
                var b = yv + Vector256.ShiftRightArithmetic((cbB * cb) + half, Shift);
                r = Vector256.Min(Vector256.Max(r, zero), max);
                g = Vector256.Min(Vector256.Max(g, zero), max);
                b = Vector256.Min(Vector256.Max(b, zero), max);
                var d = rgb.Slice(x * 3, 24);
                for (int i = 0; i < 8; i++)
                {
                    d[i * 3] = (byte)r.GetElement(i);
                    d[(i * 3) + 1] = (byte)g.GetElement(i);
                    d[(i * 3) + 2] = (byte)b.GetElement(i);
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Widen(ReadOnlySpan<byte> eight)
    {
        var v = Vector128.Create(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(eight), 0UL).AsByte();
        var w16 = Vector128.WidenLower(v);
        return Vector256.Create(Vector128.WidenLower(w16), Vector128.WidenUpper(w16)).AsInt32();
    }

    public static void PlanarToRgb(ReadOnlySpan<byte> r, ReadOnlySpan<byte> g, ReadOnlySpan<byte> b, Span<byte> rgb)
    {
        int n = rgb.Length / 3;
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
