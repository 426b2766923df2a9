namespace WorkflowPlatform.Server.Notifications;

/// <summary>Which <c>notification_url</c> a request may name: https/http on a domain the application permits, or a subdomain of one.</summary>
public static class RequestNotificationUrls
{
    public static bool IsAllowed(string url, IReadOnlyList<string> domains)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }
        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        foreach (var domain in domains)
        {
            // "*.example.com" and "example.com" both permit example.com and its subdomains.
            var d = (domain.StartsWith("*.", StringComparison.Ordinal) ? domain[2..] : domain).TrimEnd('.').ToLowerInvariant();
            if (host == d || host.EndsWith("." + d, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
