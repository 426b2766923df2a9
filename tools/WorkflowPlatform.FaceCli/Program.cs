// face-cli: analyse, decode and fuzz images from the command line.
// Each command lives in its own file (AnalyzeCommand.cs, DecodeCommand.cs, FuzzCommand.cs).
return args.Length == 0 ? Usage() : args[0] switch
{
    "analyze" => await WorkflowPlatform.FaceCli.AnalyzeCommand.RunAsync(args[1..]),
    "decode" => WorkflowPlatform.FaceCli.DecodeCommand.Run(args[1..]),
    "fuzz" => WorkflowPlatform.FaceCli.FuzzCommand.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: face-cli analyze [--models DIR] <image>... | decode <image> | fuzz [--count N] [--seed S] <seed-images>...");
    return 2;
}
