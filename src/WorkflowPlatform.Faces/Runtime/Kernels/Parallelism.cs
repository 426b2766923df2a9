namespace WorkflowPlatform.Faces.Runtime.Kernels;

/// <summary>Splits a kernel over the machine's cores only when the work pays for the hand-off.</summary>
internal static class Parallelism
{
    /// <summary>Multiply-adds (or element operations) below which a kernel runs on the calling thread.</summary>
    public const long MinWorkPerTask = 40_000;

    /// <summary>Cores a single inference may use (benchmarks set 1 to compare with single-threaded tfjs-wasm).</summary>
    public static int Cores { get; set; } = Environment.ProcessorCount;


    /// <summary>How many tasks to cut <paramref name="work"/> units into (1 = serial).</summary>
    public static int Tasks(long work, int maxTasks)
    {
        if (Cores <= 1 || work < 2 * MinWorkPerTask) return 1;
        long byWork = work / MinWorkPerTask;
        // A few more tasks than cores evens out cores that are busy with other requests.
        int t = (int)Math.Min(byWork, Cores * 3L);
        return Math.Max(1, Math.Min(t, maxTasks));
    }

    /// <summary>Runs body(0..count-1), in parallel when count &gt; 1.</summary>
    public static void For(int count, Action<int> body)
    {
        if (count <= 1)
        {
            if (count == 1) body(0);
            return;
        }
        Parallel.For(0, count, body);
    }
}
