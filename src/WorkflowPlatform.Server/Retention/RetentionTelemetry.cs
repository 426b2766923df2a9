using System.Diagnostics.Metrics;
using WorkflowPlatform.Engine.Diagnostics;

namespace WorkflowPlatform.Server.Retention;

/// <summary>Retention metrics on the product meter (<c>WorkflowPlatform</c>).</summary>
public static class RetentionTelemetry
{
    /// <summary>Counter of request capture images deleted; tag <c>reason</c> = <c>retention</c> or <c>erasure</c>.</summary>
    public const string ImagesDeleted = "retention.request_images.deleted";

    /// <summary>Counter of requests whose images were purged; tag <c>reason</c> = <c>retention</c> or <c>erasure</c>.</summary>
    public const string RequestsPurged = "retention.requests.purged";

    /// <summary>Counter of finished request rows deleted (with their bookmarks and journal).</summary>
    public const string RequestsDeleted = "retention.requests.deleted";

    internal static readonly Counter<long> ImagesDeletedCounter =
        EngineTelemetry.Meter.CreateCounter<long>(ImagesDeleted, "{image}", "Request capture images deleted by retention or erasure.");

    internal static readonly Counter<long> RequestsPurgedCounter =
        EngineTelemetry.Meter.CreateCounter<long>(RequestsPurged, "{request}", "Requests whose capture images were purged.");

    internal static readonly Counter<long> RequestsDeletedCounter =
        EngineTelemetry.Meter.CreateCounter<long>(RequestsDeleted, "{request}", "Finished request rows deleted with their journal.");

    internal static void Record(Counter<long> counter, long value, string reason)
    {
        if (value > 0)
        {
            counter.Add(value, new KeyValuePair<string, object?>("reason", reason));
        }
    }
}
