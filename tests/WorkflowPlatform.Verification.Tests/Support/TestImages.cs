using WorkflowPlatform.Faces.Imaging;
using WorkflowPlatform.Testing;

namespace WorkflowPlatform.Verification.Tests.Support;

/// <summary>Shared test photos (<c>../shared/faces</c> or <c>WFP_FACES_DIR</c>) and variants made from them in memory.</summary>
public static class TestImages
{
    /// <summary>The repository root (folder of WorkflowPlatform.sln).</summary>
    public static string RepoRootPath => TestPhotos.RepoRoot;

    /// <summary><c>../shared/faces</c> relative to the repository root, or <c>WFP_FACES_DIR</c>.</summary>
    public static string FacesDir => TestPhotos.FacesDir;

    /// <summary>The bytes of a shared photo; fails with a clear message when absent.</summary>
    public static byte[] Bytes(string file) => TestPhotos.Bytes(file);

    public static RgbImage Decode(string file) => ImageDecoder.Decode(Bytes(file));

    /// <summary>A smooth diagonal gradient: no face, but real image content.</summary>
    public static RgbImage Gradient(int width, int height) => TestPhotos.Gradient(width, height);

    /// <summary>A rectangle of <paramref name="image"/>.</summary>
    public static RgbImage Crop(RgbImage image, int x, int y, int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var row = 0; row < height; row++)
            image.Pixels.AsSpan(((y + row) * image.Width + x) * 3, width * 3).CopyTo(pixels.AsSpan(row * width * 3));
        return new RgbImage(width, height, pixels);
    }

    /// <summary>Rotated by 90° clockwise (transpose + mirror): a face lying on its side.</summary>
    public static RgbImage Rotate90(RgbImage image) => TestPhotos.Rotate90(image);

    /// <summary>Box-filter downscale by an integer factor.</summary>
    public static RgbImage Downscale(RgbImage image, int factor)
    {
        int w = image.Width / factor, h = image.Height / factor;
        var pixels = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var sum = 0;
                    for (var dy = 0; dy < factor; dy++)
                        for (var dx = 0; dx < factor; dx++)
                            sum += image.Pixels[((y * factor + dy) * image.Width + x * factor + dx) * 3 + c];
                    pixels[(y * w + x) * 3 + c] = (byte)(sum / (factor * factor));
                }
            }
        }
        return new RgbImage(w, h, pixels);
    }

    /// <summary>A minimal PNG encoder so tests can feed made-up images through the real decoder.</summary>
    public static byte[] EncodePng(RgbImage image) => TestPhotos.EncodePng(image);
}
