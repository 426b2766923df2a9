namespace WorkflowPlatform.Verification;

/// <summary>Options of the verification services (section <c>Verification</c>).</summary>
public sealed class VerificationOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Verification";

    /// <summary>
    /// Face analyses running at once. Each analysis already spreads its convolutions over the cores, so more
    /// would only queue on the CPU; waiting captures queue here instead. Default: the processor count.
    /// </summary>
    public int MaxConcurrentAnalyses { get; set; } = Environment.ProcessorCount;

    /// <summary>Largest upload accepted by <see cref="Capture.SelfieCapture"/> in bytes (<c>IMAGE_TOO_LARGE</c> above). Default 15 MiB.</summary>
    public long MaxImageBytes { get; set; } = 15 * 1024 * 1024;

    /// <summary>Largest decoded image in pixels (<c>IMAGE_TOO_LARGE</c> above). Default 25 megapixels.</summary>
    public long MaxImagePixels { get; set; } = 25_000_000;

    /// <summary>
    /// HMAC-SHA256 key of signed photo URLs (≥ 32 bytes). Storage's <c>AddBlobStore</c> fills it from <c>Photos:UrlKey</c>
    /// (base64) or a key file under the data folder.
    /// </summary>
    public byte[]? PhotoUrlKey { get; set; }

    /// <summary>How long a signed photo URL stays valid. Default 15 minutes.</summary>
    public TimeSpan PhotoUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Path of the photo endpoint the URLs point at. Default <c>/api/v1/photos</c>.</summary>
    public string PhotoUrlPath { get; set; } = "/api/v1/photos";
}
