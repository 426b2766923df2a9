using Xunit;
using System.Buffers.Binary;
using System.IO.Compression;

namespace WorkflowPlatform.Faces.Tests.Imaging;

/// <summary>
/// A minimal PNG writer for tests: any colour type and bit depth, Adam7, a chosen filter per row, extra
/// chunks. Written from the PNG specification independently of the decoder; checked against ffmpeg.
/// </summary>
internal sealed class PngBuilder
{
    private static readonly (int X, int Y, int Dx, int Dy)[] Adam7 =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    public int Width { get; init; }
    public int Height { get; init; }
    public int ColorType { get; init; }
    public int Depth { get; init; }
    public bool Interlaced { get; init; }

    /// <summary>Raw samples, <c>Channels</c> per pixel, row-major, each below 2^Depth.</summary>
    public required ushort[] Samples { get; init; }
    public byte[]? Palette { get; init; }
    public byte[]? Transparency { get; init; }
    public List<(string Type, byte[] Data)> ExtraChunks { get; } = [];

    /// <summary>Filter type for the n-th row written (all passes counted); default cycles through 0..4.</summary>
    public Func<int, int> Filter { get; init; } = n => n % 5;

    public int Channels => ColorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };

    public byte[] Encode()
    {
        using var raw = new MemoryStream();
        int rowCounter = 0;
        if (!Interlaced)
        {
            WritePass(raw, 0, 0, 1, 1, ref rowCounter);
        }
        else
        {
            foreach (var (x, y, dx, dy) in Adam7)
                WritePass(raw, x, y, dx, dy, ref rowCounter);
        }

        using var z = new MemoryStream();
        using (var zs = new ZLibStream(z, CompressionLevel.Optimal, leaveOpen: true))
            zs.Write(raw.ToArray());

        var png = new MemoryStream();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, Width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), Height);
        ihdr[8] = (byte)Depth;
        ihdr[9] = (byte)ColorType;
        ihdr[12] = (byte)(Interlaced ? 1 : 0);
        WriteChunk(png, "IHDR", ihdr);
        foreach (var (type, data) in ExtraChunks)
            WriteChunk(png, type, data);
        if (Palette is not null)
            WriteChunk(png, "PLTE", Palette);
        if (Transparency is not null)
            WriteChunk(png, "tRNS", Transparency);
        byte[] compressed = z.ToArray();
        int half = compressed.Length / 2; // two IDAT chunks: the decoder must concatenate them
        WriteChunk(png, "IDAT", compressed[..half]);
        WriteChunk(png, "IDAT", compressed[half..]);
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    public static void WriteChunk(Stream s, string type, byte[] data)
    {
        var len = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        byte[] typeAndData = [.. System.Text.Encoding.ASCII.GetBytes(type), .. data];
        s.Write(typeAndData);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc(typeAndData));
        s.Write(crc);
    }

    public static uint Crc(ReadOnlySpan<byte> data)
    {
        uint c = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            c ^= b;
            for (int k = 0; k < 8; k++)
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }

        return ~c;
    }

    private void WritePass(Stream raw, int x0, int y0, int dx, int dy, ref int rowCounter)
    {
        int pw = Width > x0 ? (Width - x0 + dx - 1) / dx : 0;
        int ph = Height > y0 ? (Height - y0 + dy - 1) / dy : 0;
        if (pw == 0 || ph == 0)
            return;
        int bitsPerPixel = Channels * Depth;
        int rowBytes = ((pw * bitsPerPixel) + 7) / 8;
        int bpp = Math.Max(1, bitsPerPixel / 8);
        var prior = new byte[rowBytes];
        for (int j = 0; j < ph; j++)
        {
            var row = new byte[rowBytes];
            int y = y0 + (j * dy);
            for (int i = 0; i < pw; i++)
            {
                int x = x0 + (i * dx);
                for (int c = 0; c < Channels; c++)
                {
                    int v = Samples[(((y * Width) + x) * Channels) + c];
                    int sampleIndex = (i * Channels) + c;
                    if (Depth == 16)
                    {
                        row[sampleIndex * 2] = (byte)(v >> 8);
                        row[(sampleIndex * 2) + 1] = (byte)v;
                    }
                    else if (Depth == 8)
                    {
                        row[sampleIndex] = (byte)v;
                    }
                    else
                    {
                        int bit = sampleIndex * Depth;
                        row[bit / 8] |= (byte)(v << (8 - Depth - (bit % 8)));
                    }
                }
            }

            int filter = Filter(rowCounter++);
            raw.WriteByte((byte)filter);
            raw.Write(ApplyFilter(filter, row, prior, bpp));
            prior = row;
        }
    }

    private static byte[] ApplyFilter(int filter, byte[] row, byte[] prior, int bpp)
    {
        var o = new byte[row.Length];
        for (int i = 0; i < row.Length; i++)
        {
            int a = i >= bpp ? row[i - bpp] : 0;
            int b = prior[i];
            int c = i >= bpp ? prior[i - bpp] : 0;
            int pred = filter switch
            {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) / 2,
                _ => Paeth(a, b, c),
            };
            o[i] = (byte)(row[i] - pred);
        }

        return o;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>The RGB the decoder must produce, computed from the samples by the PNG rules and the documented
    /// choices (16-bit → high byte, alpha and tRNS composited over white).</summary>
    public byte[] ExpectedRgb()
    {
        var rgb = new byte[Width * Height * 3];
        int max = (1 << Depth) - 1;
        for (int p = 0; p < Width * Height; p++)
        {
            var s = Samples.AsSpan(p * Channels, Channels);
            int r, g, b, a = 255;
            switch (ColorType)
            {
                case 0:
                    r = g = b = To8(s[0]);
                    if (Transparency is not null && s[0] == ((Transparency[0] << 8) | Transparency[1]))
                        a = 0;
                    break;
                case 2:
                    (r, g, b) = (To8(s[0]), To8(s[1]), To8(s[2]));
                    if (Transparency is not null &&
                        s[0] == ((Transparency[0] << 8) | Transparency[1]) &&
                        s[1] == ((Transparency[2] << 8) | Transparency[3]) &&
                        s[2] == ((Transparency[4] << 8) | Transparency[5]))
                        a = 0;
                    break;
                case 3:
                    (r, g, b) = (Palette![s[0] * 3], Palette[(s[0] * 3) + 1], Palette[(s[0] * 3) + 2]);
                    if (Transparency is not null && s[0] < Transparency.Length)
                        a = Transparency[s[0]];
                    break;
                case 4:
                    r = g = b = To8(s[0]);
                    a = To8(s[1]);
                    break;
                default:
                    (r, g, b, a) = (To8(s[0]), To8(s[1]), To8(s[2]), To8(s[3]));
                    break;
            }

            rgb[p * 3] = Over(r, a);
            rgb[(p * 3) + 1] = Over(g, a);
            rgb[(p * 3) + 2] = Over(b, a);
        }

        return rgb;

        int To8(int v) => Depth == 16 ? v >> 8 : Depth == 8 ? v : v * 255 / max;
        static byte Over(int c, int a) => (byte)Math.Round(((c * a) + (255.0 * (255 - a))) / 255.0, MidpointRounding.AwayFromZero);
    }

    /// <summary>Deterministic pseudo-random samples within the bit depth (and the palette size for type 3).</summary>
    public static ushort[] RandomSamples(int width, int height, int channels, int depth, int seed, int paletteSize = 0)
    {
        var rng = new Random(seed);
        var s = new ushort[width * height * channels];
        int limit = paletteSize > 0 ? paletteSize : 1 << depth;
        for (int i = 0; i < s.Length; i++)
            s[i] = (ushort)rng.Next(limit);
        return s;
    }
}
