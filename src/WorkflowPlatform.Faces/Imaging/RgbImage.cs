namespace WorkflowPlatform.Faces.Imaging;

/// <summary>
/// A decoded image: 8-bit RGB, interleaved, row-major, no padding between rows
/// (<c>Pixels.Length == Width * Height * 3</c>). Orientation already applied.
/// </summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (pixels.Length != checked(width * height * 3))
            throw new ArgumentException($"Expected {width * height * 3} bytes for {width}x{height} RGB, got {pixels.Length}.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>RGB bytes, <c>3 * (y * Width + x)</c> is the red sample of pixel (x, y).</summary>
    public byte[] Pixels { get; }

    public Span<byte> Row(int y) => Pixels.AsSpan(y * Width * 3, Width * 3);
}
