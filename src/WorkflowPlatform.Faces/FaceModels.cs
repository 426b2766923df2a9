using WorkflowPlatform.Faces.Runtime;

namespace WorkflowPlatform.Faces;

/// <summary>
/// The five networks of the face engine, loaded once and shared (all are safe for concurrent use).
/// Files come from the pinned npm packages installed by <c>npm ci --prefix models</c>.
/// </summary>
public sealed class FaceModels
{
    /// <summary>BlazeFace detector, relative to the models directory.</summary>
    public const string BlazeFaceFile = "node_modules/@vladmandic/human/models/blazeface.json";
    /// <summary>FaceMesh landmarks.</summary>
    public const string FaceMeshFile = "node_modules/@vladmandic/human/models/facemesh.json";
    /// <summary>antispoof signal.</summary>
    public const string AntispoofFile = "node_modules/@vladmandic/human/models/antispoof.json";
    /// <summary>liveness signal.</summary>
    public const string LivenessFile = "node_modules/@vladmandic/human/models/liveness.json";
    /// <summary>dlib ResNet-29 weights manifest.</summary>
    public const string DlibFile = "node_modules/@vladmandic/face-api/model/face_recognition_model-weights_manifest.json";

    /// <summary>Environment variable that overrides the default models directory.</summary>
    public const string ModelsDirVariable = "WFP_MODELS_DIR";

    private FaceModels(string directory, GraphModel detector, GraphModel mesh, GraphModel antispoof, GraphModel liveness, DlibFaceNet dlib)
    {
        Directory = directory;
        Detector = detector;
        Mesh = mesh;
        Antispoof = antispoof;
        Liveness = liveness;
        Dlib = dlib;
    }

    /// <summary>The models directory (holding <c>node_modules/@vladmandic/…</c>).</summary>
    public string Directory { get; }
    /// <summary>BlazeFace "back", 256×256 input in [−1, 1].</summary>
    public GraphModel Detector { get; }
    /// <summary>FaceMesh, 192×192 input in [0, 1].</summary>
    public GraphModel Mesh { get; }
    /// <summary>antispoof, 128×128 input in [0, 1].</summary>
    public GraphModel Antispoof { get; }
    /// <summary>liveness, 32×32 input in [0, 1].</summary>
    public GraphModel Liveness { get; }
    /// <summary>dlib 128-d descriptor.</summary>
    public DlibFaceNet Dlib { get; }

    /// <summary>
    /// Loads every model from <paramref name="modelsDirectory"/> (default: <see cref="DefaultDirectory"/>).
    /// </summary>
    /// <exception cref="ModelLoadException">A file is missing or corrupt; the message names it and says to run <c>npm ci --prefix models</c>.</exception>
    public static FaceModels Load(string? modelsDirectory = null)
    {
        var dir = Path.GetFullPath(string.IsNullOrWhiteSpace(modelsDirectory) ? DefaultDirectory() : modelsDirectory);
        string P(string rel) => Path.Combine(dir, rel);
        var detector = GraphModel.Load(P(BlazeFaceFile));
        var mesh = GraphModel.Load(P(FaceMeshFile));
        var antispoof = GraphModel.Load(P(AntispoofFile));
        var liveness = GraphModel.Load(P(LivenessFile));
        var dlib = DlibFaceNet.Load(P(DlibFile));
        CheckOutputs(detector, P(BlazeFaceFile), [1, 512, 1], [1, 384, 1], [1, 512, 16], [1, 384, 16]);
        CheckOutputs(mesh, P(FaceMeshFile), [1, 1], [1, 1404]);
        CheckOutputs(antispoof, P(AntispoofFile), [1, 1]);
        CheckOutputs(liveness, P(LivenessFile), [1, 2]);
        return new FaceModels(dir, detector, mesh, antispoof, liveness, dlib);
    }

    /// <summary>
    /// <c>WFP_MODELS_DIR</c> when set, else the first <c>models</c> directory with a <c>package.json</c> found walking
    /// up from the application's base directory (the repository layout), else <c>./models</c>.
    /// </summary>
    public static string DefaultDirectory()
    {
        var env = Environment.GetEnvironmentVariable(ModelsDirVariable);
        if (!string.IsNullOrWhiteSpace(env)) return env;
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "models");
            if (File.Exists(Path.Combine(candidate, "package.json"))) return candidate;
        }
        return Path.GetFullPath("models");
    }

    private static void CheckOutputs(GraphModel model, string path, params int[][] shapes)
    {
        foreach (var shape in shapes)
        {
            var found = false;
            foreach (var s in model.OutputShapes)
                if (s.AsSpan().SequenceEqual(shape)) { found = true; break; }
            if (!found) throw new ModelLoadException(path, $"has no output of shape [{string.Join(',', shape)}]; it is not the expected model.");
        }
    }

    internal static float[] Output(IReadOnlyList<Tensor> outputs, params int[] shape)
    {
        foreach (var t in outputs)
            if (t.Shape.AsSpan().SequenceEqual(shape)) return t.Data;
        throw new InvalidOperationException($"Model output of shape [{string.Join(',', shape)}] missing.");
    }
}
