using System.Diagnostics;
using WorkflowPlatform.Faces.Runtime;
using WorkflowPlatform.Faces.Runtime.Kernels;

namespace WorkflowPlatform.Benchmarks.Runtime;

/// <summary>
/// Wall-clock and CPU time per inference for the five face models, with 1 and with all cores. CPU time
/// (process user+system time ÷ runs) stays meaningful when other work shares the machine, where wall-clock
/// medians mostly measure the scheduler; tfjs/bench.mjs reports the same two figures for tfjs-wasm.
/// Run: dotnet run -c Release --project tests/Benchmarks -- runtime-cputime
/// </summary>
public static class CpuTimeRunner
{
    public static void Run()
    {
        var bench = new ModelBenchmarks();
        bench.Setup();
        var models = new (string Name, Action Body)[]
        {
            ("BlazeFace 256²", () => bench.BlazeFace()),
            ("FaceMesh 192²", () => bench.FaceMesh()),
            ("dlib ResNet 150²", () => bench.Dlib()),
            ("antispoof 128²", () => bench.Antispoof()),
            ("liveness 32²", () => bench.Liveness()),
        };
        int cores = Environment.ProcessorCount;
        foreach (int threads in cores > 1 ? new[] { 1, cores } : new[] { 1 })
        {
            Parallelism.Cores = threads;
            Console.WriteLine($"threads {threads} (machine load average {LoadAverage()})");
            double wallSum = 0, cpuSum = 0;
            foreach ((string name, Action body) in models)
            {
                for (int i = 0; i < 10; i++) body();
                const int runs = 60;
                var wall = new double[runs];
                TimeSpan cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                for (int i = 0; i < runs; i++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    body();
                    wall[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                }
                double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / runs;
                Array.Sort(wall);
                double median = wall[runs / 2];
                wallSum += median;
                cpuSum += cpu;
                Console.WriteLine($"  {name,-18} wall median {median,7:F2} ms  min {wall[0],7:F2} ms  cpu {cpu,7:F2} ms");
            }
            Console.WriteLine($"  {"sum",-18} wall median {wallSum,7:F2} ms                  cpu {cpuSum,7:F2} ms");
        }
        Parallelism.Cores = cores;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
