using Xunit;
using System.Diagnostics;
using WorkflowPlatform.Faces.Imaging;
using WorkflowPlatform.Faces.Tests.Support;

namespace WorkflowPlatform.Faces.Tests.Imaging;

/// <summary>Locates the shared photos and the committed fixtures; runs ffmpeg as the reference decoder.</summary>
internal static class TestImages
{
    public static string RepoRoot => TestPaths.RepoRoot;

    /// <summary>The shared photos: <c>WFP_FACES_DIR</c>, else <c>../shared/faces</c> relative to the repository root.</summary>
    public static string FacesDir => TestPaths.FacesDir;

    public static string FixturesDir { get; } = Path.Combine(RepoRoot, "tests", "WorkflowPlatform.Faces.Tests", "Imaging", "Fixtures");

    public static string Face(string name) => TestPaths.Face(name);

    public static string Fixture(string name) => Path.Combine(FixturesDir, name);

    public static byte[] FixtureBytes(string name) => File.ReadAllBytes(Fixture(name));

    /// <summary>Decodes <paramref name="path"/> with ffmpeg to raw pixels in <paramref name="pixelFormat"/>.</summary>
    public static byte[] Ffmpeg(string path, string pixelFormat)
    {
        var psi = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "-v", "error", "-i", path, "-f", "rawvideo", "-pix_fmt", pixelFormat, "-" })
            psi.ArgumentList.Add(a);
        Process p;
        try
        {
            p = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("ffmpeg is needed as the reference decoder for these tests (apt-get install ffmpeg).", e);
        }

        using (p)
        {
            using var ms = new MemoryStream();
            var err = p.StandardError.ReadToEndAsync();
            p.StandardOutput.BaseStream.CopyTo(ms);
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, $"ffmpeg failed on {path}: {err.Result}");
            return ms.ToArray();
        }
    }

    /// <summary>Reads a binary PPM (P6) or PGM (P5), returning RGB.</summary>
    public static (int Width, int Height, byte[] Rgb) ReadPnm(string path)
    {
        byte[] d = File.ReadAllBytes(path);
        int pos = 0;
        string Token()
        {
            while (char.IsWhiteSpace((char)d[pos]))
                pos++;
            int start = pos;
            while (!char.IsWhiteSpace((char)d[pos]))
                pos++;
            return System.Text.Encoding.ASCII.GetString(d, start, pos - start);
        }

        string magic = Token();
        int w = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        int h = int.Parse(Token(), System.Globalization.CultureInfo.InvariantCulture);
        Token();
        pos++;
        var rgb = new byte[w * h * 3];
        if (magic == "P6")
        {
            Array.Copy(d, pos, rgb, 0, rgb.Length);
        }
        else
        {
            for (int i = 0; i < w * h; i++)
                rgb[i * 3] = rgb[(i * 3) + 1] = rgb[(i * 3) + 2] = d[pos + i];
        }

        return (w, h, rgb);
    }

    public static (double Mean, int Max) Diff(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        Assert.Equal(a.Length, b.Length);
        long sum = 0;
        int max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            int d = Math.Abs(a[i] - b[i]);
            sum += d;
            max = Math.Max(max, d);
        }

        return ((double)sum / Math.Max(1, a.Length), max);
    }

    /// <summary>Composites RGBA (8-bit) over white with the rule the decoder documents.</summary>
    public static byte[] OverWhite(ReadOnlySpan<byte> rgba)
    {
        var rgb = new byte[rgba.Length / 4 * 3];
        for (int i = 0, j = 0; i < rgba.Length; i += 4, j += 3)
        {
            int a = rgba[i + 3];
            for (int c = 0; c < 3; c++)
                rgb[j + c] = (byte)Math.Round(((rgba[i + c] * a) + (255.0 * (255 - a))) / 255.0, MidpointRounding.AwayFromZero);
        }

        return rgb;
    }

    /// <summary>RGBA64 big-endian → 8-bit RGBA by keeping the high byte (the decoder's documented 16-bit rule).</summary>
    public static byte[] HighBytes(ReadOnlySpan<byte> rgba64)
    {
        var r = new byte[rgba64.Length / 2];
        for (int i = 0; i < r.Length; i++)
            r[i] = rgba64[i * 2];
        return r;
    }

    public static RgbImage Decode(string path) => ImageDecoder.Decode(File.ReadAllBytes(path));
}
