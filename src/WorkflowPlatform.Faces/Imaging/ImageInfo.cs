namespace WorkflowPlatform.Faces.Imaging;

/// <summary>Encoded image formats recognised by signature.</summary>
public enum ImageFormat
{
    Jpeg,
    Png,
}

/// <summary>
/// Header facts read without decoding pixels.
/// <see cref="Width"/> and <see cref="Height"/> are the dimensions of the decoded output, i.e. after the
/// EXIF orientation has been applied; <see cref="StoredWidth"/>/<see cref="StoredHeight"/> are as encoded.
/// </summary>
public sealed record ImageInfo(
    ImageFormat Format,
    int StoredWidth,
    int StoredHeight,
    int Orientation,
    int Components,
    int BitDepth,
    bool Progressive)
{
    /// <summary>Output width (orientations 5–8 swap width and height).</summary>
    public int Width => Orientation >= 5 ? StoredHeight : StoredWidth;

    /// <summary>Output height.</summary>
    public int Height => Orientation >= 5 ? StoredWidth : StoredHeight;
}
