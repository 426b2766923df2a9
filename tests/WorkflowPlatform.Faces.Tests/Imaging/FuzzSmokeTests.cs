using Xunit;
using WorkflowPlatform.Faces.Imaging;
using WorkflowPlatform.Faces.Imaging.Fuzzing;

namespace WorkflowPlatform.Faces.Tests.Imaging;

public class FuzzSmokeTests
{
    [Fact]
    public void Run_TwoThousandMutatedInputs_FindsNoCrashHangOrLimitViolation()
    {
        var seeds = Directory.GetFiles(TestImages.FixturesDir)
            .Where(f => f.EndsWith(".jpg", StringComparison.Ordinal) || f.EndsWith(".png", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(File.ReadAllBytes)
            .ToList();

        var report = DecoderFuzzer.Run(seeds, new FuzzOptions { Count = 2000, Seed = 42, Budget = TimeSpan.FromSeconds(5) });

        Assert.Equal(2000, report.Inputs);
        Assert.Empty(report.Findings);
        Assert.Equal(report.Inputs, report.Decoded + report.Rejected);
        Assert.True(report.Decoded > 0 && report.Rejected > 0, $"decoded {report.Decoded}, rejected {report.Rejected}");
    }

    [Fact]
    public void Mutate_SameSeed_ReplaysSameInputs()
    {
        byte[] seed = TestImages.FixtureBytes("baseline-420.jpg");

        var a = DecoderFuzzer.Mutate([seed], new Random(7));
        var b = DecoderFuzzer.Mutate([seed], new Random(7));

        Assert.Equal(a, b);
        Assert.NotEqual(seed, a);
    }

    [Fact]
    public void Run_FaultsOtherThanPlainDecodeErrors_AreReportedAsCrashes()
    {
        byte[] seed = TestImages.FixtureBytes("baseline-420.jpg");
        int calls = 0;
        RgbImage Decode(byte[] data) => (calls++ % 4) switch
        {
            0 => throw new ImageDecodeException(ImageDecodeException.Invalid, "expected"),
            1 => throw new ImageDecodeException(ImageDecodeException.Invalid, "converted", new IndexOutOfRangeException()),
            2 => throw new NullReferenceException(),
            _ => new RgbImage(1, 1, new byte[3]),
        };

        var report = DecoderFuzzer.Run([seed], new FuzzOptions { Count = 40, Seed = 1 }, null, Decode);

        Assert.Equal(20, report.Crashes);
        Assert.Equal(10, report.Rejected);
        Assert.Equal(10, report.Decoded);
        Assert.Equal(0, report.Hangs);
    }
}
