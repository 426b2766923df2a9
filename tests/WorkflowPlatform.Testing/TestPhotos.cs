using System.Buffers.Binary;
using System.IO.Compression;
using WorkflowPlatform.Faces.Imaging;

namespace WorkflowPlatform.Testing;

/// <summary>
/// The repository root, the shared test photos (<c>WFP_FACES_DIR</c>, else <c>../shared/faces</c> beside the repository root)
/// and images made up in memory, for every test project that references WorkflowPlatform.Testing.
/// </summary>
public static class TestPhotos
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "WorkflowPlatform.sln")))
                return d.FullName;
        }
        throw new InvalidOperationException("Repository root (WorkflowPlatform.sln) not found above " + AppContext.BaseDirectory);
    });

    /// <summary>The repository root (folder of WorkflowPlatform.sln).</summary>
    public static string RepoRoot => Root.Value;

    /// <summary><c>WFP_FACES_DIR</c>, else <c>../shared/faces</c> relative to the repository root.</summary>
    public static string FacesDir =>
        Environment.GetEnvironmentVariable("WFP_FACES_DIR") is { Length: > 0 } d ? d : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "faces"));

    /// <summary>The bytes of a shared photo; fails with a clear message when absent.</summary>
    public static byte[] Bytes(string file)
    {
        var path = Path.Combine(FacesDir, file);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Test photo '{path}' is missing. Put the shared photos at ../shared/faces (relative to the repository) or set WFP_FACES_DIR.", path);
        return File.ReadAllBytes(path);
    }

    /// <summary>A smooth diagonal gradient: real image content without a face.</summary>
    public static RgbImage Gradient(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var o = (y * width + x) * 3;
                pixels[o] = (byte)(x * 255 / width);
                pixels[o + 1] = (byte)(y * 255 / height);
                pixels[o + 2] = (byte)((x + y) * 127 / (width + height));
            }
        }
        return new RgbImage(width, height, pixels);
    }

    /// <summary>Rotated by 90° clockwise (transpose + mirror): a face lying on its side.</summary>
    public static RgbImage Rotate90(RgbImage image)
    {
        int w = image.Width, h = image.Height;
        var pixels = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                // (x, y) → (h - 1 - y, x) in a h×w image.
                var src = (y * w + x) * 3;
                var dst = (x * h + (h - 1 - y)) * 3;
                pixels[dst] = image.Pixels[src];
                pixels[dst + 1] = image.Pixels[src + 1];
                pixels[dst + 2] = image.Pixels[src + 2];
            }
        }
        return new RgbImage(h, w, pixels);
    }

    /// <summary>A minimal PNG encoder (8-bit RGB, filter 0, zlib) so tests can feed made-up images through the real decoder.</summary>
    public static byte[] EncodePng(RgbImage image)
    {
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[1 + image.Width * 3];
            for (var y = 0; y < image.Height; y++)
            {
                row[0] = 0;
                image.Row(y).CopyTo(row.AsSpan(1));
                z.Write(row);
            }
        }
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), image.Height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type RGB
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(len, data.Length);
        s.Write(len);
        var typeAndData = new byte[4 + data.Length];
        for (var i = 0; i < 4; i++)
            typeAndData[i] = (byte)type[i];
        data.CopyTo(typeAndData, 4);
        s.Write(typeAndData);
        BinaryPrimitives.WriteUInt32BigEndian(len, Crc32(typeAndData));
        s.Write(len);
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return crc ^ 0xFFFFFFFFu;
    }
}
