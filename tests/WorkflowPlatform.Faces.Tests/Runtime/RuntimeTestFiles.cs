namespace WorkflowPlatform.Faces.Tests.Runtime;

/// <summary>Finds the repository, the model files and the runtime fixtures. Missing models fail the
/// test with the command that restores them; they are never skipped silently.</summary>
internal static class RuntimeTestFiles
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "WorkflowPlatform.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (WorkflowPlatform.sln) above " + AppContext.BaseDirectory);
    });

    public static string RepoRoot => Root.Value;

    /// <summary>The node_modules directory holding @vladmandic/human and @vladmandic/face-api.</summary>
    public static string ModelsDir => ModelsDirFrom(Environment.GetEnvironmentVariable("WFP_MODELS_DIR"));

    /// <summary>
    /// The node_modules directory for a given WFP_MODELS_DIR value. Like <c>FaceModels</c>, the variable names
    /// the <c>models</c> directory (holding node_modules); a node_modules directory itself is accepted too.
    /// Null/empty: the repository's <c>models/node_modules</c>.
    /// </summary>
    public static string ModelsDirFrom(string? env)
    {
        {
            string dir = string.IsNullOrWhiteSpace(env) ? Path.Combine(RepoRoot, "models", "node_modules") : env;
            if (!Directory.Exists(Path.Combine(dir, "@vladmandic")) && Directory.Exists(Path.Combine(dir, "node_modules", "@vladmandic")))
                dir = Path.Combine(dir, "node_modules");
            if (!Directory.Exists(Path.Combine(dir, "@vladmandic", "human", "models")) ||
                !Directory.Exists(Path.Combine(dir, "@vladmandic", "face-api", "model")))
                throw new InvalidOperationException(
                    $"Model files not found under '{dir}'. Run `npm ci --prefix models` in the repository root " +
                    "(or set WFP_MODELS_DIR to a node_modules directory holding @vladmandic/human@3.3.6 and @vladmandic/face-api@1.7.15).");
            return dir;
        }
    }

    public static string HumanModel(string file) => Require(Path.Combine(ModelsDir, "@vladmandic", "human", "models", file));

    public static string DlibManifest => Require(Path.Combine(ModelsDir, "@vladmandic", "face-api", "model", "face_recognition_model-weights_manifest.json"));

    public static string RuntimeFixture(string file) => Path.Combine(RepoRoot, "tests", "WorkflowPlatform.Faces.Tests", "Runtime", "Fixtures", file);

    public static string ParityFixture(string file) => Path.Combine(RepoRoot, "tests", "WorkflowPlatform.Faces.Tests", "Fixtures", "parity", file);

    private static string Require(string path) =>
        File.Exists(path) ? path : throw new InvalidOperationException($"Model file '{path}' is missing. Run `npm ci --prefix models`.");
}
