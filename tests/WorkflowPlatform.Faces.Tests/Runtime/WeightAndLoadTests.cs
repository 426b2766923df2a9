using System.Text;
using System.Text.Json;
using WorkflowPlatform.Faces.Runtime;
using Xunit;

namespace WorkflowPlatform.Faces.Tests.Runtime;

/// <summary>Weight decoding (fp32, fp16 incl. subnormals, uint8 affine, interleaving) and the start-up
/// errors an operator sees when a model file is missing or damaged.</summary>
public sealed class WeightAndLoadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wfp-runtime-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_MixedDtypes_DecodesEachTensorWithItsOwnWidth()
    {
        // uint8 (1 byte/value), fp32 (4), fp16 (2, incl. a subnormal), uint8 again: back to back.
        var bin = new MemoryStream();
        bin.Write([0, 255, 7]);
        foreach (float f in new[] { 1.5f, -2.25f }) bin.Write(BitConverter.GetBytes(f));
        foreach (Half h in new[] { (Half)0.5f, BitConverter.UInt16BitsToHalf(0x0001), BitConverter.UInt16BitsToHalf(0x83FF), (Half)(-65504f) })
            bin.Write(BitConverter.GetBytes(h));
        bin.Write([10]);
        File.WriteAllBytes(Path.Combine(_dir, "w.bin"), bin.ToArray());
        const string manifest = """
        [{"paths":["w.bin"],"weights":[
          {"name":"q","shape":[3],"dtype":"float32","quantization":{"dtype":"uint8","scale":0.1,"min":-1.3}},
          {"name":"f","shape":[2],"dtype":"float32"},
          {"name":"h","shape":[2,2],"dtype":"float32","quantization":{"dtype":"float16","original_dtype":"float32"}},
          {"name":"q2","shape":[1],"dtype":"float32","quantization":{"dtype":"uint8","scale":0.0005260649557207145,"min":-0.07101876902229645}}]}]
        """;
        using JsonDocument doc = JsonDocument.Parse(manifest);

        var w = WeightStore.Load(doc.RootElement, _dir, "manifest.json");

        Assert.Equal(new[] { (float)(0 * 0.1 + -1.3), (float)(255 * 0.1 + -1.3), (float)(7 * 0.1 + -1.3) }, w["q"].Floats);
        Assert.Equal(new[] { 1.5f, -2.25f }, w["f"].Floats);
        Assert.Equal(new[] { 0.5f, 5.9604645E-08f, -6.0975552E-05f, -65504f }, w["h"].Floats);
        Assert.Equal(new[] { 2, 2 }, w["h"].Shape);
        // Dequantised in double, then rounded once to float32 (differs from float math for this scale).
        Assert.Equal((float)(10 * 0.0005260649557207145 + -0.07101876902229645), w["q2"].Floats![0]);
    }

    [Fact]
    public void GraphModelLoad_MissingWeightsFile_NamesTheFileAndTheRestoreCommand()
    {
        string model = CopyModel("liveness");
        File.Delete(Path.Combine(_dir, "liveness.bin"));

        var e = Assert.Throws<ModelLoadException>(() => GraphModel.Load(model));

        Assert.EndsWith("liveness.bin", e.FilePath, StringComparison.Ordinal);
        Assert.Contains("missing", e.Message, StringComparison.Ordinal);
        Assert.Contains("npm ci --prefix models", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GraphModelLoad_TruncatedWeights_ReportsSizeMismatch()
    {
        string model = CopyModel("liveness");
        string bin = Path.Combine(_dir, "liveness.bin");
        byte[] bytes = File.ReadAllBytes(bin);
        File.WriteAllBytes(bin, bytes[..(bytes.Length - 100)]);

        var e = Assert.Throws<ModelLoadException>(() => GraphModel.Load(model));

        Assert.Contains("size mismatch", e.Message, StringComparison.Ordinal);
        Assert.Contains("liveness.bin", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GraphModelLoad_OversizedWeights_ReportsSizeMismatch()
    {
        string model = CopyModel("liveness");
        using (var f = File.Open(Path.Combine(_dir, "liveness.bin"), FileMode.Append)) f.Write(new byte[8]);

        var e = Assert.Throws<ModelLoadException>(() => GraphModel.Load(model));

        Assert.Contains("size mismatch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GraphModelLoad_CorruptJson_NamesTheFile()
    {
        string model = CopyModel("liveness");
        File.WriteAllText(model, File.ReadAllText(model)[..500]);

        var e = Assert.Throws<ModelLoadException>(() => GraphModel.Load(model));

        Assert.Equal(Path.GetFullPath(model), e.FilePath);
        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GraphModelLoad_MissingModelFile_Throws()
    {
        var e = Assert.Throws<ModelLoadException>(() => GraphModel.Load(Path.Combine(_dir, "nope.json")));

        Assert.Contains("nope.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GraphModelLoad_UnsupportedOp_NamesOpAndNode()
    {
        string model = CopyModel("liveness");
        string json = File.ReadAllText(model);
        File.WriteAllText(model, json.Replace("\"op\":\"Softmax\"", "\"op\":\"Erf\"", StringComparison.Ordinal));

        var e = Assert.Throws<ModelLoadException>(() => GraphModel.Load(model));

        Assert.Contains("'Erf'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GraphModelLoad_HugeInputShape_RefusedAtLoad()
    {
        string model = CopyModel("liveness");
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(model))!;
        foreach (var node in root["modelTopology"]!["node"]!.AsArray())
            if ((string?)node!["op"] == "Placeholder")
            {
                var dims = node["attr"]!["shape"]!["shape"]!["dim"]!.AsArray();
                dims[1]!["size"] = "100000";
                dims[2]!["size"] = "100000";
            }
        File.WriteAllText(model, root.ToJsonString());

        var e = Assert.Throws<ModelLoadException>(() => GraphModel.Load(model));

        Assert.Contains("unsupported shape", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DlibLoad_TruncatedBin_ReportsSizeMismatch()
    {
        string src = Path.GetDirectoryName(RuntimeTestFiles.DlibManifest)!;
        File.Copy(RuntimeTestFiles.DlibManifest, Path.Combine(_dir, "m.json"));
        byte[] bin = File.ReadAllBytes(Path.Combine(src, "face_recognition_model.bin"));
        File.WriteAllBytes(Path.Combine(_dir, "face_recognition_model.bin"), bin[..^1]);

        var e = Assert.Throws<ModelLoadException>(() => DlibFaceNet.Load(Path.Combine(_dir, "m.json")));

        Assert.Contains("face_recognition_model.bin", e.Message, StringComparison.Ordinal);
        Assert.Contains("size mismatch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelsDirFrom_DirectoryMissing_FailsWithRestoreCommand()
    {
        var e = Assert.Throws<InvalidOperationException>(() => RuntimeTestFiles.ModelsDirFrom(Path.Combine(_dir, "absent")));

        Assert.Contains("npm ci --prefix models", e.Message, StringComparison.Ordinal);
    }

    private string CopyModel(string name)
    {
        string src = RuntimeTestFiles.HumanModel(name + ".json");
        string dst = Path.Combine(_dir, name + ".json");
        File.Copy(src, dst);
        File.Copy(Path.ChangeExtension(src, ".bin"), Path.Combine(_dir, name + ".bin"));
        return dst;
    }
}
