using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Faces;
using WorkflowPlatform.Faces.Imaging;
using WorkflowPlatform.Verification.Photos;

namespace WorkflowPlatform.Verification.Capture;

/// <summary>
/// Step 2 of the selfie path (CONTRACTS-SELFIE.md): decodes an upload within limits, runs the face pipeline with
/// the node's thresholds, stores the upload under the request and returns a <see cref="CaptureAnalysis"/>, which
/// the caller hands to the engine as the input of the <c>face</c> bookmark. Thread-safe singleton.
/// </summary>
public sealed partial class SelfieCapture : IDisposable
{
    private readonly FaceAnalyzer _analyzer;
    private readonly IBlobStore _blobs;
    private readonly ILogger<SelfieCapture> _logger;
    private readonly DecodeLimits _limits;
    private readonly SemaphoreSlim _slots;

    /// <summary>Creates the service (normally through <c>AddVerification</c>).</summary>
    public SelfieCapture(FaceAnalyzer analyzer, IBlobStore blobs, IOptions<VerificationOptions> options, ILogger<SelfieCapture> logger)
    {
        _analyzer = analyzer;
        _blobs = blobs;
        _logger = logger;
        var o = options.Value;
        _limits = new DecodeLimits { MaxBytes = o.MaxImageBytes, MaxPixels = o.MaxImagePixels };
        _slots = new SemaphoreSlim(Math.Max(1, o.MaxConcurrentAnalyses));
    }

    /// <summary>Analyses an upload with thresholds from a bookmark's <c>checks</c> object (or the whole payload).</summary>
    public Task<CaptureAnalysis> AnalyzeAsync(
        string workspaceId, string requestId, ReadOnlyMemory<byte> image, IReadOnlyDictionary<string, object?>? checks,
        CancellationToken cancellationToken = default)
        => AnalyzeAsync(workspaceId, requestId, image, CaptureChecks.FromDictionary(checks), cancellationToken);

    /// <summary>
    /// Decodes <paramref name="image"/> (IMAGE_INVALID / IMAGE_TOO_LARGE / IMAGE_UNSUPPORTED pass through as the error
    /// code), analyses it, stores the uploaded bytes as <c>ws/{ws}/requests/{req}/face-{n}.{jpg|png}</c> and returns the
    /// result. Face-check failures are results, not exceptions.
    /// </summary>
    public async Task<CaptureAnalysis> AnalyzeAsync(
        string workspaceId, string requestId, ReadOnlyMemory<byte> image, CaptureChecks checks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checks);
        var folder = RequestFolder(workspaceId, requestId);
        var started = Stopwatch.GetTimestamp();
        var analysis = await AnalyzePixelsAsync(image, checks, cancellationToken).ConfigureAwait(false);
        string? photoKey = null;
        if (analysis.Decoded)
        {
            photoKey = folder + "face-" + UniqueSuffix() + (ImageDecoder.DetectFormat(image.Span) == ImageFormat.Png ? ".png" : ".jpg");
            await _blobs.PutAsync(photoKey, image, cancellationToken).ConfigureAwait(false);
        }
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var result = analysis.Result with { PhotoKey = photoKey, ElapsedMs = elapsed };
        VerificationTelemetry.CaptureDurationHistogram.Record(elapsed, new KeyValuePair<string, object?>("code", result.ErrorCode ?? "ok"));
        Log.Analyzed(_logger, requestId, result.ErrorCode ?? "ok", elapsed);
        return result;
    }

    /// <summary>The folder (blob key prefix, ending in '/') that holds a request's images.</summary>
    public static string RequestFolder(string workspaceId, string requestId)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspaceId);
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        return BlobKeys.Validate($"ws/{workspaceId}/requests/{requestId}") + "/";
    }

    private async Task<(bool Decoded, CaptureAnalysis Result)> AnalyzePixelsAsync(ReadOnlyMemory<byte> image, CaptureChecks checks, CancellationToken ct)
    {
        var waitStarted = Stopwatch.GetTimestamp();
        await _slots.WaitAsync(ct).ConfigureAwait(false);
        VerificationTelemetry.CaptureQueueWaitHistogram.Record(Stopwatch.GetElapsedTime(waitStarted).TotalMilliseconds);
        try
        {
            // Decoding and the networks are pure CPU work: run them on the pool, not on the request's thread.
            return await Task.Run(() => Analyze(image, checks), ct).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    private (bool Decoded, CaptureAnalysis Result) Analyze(ReadOnlyMemory<byte> image, CaptureChecks checks)
    {
        RgbImage pixels;
        try
        {
            pixels = ImageDecoder.Decode(image.Span, _limits);
        }
        catch (ImageDecodeException e)
        {
            var none = new CaptureScores(null, null, null, null, null);
            var details = new Dictionary<string, double> { ["bytes"] = image.Length, ["maxBytes"] = _limits.MaxBytes, ["maxPixels"] = _limits.MaxPixels };
            return (false, new CaptureAnalysis(false, e.Code, e.Message, details, null, null, none, 0));
        }

        var options = new FaceAnalysisOptions { Checks = checks.ToFaceCheckOptions() };
        var face = _analyzer.Analyze(pixels, options);
        var details2 = new Dictionary<string, double>(face.Check.Details, StringComparer.Ordinal);
        var primary = face.PrimaryFace;
        double? antispoof = primary?.Spoof?.Real, live = primary?.Spoof?.Live;
        bool? livenessPassed = antispoof is { } a && live is { } l ? a >= checks.MinAntispoofScore && l >= checks.MinLivenessScore : null;
        if (antispoof is { } a2) details2["antispoofScore"] = a2;
        if (live is { } l2) details2["livenessScore"] = l2;
        details2["minAntispoofScore"] = checks.MinAntispoofScore;
        details2["minLivenessScore"] = checks.MinLivenessScore;
        details2["analysisMs"] = Math.Round(face.Timings.Total, 1);
        var scores = new CaptureScores(
            primary is null ? null : Math.Round(primary.Score, 4),
            primary is null ? null : Math.Round(checks.MinSharpness > 0 ? Math.Min(1, primary.Quality.Sharpness / (2 * checks.MinSharpness)) : 1, 4),
            antispoof, live, livenessPassed);

        var code = face.Check.Code;
        var message = face.Check.Message;
        if (code is null && checks.LivenessMode == LivenessModes.Enforce && livenessPassed != true)
        {
            code = CaptureErrorCodes.LivenessCheckFailed;
            message = $"Spoof signals antispoof {antispoof:F2} / liveness {live:F2} are below {checks.MinAntispoofScore:F2} / {checks.MinLivenessScore:F2}.";
        }
        var ok = code is null && face.Template is not null;
        return (true, new CaptureAnalysis(ok, code, message, details2, null, ok ? face.Template!.ToBytes() : null, scores, 0));
    }

    private static string UniqueSuffix()
    {
        // Sortable by time, unique without a counter shared between nodes.
        Span<byte> random = stackalloc byte[4];
        RandomNumberGenerator.Fill(random);
        return DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(random);
    }

    /// <inheritdoc />
    public void Dispose() => _slots.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Capture of request {RequestId} analysed: {Code} in {ElapsedMs:F0} ms")]
        public static partial void Analyzed(ILogger logger, string requestId, string code, double elapsedMs);
    }
}
