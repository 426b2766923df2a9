using System.Buffers.Binary;
using System.Diagnostics;

namespace WorkflowPlatform.Faces.Imaging.Fuzzing;

/// <summary>Settings of a <see cref="DecoderFuzzer"/> run.</summary>
public sealed record FuzzOptions
{
    /// <summary>Number of mutated inputs to decode.</summary>
    public int Count { get; init; } = 10_000;

    /// <summary>Seed of the mutation generator; the same seed and seed files replay the same inputs.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>An input that takes longer than this to decode is reported as a hang.</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>An input still running after this long stops the run (a decoder stuck in a loop cannot be aborted).</summary>
    public TimeSpan HardTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Folder where crashing, hanging or over-allocating inputs are saved; null to keep none.</summary>
    public string? FindingsDirectory { get; init; }

    /// <summary>Limits handed to the decoder.</summary>
    public DecodeLimits Limits { get; init; } = DecodeLimits.Default;

    /// <summary>
    /// Bytes one decode may allocate before it counts as a limit violation. Default: 16 bytes per allowed pixel
    /// plus 4× the allowed input size (coefficients, planes, output and the orientation copy fit well inside).
    /// </summary>
    public long? MaxAllocatedBytes { get; init; }
}

/// <summary>One input that crashed, hung or broke the allocation bound.</summary>
public sealed record FuzzFinding(string Kind, long Index, string Detail, string? SavedPath);

/// <summary>Outcome of a fuzz run.</summary>
public sealed record FuzzReport(
    long Inputs,
    long Decoded,
    long Rejected,
    IReadOnlyDictionary<string, long> RejectedByCode,
    IReadOnlyList<FuzzFinding> Findings,
    TimeSpan Elapsed,
    TimeSpan Slowest,
    long SlowestIndex,
    long MaxAllocatedBytes,
    TimeSpan SlowestWallClock)
{
    public int Crashes => Findings.Count(f => f.Kind == "crash");

    public int Hangs => Findings.Count(f => f.Kind == "hang");

    public int LimitViolations => Findings.Count(f => f.Kind == "limit");

    public double InputsPerSecond => Inputs / Math.Max(Elapsed.TotalSeconds, 1e-9);
}

/// <summary>
/// Random-mutation fuzzer for <see cref="ImageDecoder"/>: bit flips, byte overwrites with interesting values,
/// inserts, deletes, splices from other seeds, truncation, segment/chunk duplication and format-aware header
/// field mutations (PNG chunks get their CRC repaired half the time so mutations reach the pixel decoder).
/// The only expected failure is an <see cref="ImageDecodeException"/> without an inner exception; anything
/// else — including a decoder fault that the public entry point converted — is a crash.
/// </summary>
public static class DecoderFuzzer
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7F, 0x80, 0xFE, 0xFF, 0x10, 0x20, 0x40, 0x08, 0x0F, 0xF0];

    /// <summary>Runs the fuzzer against <see cref="ImageDecoder.Decode"/>.</summary>
    public static FuzzReport Run(IReadOnlyList<byte[]> seeds, FuzzOptions options, Action<string>? progress = null) =>
        Run(seeds, options, progress, data => DecodeAndCheck(data, options.Limits));

    /// <summary>
    /// Decodes with <see cref="ImageDecoder.ReadInfo"/> first: it must not fault either, and whenever the full
    /// decode succeeds the header facts must agree with the decoded size.
    /// </summary>
    private static RgbImage DecodeAndCheck(byte[] data, DecodeLimits limits)
    {
        ImageInfo? info = null;
        try
        {
            info = ImageDecoder.ReadInfo(data, limits);
        }
        catch (ImageDecodeException e) when (e.InnerException is null)
        {
            // an expected rejection; Decode below decides the outcome
        }

        var image = ImageDecoder.Decode(data, limits);
        if (info is null || info.Width != image.Width || info.Height != image.Height)
            throw new InvalidOperationException($"ReadInfo ({info?.Width}x{info?.Height}) disagrees with Decode ({image.Width}x{image.Height}).");
        return image;
    }

    /// <summary>Runs the fuzzer against any decode function (lets tests check the outcome classification).</summary>
    public static FuzzReport Run(IReadOnlyList<byte[]> seeds, FuzzOptions options, Action<string>? progress, Func<byte[], RgbImage> decode)
    {
        ArgumentNullException.ThrowIfNull(decode);
        if (seeds.Count == 0)
            throw new ArgumentException("At least one seed input is needed.", nameof(seeds));
        var rng = new Random(options.Seed);
        long maxAlloc = options.MaxAllocatedBytes ?? ((16 * options.Limits.MaxPixels) + (4 * options.Limits.MaxBytes));
        var findings = new List<FuzzFinding>();
        var codes = new Dictionary<string, long>();
        long decoded = 0, rejected = 0, slowestIndex = -1, peakAlloc = 0;
        var slowest = TimeSpan.Zero;
        // The slowest few by wall clock; re-timed at the end because on a shared machine one preemption
        // or GC pause can make a trivial input look slow.
        var candidates = new List<(TimeSpan Elapsed, long Index, byte[] Input)>();
        var total = Stopwatch.StartNew();
        long currentStart = 0;
        long currentIndex = -1;
        byte[]? currentInput = null;
        using var watchdogStop = new CancellationTokenSource();
        var watchdog = new Thread(() => Watchdog(options, () => (Volatile.Read(ref currentStart), Volatile.Read(ref currentIndex), currentInput), watchdogStop.Token))
        {
            IsBackground = true,
            Name = "fuzz-watchdog",
        };
        watchdog.Start();
        try
        {
            for (long i = 0; i < options.Count; i++)
            {
                byte[] input = Mutate(seeds, rng);
                currentInput = input;
                Volatile.Write(ref currentIndex, i);
                long allocBefore = GC.GetAllocatedBytesForCurrentThread();
                long t0 = Stopwatch.GetTimestamp();
                Volatile.Write(ref currentStart, t0);
                string? crash = null;
                try
                {
                    decode(input);
                    decoded++;
                }
                catch (ImageDecodeException e) when (e.InnerException is null)
                {
                    rejected++;
                    codes[e.Code] = codes.GetValueOrDefault(e.Code) + 1;
                }
                catch (ImageDecodeException e)
                {
                    crash = "decoder fault converted at the entry point: " + e.InnerException;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    crash = e.ToString();
                }

                var elapsed = Stopwatch.GetElapsedTime(t0);
                Volatile.Write(ref currentStart, 0);
                long alloc = GC.GetAllocatedBytesForCurrentThread() - allocBefore;
                peakAlloc = Math.Max(peakAlloc, alloc);
                if (candidates.Count < 8 || elapsed > candidates[^1].Elapsed)
                {
                    candidates.Add((elapsed, i, input));
                    candidates.Sort((x, y) => y.Elapsed.CompareTo(x.Elapsed));
                    if (candidates.Count > 8)
                        candidates.RemoveAt(8);
                }

                if (crash is not null)
                    findings.Add(Save(options, "crash", i, input, crash));
                if (elapsed > options.Budget)
                {
                    // Confirm before reporting: a hang must reproduce, a scheduler stall does not.
                    Volatile.Write(ref currentStart, Stopwatch.GetTimestamp());
                    var again = Time(decode, input);
                    Volatile.Write(ref currentStart, 0);
                    if (again > options.Budget)
                        findings.Add(Save(options, "hang", i, input, $"decode took {elapsed.TotalMilliseconds:F0} ms, then {again.TotalMilliseconds:F0} ms"));
                }
                if (alloc > maxAlloc)
                    findings.Add(Save(options, "limit", i, input, $"decode allocated {alloc} bytes (bound {maxAlloc})"));
                if (progress is not null && (i + 1) % 10_000 == 0)
                    progress($"{i + 1} inputs, {findings.Count} findings, {(i + 1) / total.Elapsed.TotalSeconds:F0}/s");
            }
        }
        finally
        {
            watchdogStop.Cancel();
        }

        total.Stop();
        var wallClock = candidates.Count > 0 ? candidates[0].Elapsed : TimeSpan.Zero;
        byte[]? slowestInput = null;
        foreach (var (_, index, input) in candidates)
        {
            var best = TimeSpan.MaxValue;
            for (int k = 0; k < 3; k++)
                best = TimeSpan.FromTicks(Math.Min(best.Ticks, Time(decode, input).Ticks));
            if (best > slowest || slowestInput is null)
            {
                slowest = best;
                slowestIndex = index;
                slowestInput = input;
            }
        }

        if (slowestInput is not null && options.FindingsDirectory is not null)
        {
            // Kept for inspection even when under budget: the slowest input shows where decode time can go.
            Directory.CreateDirectory(options.FindingsDirectory);
            File.WriteAllBytes(Path.Combine(options.FindingsDirectory, $"slowest-{options.Seed}-{slowestIndex}.bin"), slowestInput);
        }

        return new FuzzReport(options.Count, decoded, rejected, codes, findings, total.Elapsed, slowest, slowestIndex, peakAlloc, wallClock);
    }

    private static TimeSpan Time(Func<byte[], RgbImage> decode, byte[] input)
    {
        long t0 = Stopwatch.GetTimestamp();
        try
        {
            decode(input);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // outcome already classified; only the time matters here
        }

        return Stopwatch.GetElapsedTime(t0);
    }

    private static void Watchdog(FuzzOptions options, Func<(long Start, long Index, byte[]? Input)> current, CancellationToken stop)
    {
        while (!stop.WaitHandle.WaitOne(250))
        {
            var (start, index, input) = current();
            if (start == 0 || Stopwatch.GetElapsedTime(start) < options.HardTimeout)
                continue;
            var f = Save(options, "hang", index, input ?? [], $"decode still running after {options.HardTimeout.TotalSeconds:F0} s");
            Console.Error.WriteLine($"fuzz: input {index} hangs the decoder (saved to {f.SavedPath ?? "nowhere"}); stopping the run.");
            Environment.Exit(4);
        }
    }

    private static FuzzFinding Save(FuzzOptions options, string kind, long index, byte[] input, string detail)
    {
        string? path = null;
        if (options.FindingsDirectory is not null)
        {
            Directory.CreateDirectory(options.FindingsDirectory);
            path = Path.Combine(options.FindingsDirectory, $"{kind}-{options.Seed}-{index}.bin");
            File.WriteAllBytes(path, input);
            File.WriteAllText(Path.ChangeExtension(path, ".txt"), detail);
        }

        return new FuzzFinding(kind, index, detail, path);
    }

    /// <summary>Produces one mutated input from a random seed: one to four stacked mutations.</summary>
    public static byte[] Mutate(IReadOnlyList<byte[]> seeds, Random rng)
    {
        var buf = new List<byte>(seeds[rng.Next(seeds.Count)]);
        int rounds = 1 + rng.Next(4);
        for (int r = 0; r < rounds; r++)
            MutateOnce(buf, seeds, rng);
        byte[] result = buf.ToArray();
        if (result.Length > 8 && result.AsSpan(0, 8).SequenceEqual(Png.PngDecoder.Signature) && rng.Next(2) == 0)
            RepairPngCrcs(result);
        return result;
    }

    private static void MutateOnce(List<byte> b, IReadOnlyList<byte[]> seeds, Random rng)
    {
        if (b.Count == 0)
        {
            b.Add((byte)rng.Next(256));
            return;
        }

        switch (rng.Next(10))
        {
            case 0:
            case 1:
                {
                    int flips = 1 + rng.Next(8);
                    for (int i = 0; i < flips; i++)
                    {
                        int p = rng.Next(b.Count);
                        b[p] ^= (byte)(1 << rng.Next(8));
                    }

                    break;
                }

            case 2:
                b[rng.Next(b.Count)] = rng.Next(2) == 0 ? Interesting[rng.Next(Interesting.Length)] : (byte)rng.Next(256);
                break;
            case 3:
                {
                    int n = 1 + rng.Next(16);
                    int p = rng.Next(b.Count + 1);
                    var ins = new byte[n];
                    rng.NextBytes(ins);
                    b.InsertRange(p, ins);
                    break;
                }

            case 4:
                {
                    int p = rng.Next(b.Count);
                    b.RemoveRange(p, Math.Min(b.Count - p, 1 + rng.Next(64)));
                    break;
                }

            case 5:
                {
                    var other = seeds[rng.Next(seeds.Count)];
                    int from = rng.Next(other.Length);
                    int n = Math.Min(other.Length - from, 1 + rng.Next(256));
                    int p = rng.Next(b.Count + 1);
                    var piece = other.AsSpan(from, n).ToArray();
                    if (rng.Next(2) == 0)
                    {
                        b.InsertRange(p, piece);
                    }
                    else
                    {
                        for (int i = 0; i < n && p + i < b.Count; i++)
                            b[p + i] = piece[i];
                    }

                    break;
                }

            case 6:
                Truncate(b, rng);
                break;
            case 7:
                DuplicateSegment(b, rng);
                break;
            default:
                MutateHeaderField(b, rng);
                break;
        }
    }

    private static void Truncate(List<byte> b, Random rng)
    {
        int keep = rng.Next(2) == 0 ? rng.Next(b.Count) : Math.Max(0, b.Count - 1 - rng.Next(Math.Min(b.Count, 64)));
        b.RemoveRange(keep, b.Count - keep);
    }

    /// <summary>Offsets of JPEG marker segments (the FF byte) or PNG chunks (the length field).</summary>
    private static List<(int Start, int Length)> Structure(List<byte> b)
    {
        var list = new List<(int, int)>();
        if (b.Count > 8 && b[0] == 137 && b[1] == 80)
        {
            int p = 8;
            while (p + 12 <= b.Count)
            {
                long len = ((long)b[p] << 24) | ((long)b[p + 1] << 16) | ((long)b[p + 2] << 8) | b[p + 3];
                if (p + 12 + len > b.Count)
                    break;
                list.Add((p, 12 + (int)len));
                p += 12 + (int)len;
            }
        }
        else
        {
            for (int p = 2; p + 4 <= b.Count; p++)
            {
                if (b[p] != 0xFF || b[p + 1] is 0 or 0xFF or 0xD8 or 0xD9 or (>= 0xD0 and <= 0xD7))
                    continue;
                int len = (b[p + 2] << 8) | b[p + 3];
                if (len >= 2 && p + 2 + len <= b.Count)
                {
                    list.Add((p, len + 2));
                    if (b[p + 1] != 0xDA)
                        p += len + 1;
                }
            }
        }

        return list;
    }

    private static void DuplicateSegment(List<byte> b, Random rng)
    {
        var s = Structure(b);
        if (s.Count == 0)
        {
            MutateHeaderField(b, rng);
            return;
        }

        var (start, length) = s[rng.Next(s.Count)];
        var copy = b.GetRange(start, length);
        var (at, _) = s[rng.Next(s.Count)];
        b.InsertRange(at, copy);
    }

    private static void MutateHeaderField(List<byte> b, Random rng)
    {
        var s = Structure(b);
        if (s.Count == 0)
        {
            b[rng.Next(b.Count)] = Interesting[rng.Next(Interesting.Length)];
            return;
        }

        var (start, length) = s[rng.Next(s.Count)];
        // Header fields sit in the first bytes of a segment/chunk: lengths, dimensions, counts, factors, tables.
        int span = Math.Min(length, 24);
        int p = start + rng.Next(span);
        switch (rng.Next(4))
        {
            case 0:
                b[p] = Interesting[rng.Next(Interesting.Length)];
                break;
            case 1:
                b[p] = (byte)(b[p] + rng.Next(-4, 5));
                break;
            case 2:
                if (p + 1 < b.Count)
                {
                    // 16-bit field: boundary values for widths, heights, lengths
                    ushort v = (ushort)(rng.Next(3) switch { 0 => 0, 1 => 0xFFFF, _ => rng.Next(0x10000) });
                    b[p] = (byte)(v >> 8);
                    b[p + 1] = (byte)v;
                }

                break;
            default:
                b[p] = (byte)rng.Next(256);
                break;
        }
    }

    private static void RepairPngCrcs(byte[] d)
    {
        int p = 8;
        while (p + 12 <= d.Length)
        {
            uint len = BinaryPrimitives.ReadUInt32BigEndian(d.AsSpan(p));
            if (len > (uint)(d.Length - p - 12))
                return;
            uint crc = Png.Crc32.Compute(d.AsSpan(p + 4, 4 + (int)len));
            BinaryPrimitives.WriteUInt32BigEndian(d.AsSpan(p + 8 + (int)len), crc);
            p += 12 + (int)len;
        }
    }
}
