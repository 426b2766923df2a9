namespace WorkflowPlatform.E2E.Tests.Infrastructure;

public static class TestPaths
{
    /// <summary>The shared test photos: <c>WFP_FACES_DIR</c>, else <c>../shared/faces</c> beside the repository root.</summary>
    public static string Faces
    {
        get
        {
            var fromEnv = Environment.GetEnvironmentVariable("WFP_FACES_DIR");
            if (!string.IsNullOrEmpty(fromEnv))
                return fromEnv;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "WorkflowPlatform.sln")))
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "faces"));
            }
            throw new DirectoryNotFoundException("Test photos not found: set WFP_FACES_DIR or keep ../shared/faces beside the repository.");
        }
    }

    /// <summary>The repository root (the folder with WorkflowPlatform.sln).</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "WorkflowPlatform.sln")))
                    return dir.FullName;
            }
            throw new DirectoryNotFoundException("Repository root not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Artifacts
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "WorkflowPlatform.sln")))
                    return Directory.CreateDirectory(Path.Combine(dir.FullName, "artifacts", "e2e")).FullName;
            }
            return Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "wfp-e2e-artifacts")).FullName;
        }
    }
}
