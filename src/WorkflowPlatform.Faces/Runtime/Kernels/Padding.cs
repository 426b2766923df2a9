namespace WorkflowPlatform.Faces.Runtime.Kernels;

/// <summary>TensorFlow's padding rules for convolutions and pools.</summary>
internal static class Padding
{
    /// <summary>Output size and leading pad for one spatial axis. SAME puts the odd pixel at the end
    /// (bottom/right), as TF does: a 3×3/2 conv on an even input pads (0, 1).</summary>
    public static (int Out, int PadBefore) Axis(bool same, int input, int kernel, int stride)
    {
        if (same)
        {
            int output = (input + stride - 1) / stride;
            int total = Math.Max((output - 1) * stride + kernel - input, 0);
            return (output, total / 2);
        }
        if (input < kernel) throw new InvalidOperationException($"VALID window {kernel} larger than input {input}.");
        return ((input - kernel) / stride + 1, 0);
    }
}
