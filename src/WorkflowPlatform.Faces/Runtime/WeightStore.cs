using System.Buffers.Binary;
using System.Text.Json;

namespace WorkflowPlatform.Faces.Runtime;

/// <summary>One decoded weight tensor from a TF.js weights manifest.</summary>
internal sealed class WeightTensor(string name, int[] shape, float[]? floats, int[]? ints)
{
    public string Name { get; } = name;
    public int[] Shape { get; } = shape;
    /// <summary>Values of float tensors (fp32, fp16 and quantised ones, all widened to float32).</summary>
    public float[]? Floats { get; } = floats;
    /// <summary>Values of int32 tensors (shapes, paddings).</summary>
    public int[]? Ints { get; } = ints;
}

/// <summary>
/// Reads TF.js weights manifests: groups of specs whose binary files are concatenated in manifest
/// order; tensors are stored back to back, each taking <c>count * bytesPerValue</c> of its own dtype
/// (so quantised uint8 tensors and fp32 tensors can interleave, as in the dlib file).
/// </summary>
internal static class WeightStore
{
    /// <summary>Decodes every weight of a manifest (the JSON array of groups).</summary>
    public static Dictionary<string, WeightTensor> Load(JsonElement manifest, string baseDir, string ownerFile)
    {
        if (manifest.ValueKind != JsonValueKind.Array)
            throw new ModelLoadException(ownerFile, "weightsManifest is not an array.");
        var result = new Dictionary<string, WeightTensor>(StringComparer.Ordinal);
        foreach (JsonElement group in manifest.EnumerateArray())
        {
            if (!group.TryGetProperty("paths", out JsonElement paths) || !group.TryGetProperty("weights", out JsonElement weights))
                throw new ModelLoadException(ownerFile, "a weights group lacks 'paths' or 'weights'.");

            // The group's files form one byte stream.
            var files = new List<string>();
            long total = 0;
            foreach (JsonElement p in paths.EnumerateArray())
            {
                string file = Path.Combine(baseDir, p.GetString() ?? "");
                if (!File.Exists(file)) throw new ModelLoadException(file, "weights file is missing.");
                files.Add(file);
                total += new FileInfo(file).Length;
            }
            if (total > int.MaxValue) throw new ModelLoadException(files[0], "weights larger than 2 GB are not supported.");
            byte[] bytes = new byte[total];
            int at = 0;
            foreach (string f in files)
            {
                using FileStream fs = File.OpenRead(f);
                fs.ReadExactly(bytes, at, (int)fs.Length);
                at += (int)fs.Length;
            }
            string describe = string.Join(" + ", files);

            int offset = 0;
            foreach (JsonElement spec in weights.EnumerateArray())
            {
                WeightTensor t = Decode(spec, bytes, ref offset, describe);
                result[t.Name] = t;
            }
            if (offset != bytes.Length)
                throw new ModelLoadException(describe, $"size mismatch: the manifest describes {offset} bytes but the file has {bytes.Length}.");
        }
        return result;
    }

    private static WeightTensor Decode(JsonElement spec, byte[] bytes, ref int offset, string file)
    {
        string name = spec.GetProperty("name").GetString() ?? throw new ModelLoadException(file, "a weight has no name.");
        int[] shape = spec.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        string dtype = spec.GetProperty("dtype").GetString() ?? "float32";
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ModelLoadException(file, $"weight '{name}' has a negative dimension.");
            count *= d;
        }
        if (count > int.MaxValue) throw new ModelLoadException(file, $"weight '{name}' is too large.");
        int n = (int)count;

        if (spec.TryGetProperty("quantization", out JsonElement q))
        {
            string qtype = q.GetProperty("dtype").GetString() ?? "";
            int width = qtype switch { "uint8" => 1, "uint16" => 2, "float16" => 2, _ => throw new ModelLoadException(file, $"weight '{name}' uses unsupported quantisation '{qtype}'.") };
            Need(bytes, offset, n * width, name, file);
            var values = new float[n];
            ReadOnlySpan<byte> src = bytes.AsSpan(offset, n * width);
            if (qtype == "float16")
            {
                for (int i = 0; i < n; i++)
                    values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(src.Slice(2 * i, 2));
            }
            else
            {
                // TF.js dequantises in JavaScript doubles and stores float32.
                double scale = q.GetProperty("scale").GetDouble();
                double min = q.GetProperty("min").GetDouble();
                if (width == 1)
                    for (int i = 0; i < n; i++) values[i] = (float)(src[i] * scale + min);
                else
                    for (int i = 0; i < n; i++) values[i] = (float)(BinaryPrimitives.ReadUInt16LittleEndian(src.Slice(2 * i, 2)) * scale + min);
            }
            offset += n * width;
            if (dtype == "int32")
                return new WeightTensor(name, shape, null, Array.ConvertAll(values, v => (int)MathF.Round(v)));
            return new WeightTensor(name, shape, values, null);
        }

        switch (dtype)
        {
            case "float32":
            {
                Need(bytes, offset, n * 4, name, file);
                var values = new float[n];
                bytes.AsSpan(offset, n * 4).CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
                if (!BitConverter.IsLittleEndian)
                    for (int i = 0; i < n; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(offset + 4 * i, 4));
                offset += n * 4;
                return new WeightTensor(name, shape, values, null);
            }
            case "int32":
            {
                Need(bytes, offset, n * 4, name, file);
                var values = new int[n];
                for (int i = 0; i < n; i++) values[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4 * i, 4));
                offset += n * 4;
                return new WeightTensor(name, shape, null, values);
            }
            default:
                throw new ModelLoadException(file, $"weight '{name}' has unsupported dtype '{dtype}'.");
        }
    }

    private static void Need(byte[] bytes, int offset, int count, string name, string file)
    {
        if ((long)offset + count > bytes.Length)
            throw new ModelLoadException(file, $"size mismatch: weight '{name}' needs {count} bytes at offset {offset} but the file has only {bytes.Length} bytes (truncated?).");
    }
}
