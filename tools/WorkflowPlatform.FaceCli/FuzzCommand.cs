using WorkflowPlatform.Faces.Imaging;
using WorkflowPlatform.Faces.Imaging.Fuzzing;

namespace WorkflowPlatform.FaceCli;

/// <summary>
/// <c>face-cli fuzz [--count N] [--seed S] [--budget-ms B] [--findings DIR] &lt;seed files or folders&gt;...</c>:
/// mutates the seeds, decodes each input and reports crashes, hangs and allocation-limit violations.
/// Exit code 0 when nothing was found, 1 otherwise.
/// </summary>
internal static class FuzzCommand
{
    public static int Run(string[] args)
    {
        int count = 10_000;
        int seed = 1;
        int budgetMs = 2000;
        string findings = "fuzz-findings";
        var seedFiles = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--count" when i + 1 < args.Length:
                    count = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--seed" when i + 1 < args.Length:
                    seed = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--budget-ms" when i + 1 < args.Length:
                    budgetMs = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--findings" when i + 1 < args.Length:
                    findings = args[++i];
                    break;
                default:
                    if (Directory.Exists(args[i]))
                        seedFiles.AddRange(Directory.EnumerateFiles(args[i]).Where(f => ImageDecoder.DetectFormat(File.ReadAllBytes(f)) is not null).Order(StringComparer.Ordinal));
                    else
                        seedFiles.Add(args[i]);
                    break;
            }
        }

        if (seedFiles.Count == 0)
        {
            Console.Error.WriteLine("usage: face-cli fuzz [--count N] [--seed S] [--budget-ms B] [--findings DIR] <seed images or folders>...");
            return 2;
        }

        var seeds = seedFiles.Select(File.ReadAllBytes).ToList();
        Console.WriteLine($"fuzz: {seeds.Count} seeds ({seeds.Sum(s => (long)s.Length)} bytes), {count} inputs, seed {seed}, budget {budgetMs} ms, findings -> {Path.GetFullPath(findings)}");
        var options = new FuzzOptions
        {
            Count = count,
            Seed = seed,
            Budget = TimeSpan.FromMilliseconds(budgetMs),
            FindingsDirectory = findings,
        };
        var report = DecoderFuzzer.Run(seeds, options, m => Console.WriteLine("fuzz: " + m));
        Console.WriteLine($"inputs:      {report.Inputs}");
        Console.WriteLine($"decoded:     {report.Decoded}");
        Console.WriteLine($"rejected:    {report.Rejected} ({string.Join(", ", report.RejectedByCode.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}"))})");
        Console.WriteLine($"crashes:     {report.Crashes}");
        Console.WriteLine($"hangs:       {report.Hangs} (budget {budgetMs} ms)");
        Console.WriteLine($"limit hits:  {report.LimitViolations}");
        Console.WriteLine($"slowest:     {report.Slowest.TotalMilliseconds:F1} ms re-timed, best of 3 (input #{report.SlowestIndex}; worst wall clock seen {report.SlowestWallClock.TotalMilliseconds:F1} ms)");
        Console.WriteLine($"peak alloc:  {report.MaxAllocatedBytes / (1024.0 * 1024):F1} MiB for one input");
        Console.WriteLine($"elapsed:     {report.Elapsed.TotalSeconds:F1} s, {report.InputsPerSecond:F0} inputs/s");
        foreach (var f in report.Findings.Take(20))
            Console.WriteLine($"  {f.Kind} #{f.Index}: {f.SavedPath} {f.Detail.Split('\n')[0]}");
        return report.Findings.Count == 0 ? 0 : 1;
    }
}
