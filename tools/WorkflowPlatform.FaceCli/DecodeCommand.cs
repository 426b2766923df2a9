namespace WorkflowPlatform.FaceCli;

// Placeholder until the face engine lands; replaced by the real command.
internal static class DecodeCommand
{
    public static int Run(string[] args) => NotBuilt();

    private static int NotBuilt()
    {
        Console.Error.WriteLine("face-cli: this command is not built yet");
        return 3;
    }
}
