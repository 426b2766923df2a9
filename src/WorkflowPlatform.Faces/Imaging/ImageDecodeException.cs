namespace WorkflowPlatform.Faces.Imaging;

/// <summary>
/// Thrown when an image cannot be decoded. <see cref="Code"/> is one of the stable product codes
/// <see cref="Invalid"/>, <see cref="TooLarge"/> or <see cref="Unsupported"/>.
/// </summary>
public sealed class ImageDecodeException : Exception
{
    /// <summary>Malformed or truncated data, or an unknown signature that is not an image at all.</summary>
    public const string Invalid = "IMAGE_INVALID";

    /// <summary>The byte size or the declared pixel count exceeds <see cref="DecodeLimits"/>.</summary>
    public const string TooLarge = "IMAGE_TOO_LARGE";

    /// <summary>A valid image using a feature this decoder does not implement (CMYK, arithmetic coding, 12-bit...).</summary>
    public const string Unsupported = "IMAGE_UNSUPPORTED";

    public ImageDecodeException(string code, string message)
        : base(message)
    {
        Code = code;
    }

    public ImageDecodeException(string code, string message, Exception inner)
        : base(message, inner)
    {
        Code = code;
    }

    /// <summary>One of <see cref="Invalid"/>, <see cref="TooLarge"/>, <see cref="Unsupported"/>.</summary>
    public string Code { get; }

    internal static ImageDecodeException Corrupt(string message) => new(Invalid, message);

    internal static ImageDecodeException NotSupported(string message) => new(Unsupported, message);

    internal static ImageDecodeException Large(string message) => new(TooLarge, message);
}
