// `engine-load` is a scripted load run on real databases; `runtime-cputime` measures CPU time of the runtime
// kernels; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "engine-load")
{
    return await WorkflowPlatform.Benchmarks.Engine.PersistentEngineLoad.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "runtime-cputime")
{
    WorkflowPlatform.Benchmarks.Runtime.CpuTimeRunner.Run();
    return 0;
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(WorkflowPlatform.Benchmarks.Engine.EngineBenchmarks).Assembly).Run(args);
return 0;
