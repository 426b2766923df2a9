namespace WorkflowPlatform.Faces.Tests.Support;

/// <summary>One row of ../shared/faces/sources.csv.</summary>
public sealed record FaceSource(string File, string Person, int? ExpectedFaces)
{
    /// <summary>A named person (not "?", "_multi_", "_cgi_", "_ai_").</summary>
    public bool IsLabelledPerson => Person is not ("?" or "") && !Person.StartsWith('_');

    public static IReadOnlyList<FaceSource> Load()
    {
        var rows = new List<FaceSource>();
        foreach (var line in System.IO.File.ReadLines(Path.Combine(TestPaths.FacesDir, "sources.csv")).Skip(1))
        {
            var cols = line.Split(',');
            if (cols.Length < 3) continue;
            rows.Add(new FaceSource(cols[0], cols[1], int.TryParse(cols[2], out var n) ? n : null));
        }
        return rows;
    }
}
