namespace WorkflowPlatform.Faces.Imaging;

/// <summary>
/// Bounds checked before any large allocation. The pixel bound is checked against the dimensions
/// declared in the header, so a tiny file declaring 50 000 × 50 000 pixels is rejected up front.
/// </summary>
public sealed record DecodeLimits
{
    /// <summary>Shared instance with the defaults.</summary>
    public static DecodeLimits Default { get; } = new();

    /// <summary>Maximum width × height declared by the header. Default 25 000 000 (25 Mpx).</summary>
    public long MaxPixels { get; init; } = 25_000_000;

    /// <summary>Maximum size of the encoded input in bytes. Default 15 MiB.</summary>
    public long MaxBytes { get; init; } = 15 * 1024 * 1024;

    /// <summary>Maximum number of colour components in a JPEG frame. Default 4 (larger frames are rejected as unsupported).</summary>
    public int MaxComponents { get; init; } = 4;

    /// <summary>Maximum number of JPEG scans; bounds the work a tiny progressive file can demand. Default 256.</summary>
    public int MaxScans { get; init; } = 256;
}
