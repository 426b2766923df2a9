// `runtime-cputime` and `engine-load` are scripted runs; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "runtime-cputime")
{
    WorkflowPlatform.Benchmarks.Runtime.CpuTimeRunner.Run();
    return 0;
}

if (args.Length > 0 && args[0] == "engine-load")
{
    return await WorkflowPlatform.Benchmarks.Engine.PersistentEngineLoad.RunAsync(args[1..]);
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(WorkflowPlatform.Benchmarks.Engine.EngineBenchmarks).Assembly).Run(args);
return 0;
