using WorkflowPlatform.Faces.Imaging;

namespace WorkflowPlatform.Faces.Tests.Support;

/// <summary>Locations of the shared test photos and of the repository.</summary>
public static class TestPaths
{
    /// <summary>The repository root (the directory holding WorkflowPlatform.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary><c>../shared/faces</c> relative to the repository root, or <c>WFP_FACES_DIR</c>.</summary>
    public static string FacesDir =>
        Environment.GetEnvironmentVariable("WFP_FACES_DIR") is { Length: > 0 } d ? d : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "faces"));

    /// <summary>A photo from the faces directory; fails with a clear message when absent.</summary>
    public static string Face(string file)
    {
        var path = Path.Combine(FacesDir, file);
        if (!File.Exists(path))
            throw new FileNotFoundException($"Test photo '{path}' is missing. Put the shared photos at ../shared/faces (relative to the repository) or set WFP_FACES_DIR.", path);
        return path;
    }

    /// <summary>Decodes a test photo.</summary>
    public static RgbImage Load(string file) => ImageDecoder.Decode(File.ReadAllBytes(Face(file)));

    /// <summary>A fixture file under Fixtures/.</summary>
    public static string Fixture(string relative) => Path.Combine(RepoRoot, "tests", "WorkflowPlatform.Faces.Tests", "Fixtures", relative);

    private static string FindRepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "WorkflowPlatform.sln"))) return d.FullName;
        throw new InvalidOperationException("Repository root (WorkflowPlatform.sln) not found above " + AppContext.BaseDirectory);
    }
}
