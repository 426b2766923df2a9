using System.Diagnostics.Metrics;
using WorkflowPlatform.Engine.Diagnostics;

namespace WorkflowPlatform.Verification;

/// <summary>Metrics of the verification services, on the product's meter.</summary>
public static class VerificationTelemetry
{
    /// <summary>Histogram (ms) of one <c>SelfieCapture.AnalyzeAsync</c>; tag <c>code</c> (<c>ok</c> or the error code).</summary>
    public const string CaptureDuration = "verification.capture.duration";

    /// <summary>Histogram (ms) of the wait for a free analysis slot.</summary>
    public const string CaptureQueueWait = "verification.capture.queue_wait";

    internal static readonly Histogram<double> CaptureDurationHistogram =
        EngineTelemetry.Meter.CreateHistogram<double>(CaptureDuration, "ms", "Duration of one selfie capture analysis (decode, face analysis, photo storage).");

    internal static readonly Histogram<double> CaptureQueueWaitHistogram =
        EngineTelemetry.Meter.CreateHistogram<double>(CaptureQueueWait, "ms", "Time a capture waited for an analysis slot.");
}
