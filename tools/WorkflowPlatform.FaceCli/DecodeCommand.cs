using System.Diagnostics;
using WorkflowPlatform.Faces.Imaging;

namespace WorkflowPlatform.FaceCli;

/// <summary><c>face-cli decode &lt;file&gt; [--out x.ppm] [--rgb x.rgb]</c>: header facts, decode time, optional output.</summary>
internal static class DecodeCommand
{
    public static int Run(string[] args)
    {
        string? file = null;
        string? ppm = null;
        string? raw = null;
        int repeat = 1;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out" when i + 1 < args.Length:
                    ppm = args[++i];
                    break;
                case "--rgb" when i + 1 < args.Length:
                    raw = args[++i];
                    break;
                case "--repeat" when i + 1 < args.Length:
                    repeat = Math.Max(1, int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture));
                    break;
                default:
                    file = args[i];
                    break;
            }
        }

        if (file is null)
        {
            Console.Error.WriteLine("usage: face-cli decode <image> [--out image.ppm] [--rgb image.rgb] [--repeat N]");
            return 2;
        }

        byte[] data = File.ReadAllBytes(file);
        try
        {
            var info = ImageDecoder.ReadInfo(data);
            var sw = Stopwatch.StartNew();
            var image = ImageDecoder.Decode(data);
            sw.Stop();
            Console.WriteLine($"file:        {file} ({data.Length} bytes)");
            Console.WriteLine($"format:      {info.Format}{(info.Progressive ? info.Format == ImageFormat.Png ? " (interlaced)" : " (progressive)" : "")}");
            Console.WriteLine($"stored:      {info.StoredWidth}x{info.StoredHeight}, {info.Components} component(s), {info.BitDepth}-bit");
            Console.WriteLine($"orientation: {info.Orientation}");
            Console.WriteLine($"output:      {image.Width}x{image.Height} RGB");
            Console.WriteLine($"decode:      {sw.Elapsed.TotalMilliseconds:F2} ms (first call, includes JIT)");
            if (repeat > 1)
            {
                // min and median of warm decodes: on a shared machine the minimum is the least disturbed run
                var times = new double[repeat];
                for (int r = 0; r < repeat; r++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    ImageDecoder.Decode(data);
                    times[r] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                }

                Array.Sort(times);
                Console.WriteLine($"warm:        min {times[0]:F2} ms, median {times[repeat / 2]:F2} ms over {repeat} decodes");
            }
            if (ppm is not null)
            {
                using var f = File.Create(ppm);
                f.Write(System.Text.Encoding.ASCII.GetBytes($"P6\n{image.Width} {image.Height}\n255\n"));
                f.Write(image.Pixels);
            }

            if (raw is not null)
                File.WriteAllBytes(raw, image.Pixels);
            return 0;
        }
        catch (ImageDecodeException e)
        {
            Console.Error.WriteLine($"{e.Code}: {e.Message}");
            return 1;
        }
    }
}
