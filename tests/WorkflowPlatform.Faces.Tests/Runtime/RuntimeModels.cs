using WorkflowPlatform.Faces.Runtime;

namespace WorkflowPlatform.Faces.Tests.Runtime;

/// <summary>Models loaded once per test run (loading is the expensive part; Run is thread-safe).</summary>
internal static class RuntimeModels
{
    private static readonly Dictionary<string, Lazy<GraphModel>> Graphs = new()
    {
        ["blazeface"] = new(() => GraphModel.Load(RuntimeTestFiles.HumanModel("blazeface.json"))),
        ["facemesh"] = new(() => GraphModel.Load(RuntimeTestFiles.HumanModel("facemesh.json"))),
        ["antispoof"] = new(() => GraphModel.Load(RuntimeTestFiles.HumanModel("antispoof.json"))),
        ["liveness"] = new(() => GraphModel.Load(RuntimeTestFiles.HumanModel("liveness.json"))),
    };

    private static readonly Lazy<DlibFaceNet> DlibNet = new(() => DlibFaceNet.Load(RuntimeTestFiles.DlibManifest));

    public static GraphModel Graph(string name) => Graphs[name].Value;

    public static DlibFaceNet Dlib => DlibNet.Value;
}
