using WorkflowPlatform.Faces.Imaging.Jpeg;
using WorkflowPlatform.Faces.Imaging.Png;

namespace WorkflowPlatform.Faces.Imaging;

/// <summary>
/// Decodes JPEG and PNG into <see cref="RgbImage"/>, format sniffed from the signature. Every failure is an
/// <see cref="ImageDecodeException"/> with a stable code; limits are checked from the header before any
/// pixel-sized allocation. Thread-safe (no shared mutable state).
/// </summary>
public static class ImageDecoder
{
    /// <summary>Decodes the image and applies its EXIF orientation. PNG transparency is composited over white.</summary>
    public static RgbImage Decode(ReadOnlySpan<byte> data, DecodeLimits? limits = null)
    {
        limits ??= DecodeLimits.Default;
        var format = Sniff(data, limits);
        try
        {
            if (format == ImageFormat.Jpeg)
            {
                var jpeg = new JpegDecoder(limits);
                var image = jpeg.Decode(data);
                return Orientation.Apply(image, jpeg.Orientation);
            }

            var png = new PngDecoder(limits);
            var decoded = png.Decode(data);
            return Orientation.Apply(decoded, png.Orientation);
        }
        catch (Exception e) when (e is not ImageDecodeException and not OutOfMemoryException)
        {
            // Any other fault inside a decoder means the input broke an assumption we failed to check
            // explicitly (a decoder bug). Callers still get the documented contract, and the fault stays
            // attached as InnerException, which the fuzzer reports as a crash.
            throw new ImageDecodeException(ImageDecodeException.Invalid, "The image data is corrupt: " + e.Message, e);
        }
    }

    /// <summary>Reads format, dimensions and orientation from the header without decoding pixels.</summary>
    public static ImageInfo ReadInfo(ReadOnlySpan<byte> data, DecodeLimits? limits = null)
    {
        limits ??= DecodeLimits.Default;
        var format = Sniff(data, limits);
        try
        {
            return format == ImageFormat.Jpeg ? JpegDecoder.ReadInfo(data, limits) : PngDecoder.ReadInfo(data, limits);
        }
        catch (Exception e) when (e is not ImageDecodeException and not OutOfMemoryException)
        {
            throw new ImageDecodeException(ImageDecodeException.Invalid, "The image header is corrupt: " + e.Message, e);
        }
    }

    /// <summary>The format implied by the first bytes, or null when neither JPEG nor PNG.</summary>
    public static ImageFormat? DetectFormat(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
            return ImageFormat.Jpeg;
        if (data.Length >= 8 && data[..8].SequenceEqual(PngDecoder.Signature))
            return ImageFormat.Png;
        return null;
    }

    private static ImageFormat Sniff(ReadOnlySpan<byte> data, DecodeLimits limits)
    {
        if (data.Length > limits.MaxBytes)
            throw ImageDecodeException.Large($"The image is {data.Length} bytes, above the limit of {limits.MaxBytes}.");
        if (data.IsEmpty)
            throw ImageDecodeException.Corrupt("The image is empty.");
        var format = DetectFormat(data);
        if (format is not null)
            return format.Value;
        if (LooksLikeOtherImage(data))
            throw ImageDecodeException.NotSupported("Unsupported image format (only JPEG and PNG are accepted).");
        throw ImageDecodeException.Corrupt("The data is not a JPEG or PNG image.");
    }

    private static bool LooksLikeOtherImage(ReadOnlySpan<byte> d) =>
        d.StartsWith("GIF8"u8) || d.StartsWith("BM"u8) || d.StartsWith("II*\0"u8) || d.StartsWith("MM\0*"u8) ||
        (d.Length >= 12 && d.StartsWith("RIFF"u8) && d.Slice(8, 4).SequenceEqual("WEBP"u8)) ||
        (d.Length >= 12 && d.Slice(4, 4).SequenceEqual("ftyp"u8)) || d.StartsWith("\0\0\0\x0CjP  "u8);
}
