namespace WorkflowPlatform.FaceCli;

// Placeholder until the face engine lands; replaced by the real command.
internal static class AnalyzeCommand
{
    public static Task<int> RunAsync(string[] args) => Task.FromResult(NotBuilt());

    private static int NotBuilt()
    {
        Console.Error.WriteLine("face-cli: this command is not built yet");
        return 3;
    }
}
