using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using WorkflowPlatform.Testing;
using Xunit;

namespace WorkflowPlatform.Server.Tests;

public abstract class AdminAuthTests<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : PlatformFactory
{
    [Fact]
    public async Task Login_CorrectPassword_ReturnsAdminWithOwnedWorkspace()
    {
        var client = factory.CreateClient();

        var me = await (await client.PostAsJsonAsync("/api/admin/auth/login", new { email = PlatformFactory.AdminEmail, password = PlatformFactory.AdminPassword }))
            .JsonAsync(HttpStatusCode.OK);

        Assert.Equal(PlatformFactory.AdminEmail, me.GetProperty("email").GetString());
        var ws = me.GetProperty("workspaces").EnumerateArray().Single(w => w.GetProperty("name").GetString() == "Primary");
        Assert.Equal("Owner", ws.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Login_WrongPassword_Returns401InvalidCredentials()
    {
        var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/api/admin/auth/login", new { email = PlatformFactory.AdminEmail, password = "not-the-password" });

        await response.ProblemAsync(HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_LocksTheAccountEvenForTheRightOne()
    {
        var owner = await factory.CreateAdminClientAsync();
        var ws = await AdminApi.PrimaryWorkspaceAsync(owner);
        var email = AdminApi.NewEmail("lock");
        await AdminApi.AddMemberAsync(owner, ws, email, "Viewer", "member-password-123");
        var client = factory.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await client.PostAsJsonAsync("/api/admin/auth/login", new { email, password = "wrong-password-000" });
        }

        var response = await client.PostAsJsonAsync("/api/admin/auth/login", new { email, password = "member-password-123" });

        await response.ProblemAsync((HttpStatusCode)423, "LOCKED_OUT");
    }

    [Fact]
    public async Task AdminEndpoint_WithoutCookie_Returns401ProblemInsteadOfRedirect()
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/api/admin/auth/me");

        await response.ProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Logout_ThenMe_Returns401()
    {
        var client = await factory.CreateAdminClientAsync();

        (await client.PostAsync("/api/admin/auth/logout", null)).EnsureSuccessStatusCode();
        var response = await client.GetAsync("/api/admin/auth/me");

        await response.ProblemAsync(HttpStatusCode.Unauthorized, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Setup_AfterAdminExists_Returns409SetupAlreadyDone()
    {
        var client = factory.CreateClient();

        var status = await (await client.GetAsync("/api/admin/setup/status")).JsonAsync(HttpStatusCode.OK);
        var response = await client.PostAsJsonAsync("/api/admin/setup", new { token = "whatever", email = "x@example.test", password = "long-enough-password", workspaceName = "X" });

        Assert.False(status.GetProperty("setupRequired").GetBoolean());
        await response.ProblemAsync(HttpStatusCode.Conflict, "SETUP_ALREADY_DONE");
    }

    [Theory]
    [InlineData("Viewer", HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData("Reviewer", HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData("Designer", HttpStatusCode.OK, HttpStatusCode.Forbidden)]
    [InlineData("Admin", HttpStatusCode.OK, HttpStatusCode.Created)]
    public async Task Roles_ReadAndCreateApplications_FollowMinimumRole(string role, HttpStatusCode read, HttpStatusCode create)
    {
        var owner = await factory.CreateAdminClientAsync();
        var ws = await AdminApi.CreateWorkspaceAsync(owner, "roles-" + role);
        var email = AdminApi.NewEmail(role);
        await AdminApi.AddMemberAsync(owner, ws, email, role);
        var member = await factory.CreateSignedInClientAsync(email, "member-password-123");

        var list = await member.GetAsync($"/api/admin/workspaces/{ws}/applications");
        var post = await member.PostAsJsonAsync($"/api/admin/workspaces/{ws}/applications", new { name = "by " + role });

        Assert.Equal(read, list.StatusCode);
        Assert.Equal(create, post.StatusCode);
        if (create == HttpStatusCode.Forbidden)
        {
            await post.ProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        }
    }

    [Fact]
    public async Task Members_AdminAddsOwner_Returns403()
    {
        var owner = await factory.CreateAdminClientAsync();
        var ws = await AdminApi.CreateWorkspaceAsync(owner, "owners");
        var email = AdminApi.NewEmail("admin");
        await AdminApi.AddMemberAsync(owner, ws, email, "Admin");
        var admin = await factory.CreateSignedInClientAsync(email, "member-password-123");

        var response = await admin.PostAsJsonAsync($"/api/admin/workspaces/{ws}/members", new { email = AdminApi.NewEmail("x"), role = "Owner", password = "member-password-123" });

        await response.ProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
    }

    [Fact]
    public async Task Members_RemoveLastOwner_Returns409LastOwner()
    {
        var owner = await factory.CreateAdminClientAsync();
        var ws = await AdminApi.CreateWorkspaceAsync(owner, "last-owner");
        var me = await (await owner.GetAsync("/api/admin/auth/me")).JsonAsync(HttpStatusCode.OK);

        var response = await owner.DeleteAsync($"/api/admin/workspaces/{ws}/members/{me.GetProperty("id").GetGuid()}");

        await response.ProblemAsync(HttpStatusCode.Conflict, "LAST_OWNER");
    }

    [Fact]
    public async Task Members_AddExistingMember_Returns409AlreadyMember()
    {
        var owner = await factory.CreateAdminClientAsync();
        var ws = await AdminApi.CreateWorkspaceAsync(owner, "dupe");
        var email = AdminApi.NewEmail("dupe");
        await AdminApi.AddMemberAsync(owner, ws, email, "Viewer");

        var response = await owner.PostAsJsonAsync($"/api/admin/workspaces/{ws}/members", new { email, role = "Admin" });

        await response.ProblemAsync(HttpStatusCode.Conflict, "ALREADY_MEMBER");
    }
}

public sealed class AdminAuthTests_Sqlite(SqlitePlatformFactory factory) : AdminAuthTests<SqlitePlatformFactory>(factory);

public sealed class AdminAuthTests_Postgres(PostgresPlatformFactory factory) : AdminAuthTests<PostgresPlatformFactory>(factory);
