using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Server.Audit;
using WorkflowPlatform.Server.VerificationWays;
using WorkflowPlatform.Storage;
using WorkflowPlatform.Storage.Notifications;
using WorkflowPlatform.Storage.Workspaces;

namespace WorkflowPlatform.Server.Notifications;

/// <summary>
/// Disables an endpoint that asked to stop (410) or keeps failing, and tells its owners: an audit entry
/// (<c>webhook.endpoint.disabled</c>, visible in the admin API), a console warning, and an e-mail to the workspace's
/// owners and admins when SMTP is configured.
/// </summary>
public sealed partial class EndpointHealth(IServiceScopeFactory scopes, IOptions<VerificationWaysOptions> ways, TimeProvider time, ILogger<EndpointHealth> logger)
{
    /// <summary>Disables the endpoint if it is still enabled; returns whether this call disabled it.</summary>
    public async Task<bool> DisableAsync(Guid workspaceId, Guid endpointId, string reason, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<IWorkspaceContext>().Set(workspaceId);
        var db = scope.ServiceProvider.GetRequiredService<PlatformDbContext>();
        var now = time.GetUtcNow();
        var reasonText = reason.Length > 500 ? reason[..500] : reason;
        var changed = await db.Set<NotificationEndpoint>()
            .Where(e => e.Id == endpointId && e.Enabled)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Enabled, false).SetProperty(e => e.DisabledReason, reasonText)
                .SetProperty(e => e.DisabledAt, now).SetProperty(e => e.UpdatedAt, now), cancellationToken);
        if (changed == 0)
        {
            return false;
        }

        var endpoint = await db.Set<NotificationEndpoint>().AsNoTracking().SingleAsync(e => e.Id == endpointId, cancellationToken);
        db.AuditEntries.Add(AuditLog.Entry(workspaceId, null, "system", "webhook.endpoint.disabled", "notification_endpoint", endpointId.ToString(),
            new { enabled = true }, new { enabled = false, reason = reasonText, url = endpoint.Url }, now));
        await db.SaveChangesAsync(cancellationToken);
        Log.Disabled(logger, endpointId, endpoint.Url, reasonText);

        if (ways.Value.EmailFor(workspaceId) is { Host.Length: > 0 } smtp)
        {
            var owners = await db.WorkspaceMembers.AsNoTracking()
                .Where(m => m.WorkspaceId == workspaceId && m.Role >= WorkspaceRole.Admin)
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u.Email)
                .Where(e => e != null).Select(e => e!).ToListAsync(cancellationToken);
            if (owners.Count > 0)
            {
                var error = await EmailNotifier.SendAsync(smtp, owners, "[WorkflowPlatform] Webhook endpoint disabled",
                    $"The webhook endpoint {endpoint.Url} ({endpointId}) was disabled: {reasonText}.\nRe-enable it in the console once the receiver works; replay the failed events from its delivery log.",
                    cancellationToken);
                if (error is not null)
                {
                    Log.OwnerMailFailed(logger, endpointId, error);
                }
            }
        }
        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Webhook endpoint {EndpointId} ({Url}) disabled: {Reason}")]
        public static partial void Disabled(ILogger logger, Guid endpointId, string? url, string reason);

        [LoggerMessage(2, LogLevel.Warning, "Could not e-mail the owners about disabled endpoint {EndpointId}: {Error}")]
        public static partial void OwnerMailFailed(ILogger logger, Guid endpointId, string error);
    }
}
