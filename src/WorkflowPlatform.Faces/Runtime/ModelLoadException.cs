namespace WorkflowPlatform.Faces.Runtime;

/// <summary>
/// A model file is missing, truncated or not what the runtime expects. The message names the file and
/// how to restore it, because it reaches the operator at start-up.
/// </summary>
public sealed class ModelLoadException : Exception
{
    /// <summary>Restore hint appended to every message.</summary>
    public const string RestoreHint = "Restore the model files with `npm ci --prefix models` (or point WFP_MODELS_DIR / the ModelsPath option at a directory holding node_modules/@vladmandic/...).";

    /// <summary>Creates the exception for <paramref name="filePath"/>.</summary>
    public ModelLoadException(string filePath, string problem, Exception? inner = null)
        : base($"Model file '{filePath}': {problem} {RestoreHint}", inner)
    {
        FilePath = filePath;
    }

    /// <summary>The file that could not be loaded.</summary>
    public string FilePath { get; }
}
