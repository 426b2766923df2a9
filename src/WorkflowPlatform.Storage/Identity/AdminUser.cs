using Microsoft.AspNetCore.Identity;

namespace WorkflowPlatform.Storage.Identity;

/// <summary>A console administrator (ASP.NET Core Identity user). Workspace roles live in <c>WorkspaceMember</c>.</summary>
public sealed class AdminUser : IdentityUser<Guid>
{
    public DateTimeOffset CreatedAt { get; set; }
}
