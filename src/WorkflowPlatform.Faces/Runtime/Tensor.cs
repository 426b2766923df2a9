namespace WorkflowPlatform.Faces.Runtime;

/// <summary>
/// A dense float32 tensor in NHWC layout (batch 1 for images). <see cref="Data"/> holds exactly
/// <c>product(Shape)</c> values, row-major with the last axis fastest.
/// </summary>
public sealed class Tensor
{
    /// <summary>Wraps <paramref name="data"/> (not copied) with the given shape.</summary>
    /// <exception cref="ArgumentException">The data length does not equal the product of the shape.</exception>
    public Tensor(float[] data, int[] shape, string name = "")
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        long n = ElementCount(shape);
        if (n != data.Length)
            throw new ArgumentException($"Tensor shape [{string.Join(',', shape)}] needs {n} values, got {data.Length}.", nameof(data));
        Data = data;
        Shape = shape;
        Name = name;
    }

    /// <summary>A zero-filled tensor.</summary>
    public Tensor(int[] shape, string name = "") : this(new float[checked((int)ElementCount(shape))], shape, name)
    {
    }

    /// <summary>The values, row-major, last axis fastest.</summary>
    public float[] Data { get; }

    /// <summary>The dimensions, e.g. <c>[1, 256, 256, 3]</c> for an NHWC image.</summary>
    public int[] Shape { get; }

    /// <summary>The graph's name for this tensor (the output name for model outputs), or empty.</summary>
    public string Name { get; }

    /// <summary>Number of values.</summary>
    public int Length => Data.Length;

    /// <summary>Values as a span.</summary>
    public Span<float> Span => Data;

    /// <summary>Creates a <c>[1, height, width, channels]</c> image tensor.</summary>
    public static Tensor Image(int height, int width, int channels) => new([1, height, width, channels]);

    /// <inheritdoc />
    public override string ToString() => $"{(Name.Length > 0 ? Name + " " : "")}[{string.Join(',', Shape)}]";

    internal static long ElementCount(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"Negative dimension {d} in shape.");
            n *= d;
        }
        return n;
    }
}
