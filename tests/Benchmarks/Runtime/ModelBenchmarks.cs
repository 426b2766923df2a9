using BenchmarkDotNet.Attributes;
using WorkflowPlatform.Faces.Runtime;

namespace WorkflowPlatform.Benchmarks.Runtime;

/// <summary>
/// One inference of each face model at its input size, and the per-selfie set (BlazeFace + FaceMesh +
/// dlib + antispoof + liveness) run back to back. Compare with tfjs-wasm via Runtime/tfjs/bench.mjs.
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*ModelBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 25)]
public class ModelBenchmarks
{
    private GraphModel _blazeFace = null!, _faceMesh = null!, _antispoof = null!, _liveness = null!;
    private DlibFaceNet _dlib = null!;
    private Tensor _in256 = null!, _in192 = null!, _in128 = null!, _in32 = null!;
    private float[] _chip = null!;

    [GlobalSetup]
    public void Setup()
    {
        string human = Path.Combine(ModelsDir.Find(), "@vladmandic", "human", "models");
        _blazeFace = GraphModel.Load(Path.Combine(human, "blazeface.json"));
        _faceMesh = GraphModel.Load(Path.Combine(human, "facemesh.json"));
        _antispoof = GraphModel.Load(Path.Combine(human, "antispoof.json"));
        _liveness = GraphModel.Load(Path.Combine(human, "liveness.json"));
        _dlib = DlibFaceNet.Load(Path.Combine(ModelsDir.Find(), "@vladmandic", "face-api", "model", "face_recognition_model-weights_manifest.json"));
        var rnd = new Random(42);
        _in256 = Input(rnd, 256, -1f, 2f);
        _in192 = Input(rnd, 192, 0f, 1f);
        _in128 = Input(rnd, 128, 0f, 1f);
        _in32 = Input(rnd, 32, 0f, 1f);
        _chip = new float[150 * 150 * 3];
        for (int i = 0; i < _chip.Length; i++) _chip[i] = (float)rnd.NextDouble() - 0.5f;
    }

    private static Tensor Input(Random rnd, int size, float offset, float scale)
    {
        var t = new Tensor([1, size, size, 3]);
        for (int i = 0; i < t.Length; i++) t.Data[i] = offset + scale * (float)rnd.NextDouble();
        return t;
    }

    [Benchmark(Description = "BlazeFace 256²")]
    public IReadOnlyList<Tensor> BlazeFace() => _blazeFace.Run(_in256);

    [Benchmark(Description = "FaceMesh 192²")]
    public IReadOnlyList<Tensor> FaceMesh() => _faceMesh.Run(_in192);

    [Benchmark(Description = "dlib ResNet 150²")]
    public float[] Dlib() => _dlib.Compute(_chip);

    [Benchmark(Description = "antispoof 128²")]
    public IReadOnlyList<Tensor> Antispoof() => _antispoof.Run(_in128);

    [Benchmark(Description = "liveness 32²")]
    public IReadOnlyList<Tensor> Liveness() => _liveness.Run(_in32);

    [Benchmark(Description = "all five (one selfie)")]
    public int AllModels()
    {
        int n = _blazeFace.Run(_in256).Count;
        n += _faceMesh.Run(_in192).Count;
        n += _dlib.Compute(_chip).Length;
        n += _antispoof.Run(_in128).Count;
        n += _liveness.Run(_in32).Count;
        return n;
    }
}

/// <summary>The node_modules holding @vladmandic/*: WFP_MODELS_DIR (the models directory, or its node_modules),
/// else models/node_modules above the current directory.</summary>
internal static class ModelsDir
{
    public static string Find()
    {
        string? env = Environment.GetEnvironmentVariable("WFP_MODELS_DIR");
        if (!string.IsNullOrWhiteSpace(env))
            return Directory.Exists(Path.Combine(env, "@vladmandic")) ? env : Path.Combine(env, "node_modules");
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "models", "node_modules");
                if (Directory.Exists(Path.Combine(candidate, "@vladmandic"))) return candidate;
            }
        throw new InvalidOperationException("Model files not found: run `npm ci --prefix models` or set WFP_MODELS_DIR.");
    }
}
