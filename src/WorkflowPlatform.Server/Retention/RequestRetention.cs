using Microsoft.Extensions.Options;
using WorkflowPlatform.Storage.Workflows;
using WorkflowPlatform.Verification.Photos;

namespace WorkflowPlatform.Server.Retention;

/// <summary>What one <see cref="RequestRetention.RunAsync"/> did.</summary>
/// <param name="RequestsPurged">Finished requests whose capture folder was purged (past <see cref="RetentionOptions.RequestImagesDays"/>).</param>
/// <param name="ImagesDeleted">Capture images deleted (both passes).</param>
/// <param name="RequestsDeleted">Finished request rows deleted with bookmarks and journal (past <see cref="RetentionOptions.FinishedRequestsDays"/>).</param>
/// <param name="MoreRemaining">A pass filled its batch: the next run continues.</param>
public sealed record RetentionRunReport(int RequestsPurged, int ImagesDeleted, int RequestsDeleted, bool MoreRemaining);

/// <summary>
/// The retention pass the Quartz job runs. Images: finished requests older than the image retention, in (finished_at, id)
/// order after the shared position in <c>retention_positions</c>, one bounded batch per run; each request's folder
/// (<c>ws/{ws}/requests/{id}/</c>) is deleted, then the position moves (compare-and-set). Rows (when configured): finished
/// requests older than the row retention are deleted, each in a scope bound to its workspace, after their folder.
/// </summary>
/// <remarks>
/// Idempotent: deleting a folder twice deletes nothing the second time, so a run that dies before moving the position only
/// repeats work. Profile photos are copies under <c>ws/{ws}/users/…</c> and are never touched here.
/// </remarks>
public sealed partial class RequestRetention(
    RequestRetentionStore store, PhotoRetention photos, IOptionsMonitor<RetentionOptions> options, TimeProvider time, ILogger<RequestRetention> logger)
{
    /// <summary>Name of the image pass's position row.</summary>
    public const string ImagesPass = "request-images";

    /// <summary>One run: a batch of image purges, then a batch of row deletions.</summary>
    public async Task<RetentionRunReport> RunAsync(CancellationToken cancellationToken = default)
    {
        var o = options.CurrentValue;
        var now = time.GetUtcNow();
        var imagesBefore = now - TimeSpan.FromDays(o.RequestImagesDays);

        var position = await store.GetPositionAsync(ImagesPass, cancellationToken).ConfigureAwait(false);
        var batch = await store.FindFinishedAsync(imagesBefore, position, o.BatchSize, cancellationToken).ConfigureAwait(false);
        var images = 0;
        foreach (var request in batch)
        {
            images += await photos.PurgeRequestBlobsAsync(request.WorkspaceId.ToString(), request.InstanceId, cancellationToken).ConfigureAwait(false);
        }

        if (batch.Count > 0)
        {
            var last = batch[^1];
            await store.AdvancePositionAsync(ImagesPass, position, new RetentionPosition(last.FinishedAt, last.InstanceId), now, cancellationToken)
                .ConfigureAwait(false);
        }

        var more = batch.Count == o.BatchSize;
        var deleted = 0;
        if (o.FinishedRequestsDays is { } days)
        {
            var rows = await store.FindFinishedAsync(now - TimeSpan.FromDays(days), null, o.BatchSize, cancellationToken).ConfigureAwait(false);
            foreach (var request in rows)
            {
                // Images first: the image pass may be behind (a longer image retention configured earlier).
                images += await photos.PurgeRequestBlobsAsync(request.WorkspaceId.ToString(), request.InstanceId, cancellationToken).ConfigureAwait(false);
                if (await store.DeleteFinishedRequestAsync(request.WorkspaceId, request.InstanceId, cancellationToken).ConfigureAwait(false))
                {
                    deleted++;
                }
            }

            more |= rows.Count == o.BatchSize;
        }

        RetentionTelemetry.Record(RetentionTelemetry.RequestsPurgedCounter, batch.Count, "retention");
        RetentionTelemetry.Record(RetentionTelemetry.ImagesDeletedCounter, images, "retention");
        RetentionTelemetry.Record(RetentionTelemetry.RequestsDeletedCounter, deleted, "retention");
        if (batch.Count + images + deleted > 0)
        {
            Log.Purged(logger, batch.Count, images, deleted, imagesBefore, more);
        }

        return new RetentionRunReport(batch.Count, images, deleted, more);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4301, Level = LogLevel.Information,
            Message = "Retention: images of {Requests} finished requests purged ({Images} images), {Deleted} finished requests deleted; image cut-off {Cutoff:O}, more remaining: {More}")]
        public static partial void Purged(ILogger logger, int requests, int images, int deleted, DateTimeOffset cutoff, bool more);
    }
}
