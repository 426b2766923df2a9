using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace WorkflowPlatform.Server.Tests;

/// <summary>Small helpers over the admin API, used to arrange tests through the same HTTP surface users have.</summary>
public static class AdminApi
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts a ProblemDetails with the given status and code and returns it.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        return json;
    }

    public static async Task<Guid> PrimaryWorkspaceAsync(HttpClient admin)
    {
        var me = await (await admin.GetAsync("/api/admin/auth/me")).JsonAsync(HttpStatusCode.OK);
        return me.GetProperty("workspaces")[0].GetProperty("id").GetGuid();
    }

    public static async Task<Guid> CreateWorkspaceAsync(HttpClient admin, string name)
    {
        var json = await (await admin.PostAsJsonAsync("/api/admin/workspaces", new { name })).JsonAsync(HttpStatusCode.Created);
        return json.GetProperty("id").GetGuid();
    }

    public static async Task<Guid> CreateApplicationAsync(HttpClient admin, Guid workspaceId, string name = "Shop")
    {
        var json = await (await admin.PostAsJsonAsync($"/api/admin/workspaces/{workspaceId}/applications",
            new { name, returnUrl = "https://shop.example/done", verificationWays = new[] { "link" } })).JsonAsync(HttpStatusCode.Created);
        return json.GetProperty("id").GetGuid();
    }

    public static async Task<(Guid Id, string Key)> CreateKeyAsync(HttpClient admin, Guid workspaceId, Guid applicationId, string mode = "live")
    {
        var json = await (await admin.PostAsJsonAsync($"/api/admin/workspaces/{workspaceId}/applications/{applicationId}/keys",
            new { name = "server", mode })).JsonAsync(HttpStatusCode.Created);
        return (json.GetProperty("id").GetGuid(), json.GetProperty("key").GetString()!);
    }

    public static async Task AddMemberAsync(HttpClient admin, Guid workspaceId, string email, string role, string? password = "member-password-123")
    {
        await (await admin.PostAsJsonAsync($"/api/admin/workspaces/{workspaceId}/members", new { email, role, password })).JsonAsync(HttpStatusCode.Created);
    }

    public static string NewEmail(string who) => $"{who}-{Guid.NewGuid():N}@example.test";
}
