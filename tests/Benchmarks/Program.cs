if (args.Length > 0 && args[0] == "runtime-cputime")
{
    WorkflowPlatform.Benchmarks.Runtime.CpuTimeRunner.Run();
    return;
}
BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
