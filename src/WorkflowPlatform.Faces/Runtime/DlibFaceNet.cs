using System.Buffers;
using System.Text.Json;
using WorkflowPlatform.Faces.Runtime.Kernels;

namespace WorkflowPlatform.Faces.Runtime;

/// <summary>
/// dlib's ResNet-29 face descriptor (face-api.js <c>face_recognition_model</c>): a 150×150×3 chip to a raw
/// 128-d vector (compare with Euclidean distance, threshold ≈ 0.6). The weights file carries no graph; the
/// architecture follows face-api's FaceRecognitionNet: conv 7×7/2 VALID, max-pool 3×3/2, residual blocks
/// at 32/64/128/256 channels, down blocks with a 2×2 average-pool shortcut, global mean, 256→128 matrix.
/// Each conv's frozen batch-norm ("scale" layer) is folded into its filter and bias at load.
/// Immutable after load and safe for concurrent <see cref="Compute"/> calls.
/// </summary>
public sealed class DlibFaceNet
{
    /// <summary>Chip side in pixels.</summary>
    public const int ChipSize = 150;

    /// <summary>Descriptor length.</summary>
    public const int DescriptorLength = 128;

    /// <summary>Mean RGB subtracted before dividing by 255 (face-api 1.7.15).</summary>
    public static ReadOnlySpan<float> MeanRgb => [122.782f, 117.001f, 104.298f];

    private readonly Conv2D _stem;
    private readonly Block[] _blocks;
    private readonly float[] _fc; // [256, 128]

    /// <summary>A residual or down block. <c>Conv2</c> carries the ReLU that follows "+ shortcut" (the
    /// epilogue adds the residual first); <c>Conv2Plain</c> is the same filter without it.</summary>
    private sealed record Block(string Name, bool Down, Conv2D Conv1, Conv2D Conv2, int Cin, int Cout)
    {
        public Conv2D Conv2Plain { get; } = Conv2.WithActivation(Activation.None, default);
    }

    private DlibFaceNet(string path, Conv2D stem, Block[] blocks, float[] fc)
    {
        FilePath = path;
        _stem = stem;
        _blocks = blocks;
        _fc = fc;
    }

    /// <summary>The weights manifest this network was loaded from.</summary>
    public string FilePath { get; }

    /// <summary>Loads <c>face_recognition_model-weights_manifest.json</c> (and the .bin it names).</summary>
    /// <exception cref="ModelLoadException">A file is missing or truncated, or a tensor is missing or has the wrong shape.</exception>
    public static DlibFaceNet Load(string manifestPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifestPath);
        string full = Path.GetFullPath(manifestPath);
        if (!File.Exists(full)) throw new ModelLoadException(full, "file is missing.");
        Dictionary<string, WeightTensor> w;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(full));
            w = WeightStore.Load(doc.RootElement, Path.GetDirectoryName(full)!, full);
        }
        catch (JsonException e)
        {
            throw new ModelLoadException(full, $"is not valid JSON ({e.Message}).", e);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ModelLoadException(full, $"is malformed: {e.Message}", e);
        }

        var loader = new Loader(full, w);
        Conv2D stem = loader.Unit("conv32_down", 7, 3, 32, 2, Activation.Relu);
        var blocks = new List<Block>();
        void Res(string name, int c) => blocks.Add(new Block(name, false, loader.Unit(name + "/conv1", 3, c, c, 1, Activation.Relu), loader.Unit(name + "/conv2", 3, c, c, 1, Activation.Relu), c, c));
        void Down(string name, int cin, int cout) => blocks.Add(new Block(name, true, loader.Unit(name + "/conv1", 3, cin, cout, 2, Activation.Relu), loader.Unit(name + "/conv2", 3, cout, cout, 1, Activation.Relu), cin, cout));
        Res("conv32_1", 32); Res("conv32_2", 32); Res("conv32_3", 32);
        Down("conv64_down", 32, 64); Res("conv64_1", 64); Res("conv64_2", 64); Res("conv64_3", 64);
        Down("conv128_down", 64, 128); Res("conv128_1", 128); Res("conv128_2", 128);
        Down("conv256_down", 128, 256); Res("conv256_1", 256); Res("conv256_2", 256);
        Down("conv256_down_out", 256, 256);
        float[] fc = loader.Get("fc", [256, DescriptorLength]);
        return new DlibFaceNet(full, stem, blocks.ToArray(), fc);
    }

    /// <summary>
    /// Normalises a 150×150 RGB byte chip (interleaved, row-major) the way face-api does:
    /// <c>(v − mean[c]) / 255</c> in float32.
    /// </summary>
    public static void Normalize(ReadOnlySpan<byte> rgbChip, Span<float> destination)
    {
        const int n = ChipSize * ChipSize * 3;
        if (rgbChip.Length != n) throw new ArgumentException($"Expected {n} RGB bytes (150×150×3), got {rgbChip.Length}.", nameof(rgbChip));
        if (destination.Length < n) throw new ArgumentException($"Destination needs {n} floats.", nameof(destination));
        float m0 = MeanRgb[0], m1 = MeanRgb[1], m2 = MeanRgb[2];
        for (int i = 0; i < n; i += 3)
        {
            destination[i] = (rgbChip[i] - m0) / 255f;
            destination[i + 1] = (rgbChip[i + 1] - m1) / 255f;
            destination[i + 2] = (rgbChip[i + 2] - m2) / 255f;
        }
    }

    /// <summary>Normalises a 150×150 RGB byte chip into a new array (see <see cref="Normalize(ReadOnlySpan{byte}, Span{float})"/>).</summary>
    public static float[] Normalize(ReadOnlySpan<byte> rgbChip)
    {
        var result = new float[ChipSize * ChipSize * 3];
        Normalize(rgbChip, result);
        return result;
    }

    /// <summary>Descriptor of a 150×150 RGB byte chip (normalises, then <see cref="Compute"/>).</summary>
    public float[] ComputeFromRgb(ReadOnlySpan<byte> rgbChip)
    {
        float[] buf = ArrayPool<float>.Shared.Rent(ChipSize * ChipSize * 3);
        try
        {
            Normalize(rgbChip, buf);
            return Compute(buf.AsSpan(0, ChipSize * ChipSize * 3));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buf);
        }
    }

    /// <summary>128-d descriptor of a normalised 150×150×3 chip (HWC, RGB).</summary>
    public float[] Compute(ReadOnlySpan<float> chip)
    {
        const int n = ChipSize * ChipSize * 3;
        if (chip.Length != n) throw new ArgumentException($"Expected a normalised 150×150×3 chip ({n} floats), got {chip.Length}.", nameof(chip));
        var rented = new List<float[]>(8);
        float[] Rent(int size)
        {
            float[] a = ArrayPool<float>.Shared.Rent(size);
            rented.Add(a);
            return a;
        }
        try
        {
            float[] x = Rent(n);
            chip.CopyTo(x);
            int side = ChipSize;

            int s1 = (side - 7) / 2 + 1; // 72
            float[] stem = Rent(s1 * s1 * 32);
            _stem.Execute(x, side, side, stem, s1, s1, 0, 0, null);
            int s2 = (s1 - 3) / 2 + 1; // 35
            float[] cur = Rent(s2 * s2 * 32);
            Pooling.Execute(true, stem, s1, s1, 32, cur, s2, s2, 3, 3, 2, 2, 0, 0);
            side = s2;

            foreach (Block b in _blocks)
            {
                if (!b.Down)
                {
                    float[] t = Rent(side * side * b.Cout);
                    b.Conv1.Execute(cur, side, side, t, side, side, 1, 1, null);
                    float[] y = Rent(side * side * b.Cout);
                    b.Conv2.Execute(t, side, side, y, side, side, 1, 1, cur); // + x, ReLU fused
                    cur = y;
                    continue;
                }

                int main = (side - 3) / 2 + 1;   // conv 3×3/2 VALID
                int pooled = (side - 2) / 2 + 1; // avg-pool 2×2/2 VALID
                // Shortcut: pooled input with zero channels appended.
                float[] shortcut = Rent(pooled * pooled * b.Cout);
                AvgPoolPadChannels(cur, side, b.Cin, shortcut, pooled, b.Cout);
                float[] t1 = Rent(main * main * b.Cout);
                b.Conv1.Execute(cur, side, side, t1, main, main, 0, 0, null);
                float[] y2 = Rent(pooled * pooled * b.Cout);
                if (main == pooled)
                {
                    b.Conv2.Execute(t1, main, main, y2, main, main, 1, 1, shortcut);
                }
                else
                {
                    // face-api appends a zero row (bottom) and column (right) to the main path.
                    float[] u = Rent(main * main * b.Cout);
                    b.Conv2Plain.Execute(t1, main, main, u, main, main, 1, 1, null);
                    for (int yy = 0; yy < pooled; yy++)
                        for (int xx = 0; xx < pooled; xx++)
                        {
                            Span<float> dst = y2.AsSpan((yy * pooled + xx) * b.Cout, b.Cout);
                            ReadOnlySpan<float> sc = shortcut.AsSpan((yy * pooled + xx) * b.Cout, b.Cout);
                            if (yy < main && xx < main)
                                System.Numerics.Tensors.TensorPrimitives.Add(sc, u.AsSpan((yy * main + xx) * b.Cout, b.Cout), dst);
                            else
                                sc.CopyTo(dst);
                            System.Numerics.Tensors.TensorPrimitives.Max(dst, 0f, dst);
                        }
                }
                cur = y2;
                side = pooled;
            }

            // Global mean over H and W, then the 256→128 matrix (no bias).
            int c = _blocks[^1].Cout;
            Span<float> mean = stackalloc float[c];
            mean.Clear();
            for (int p = 0; p < side * side; p++)
                System.Numerics.Tensors.TensorPrimitives.Add(mean, cur.AsSpan(p * c, c), mean);
            System.Numerics.Tensors.TensorPrimitives.Divide(mean, side * side, mean);
            var result = new float[DescriptorLength];
            Dense.Forward(mean, _fc, null, result, relu: false);
            return result;
        }
        finally
        {
            foreach (float[] a in rented) ArrayPool<float>.Shared.Return(a);
        }
    }

    private static void AvgPoolPadChannels(float[] x, int side, int cin, float[] y, int pooled, int cout)
    {
        for (int yy = 0; yy < pooled; yy++)
            for (int xx = 0; xx < pooled; xx++)
            {
                Span<float> dst = y.AsSpan((yy * pooled + xx) * cout, cout);
                int i00 = ((2 * yy) * side + 2 * xx) * cin;
                int i01 = i00 + cin, i10 = i00 + side * cin, i11 = i10 + cin;
                for (int ch = 0; ch < cin; ch++)
                    dst[ch] = (x[i00 + ch] + x[i01 + ch] + x[i10 + ch] + x[i11 + ch]) * 0.25f;
                dst[cin..].Clear();
            }
    }

    private sealed class Loader(string path, Dictionary<string, WeightTensor> weights)
    {
        public float[] Get(string name, int[] shape)
        {
            if (!weights.TryGetValue(name, out WeightTensor? t) || t.Floats == null)
                throw new ModelLoadException(path, $"tensor '{name}' is missing.");
            if (!t.Shape.AsSpan().SequenceEqual(shape))
                throw new ModelLoadException(path, $"tensor '{name}' has shape [{string.Join(',', t.Shape)}], expected [{string.Join(',', shape)}].");
            return t.Floats;
        }

        /// <summary>conv + bias, then the scale layer, folded: w'·x + b' with w' = w·s, b' = b·s + t.</summary>
        public Conv2D Unit(string name, int k, int cin, int cout, int stride, Activation act)
        {
            float[] filter = Get(name + "/conv/filters", [k, k, cin, cout]);
            float[] bias = Get(name + "/conv/bias", [cout]);
            float[] scale = Get(name + "/scale/weights", [cout]);
            float[] shift = Get(name + "/scale/biases", [cout]);
            var folded = new float[filter.Length];
            for (int i = 0; i < filter.Length; i++) folded[i] = filter[i] * scale[i % cout];
            var b = new float[cout];
            for (int o = 0; o < cout; o++) b[o] = bias[o] * scale[o] + shift[o];
            return new Conv2D(folded, k, k, cin, cout, b, stride, stride, act, default);
        }
    }
}
