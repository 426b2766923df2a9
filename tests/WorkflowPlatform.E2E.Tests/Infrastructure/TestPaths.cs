using WorkflowPlatform.Testing;

namespace WorkflowPlatform.E2E.Tests.Infrastructure;

public static class TestPaths
{
    /// <summary>The shared test photos: <c>WFP_FACES_DIR</c>, else <c>../shared/faces</c> beside the repository root.</summary>
    public static string Faces => TestPhotos.FacesDir;

    /// <summary>The repository root (the folder with WorkflowPlatform.sln).</summary>
    public static string RepoRoot => TestPhotos.RepoRoot;

    /// <summary><c>artifacts/e2e</c> under the repository root (screenshots and traces of failed runs).</summary>
    public static string Artifacts => Directory.CreateDirectory(Path.Combine(TestPhotos.RepoRoot, "artifacts", "e2e")).FullName;
}
