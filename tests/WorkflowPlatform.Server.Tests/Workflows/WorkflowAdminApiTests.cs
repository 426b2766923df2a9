using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Server.Workflows;
using WorkflowPlatform.Testing;
using Xunit;

namespace WorkflowPlatform.Server.Tests.Workflows;

/// <summary>The workflow, module and request admin API through HTTP on the real server and database.</summary>
public abstract class WorkflowAdminApiTests<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : PlatformFactory
{
    private static readonly string[] BuiltInKeys = ["face-authentication", "photo-enroll", "selfie-registration"];

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Workflows", "Fixtures", name + ".json"));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<(HttpClient Admin, Guid Ws)> WorkspaceAsync(string name)
    {
        var admin = await factory.CreateAdminClientAsync();
        return (admin, await AdminApi.CreateWorkspaceAsync(admin, name));
    }

    private async Task PublishAsync(HttpClient admin, Guid ws, string fixture)
    {
        var key = JsonNode.Parse(Fixture(fixture))!["key"]!.GetValue<string>();
        await (await admin.PutAsync($"/api/admin/workspaces/{ws}/workflows/{key}/draft", Json(Fixture(fixture)))).JsonAsync(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/admin/workspaces/{ws}/workflows/{key}/publish", null)).JsonAsync(HttpStatusCode.OK);
    }

    /// <summary>A Wait node of an hour (key <c>wait-long</c>): the request stays awaiting_input.</summary>
    private static async Task PublishLongWaitAsync(HttpClient admin, Guid ws)
    {
        var wait = JsonNode.Parse(Fixture("wait"))!.AsObject();
        wait["key"] = "wait-long";
        wait["nodes"]![0]!["settings"]!["seconds"] = 3600;
        await (await admin.PostAsync($"/api/admin/workspaces/{ws}/workflows?publish=true", Json(wait.ToJsonString()))).JsonAsync(HttpStatusCode.Created);
    }

    private Task<RunResult> StartAsync(Guid ws, string workflow, string userId = "user-1", TimeSpan? ttl = null)
        => factory.Services.GetRequiredService<IWorkflowRuntime>().StartAsync(ws, new StartRequest
        {
            WorkspaceId = "",
            Workflow = workflow,
            UserId = userId,
            User = new Dictionary<string, object?> { ["is_new"] = true },
            Request = new Dictionary<string, object?>
            {
                ["locale"] = "de-DE",
                ["metadata"] = new Dictionary<string, object?> { ["country"] = "DE", ["age"] = 30L },
            },
            TimeToLive = ttl,
        });

    private static async Task<JsonElement> PollAsync(HttpClient admin, string url, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var json = await (await admin.GetAsync(url)).JsonAsync(HttpStatusCode.OK);
            if (done(json) || DateTime.UtcNow > deadline)
            {
                return json;
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task CreateWorkspace_BuiltInWorkflows_AreImportedAndPublishedWhenTheirModulesExist()
    {
        var (admin, ws) = await WorkspaceAsync("builtins");

        var list = await (await admin.GetAsync($"/api/admin/workspaces/{ws}/workflows")).JsonAsync(HttpStatusCode.OK);
        var modules = (await (await admin.GetAsync($"/api/admin/workspaces/{ws}/modules")).JsonAsync(HttpStatusCode.OK))
            .EnumerateArray().Select(m => m.GetProperty("type").GetString()).ToHashSet();

        Assert.Equal(BuiltInKeys, list.EnumerateArray().Select(w => w.GetProperty("key").GetString()).Order(StringComparer.Ordinal));
        foreach (var item in list.EnumerateArray())
        {
            var key = item.GetProperty("key").GetString();
            var definition = (await (await admin.GetAsync($"/api/admin/workspaces/{ws}/workflows/{key}")).JsonAsync(HttpStatusCode.OK)).GetProperty("definition");
            var allModulesKnown = definition.GetProperty("nodes").EnumerateArray().All(n => modules.Contains(n.GetProperty("type").GetString()));
            // Published exactly when every module it uses is registered; a draft otherwise, published at a later start.
            Assert.Equal(allModulesKnown, item.GetProperty("publishedVersion").ValueKind == JsonValueKind.Number);
            Assert.Equal(1, allModulesKnown ? item.GetProperty("publishedVersion").GetInt32() : item.GetProperty("draftVersion").GetInt32());
        }
    }

    [Fact]
    public async Task BuiltIns_DeletedByAdmin_AreNotImportedAgain()
    {
        var (admin, ws) = await WorkspaceAsync("builtins-deleted");
        (await admin.DeleteAsync($"/api/admin/workspaces/{ws}/workflows/photo-enroll")).EnsureSuccessStatusCode();

        var report = await factory.Services.GetRequiredService<BuiltInWorkflows>().EnsureAsync(ws);

        Assert.Empty(report.Imported);
        await (await admin.GetAsync($"/api/admin/workspaces/{ws}/workflows/photo-enroll")).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task DraftPublishVersionsDiffExport_FullLifeCycle()
    {
        var (admin, ws) = await WorkspaceAsync("lifecycle");
        var url = $"/api/admin/workspaces/{ws}/workflows/five";

        var draft = await (await admin.PutAsync(url + "/draft", Json(Fixture("five")))).JsonAsync(HttpStatusCode.OK);
        var published = await (await admin.PostAsync(url + "/publish", null)).JsonAsync(HttpStatusCode.OK);
        var edited = JsonNode.Parse(Fixture("five"))!.AsObject();
        edited["name"] = "Five nodes, edited";
        edited["nodes"]![4]!["settings"]!["outcome"] = "review";
        var draft2 = await (await admin.PutAsync(url + "/draft", Json(edited.ToJsonString()))).JsonAsync(HttpStatusCode.OK);
        var noDraftYet = await (await admin.GetAsync(url + "?version=1")).JsonAsync(HttpStatusCode.OK);
        var latest = await (await admin.GetAsync(url)).JsonAsync(HttpStatusCode.OK);
        var versions = await (await admin.GetAsync(url + "/versions")).JsonAsync(HttpStatusCode.OK);
        var diff = await (await admin.GetAsync(url + "/diff?from=1&to=2")).JsonAsync(HttpStatusCode.OK);
        var export = await admin.GetAsync(url + "/export?version=1");
        var list = await (await admin.GetAsync($"/api/admin/workspaces/{ws}/workflows")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(("draft", 1), (draft.GetProperty("status").GetString(), draft.GetProperty("version").GetInt32()));
        Assert.Equal(1, published.GetProperty("version").GetInt32());
        Assert.Equal(draft.GetProperty("hash").GetString(), published.GetProperty("hash").GetString());
        Assert.Equal(("draft", 2), (draft2.GetProperty("status").GetString(), draft2.GetProperty("version").GetInt32()));
        Assert.Equal("published", noDraftYet.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.String, noDraftYet.GetProperty("publishedAt").ValueKind);
        Assert.Equal(("Five nodes, edited", 2), (latest.GetProperty("definition").GetProperty("name").GetString(), latest.GetProperty("version").GetInt32()));
        Assert.Equal([(1, "published"), (2, "draft")], versions.EnumerateArray().Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("status").GetString())));
        Assert.All(versions.EnumerateArray(), v => Assert.Equal(PlatformFactory.AdminEmail, v.GetProperty("createdBy").GetString()));
        Assert.Equal(PlatformFactory.AdminEmail, versions[0].GetProperty("publishedBy").GetString());
        var changes = diff.GetProperty("changes").EnumerateArray().Select(c => (c.GetProperty("path").GetString(), c.GetProperty("kind").GetString())).ToList();
        Assert.Contains(("name", "changed"), changes);
        Assert.Contains(("nodes[end].settings.outcome", "changed"), changes);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Contains("five.json", export.Content.Headers.ContentDisposition?.ToString() ?? export.Headers.ToString(), StringComparison.Ordinal);
        Assert.Equal("approved", JsonNode.Parse(await export.Content.ReadAsStringAsync())!["nodes"]![4]!["settings"]!["outcome"]!.GetValue<string>());
        var five = list.EnumerateArray().Single(w => w.GetProperty("key").GetString() == "five");
        Assert.Equal((2, 1), (five.GetProperty("draftVersion").GetInt32(), five.GetProperty("publishedVersion").GetInt32()));
    }

    [Fact]
    public async Task Publish_InvalidDraft_Returns422WithNodeFieldAndRulePosition()
    {
        var (admin, ws) = await WorkspaceAsync("invalid");
        var url = $"/api/admin/workspaces/{ws}/workflows/bad-rule";
        await (await admin.PutAsync(url + "/draft", Json(Fixture("bad-rule")))).JsonAsync(HttpStatusCode.OK);

        var problem = await (await admin.PostAsync(url + "/publish", null)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "VALIDATION_FAILED");
        var validate = await (await admin.PostAsync(url + "/validate", Json(Fixture("bad-rule")))).JsonAsync(HttpStatusCode.OK);
        var stillDraft = await (await admin.GetAsync(url)).JsonAsync(HttpStatusCode.OK);

        var error = problem.GetProperty("errors").EnumerateArray().Single(e => e.GetProperty("field").GetString() == "rule");
        Assert.Equal("route", error.GetProperty("nodeId").GetString());
        Assert.Equal(1, error.GetProperty("line").GetInt32());
        Assert.True(error.GetProperty("column").GetInt32() > 1);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("code").GetString()));
        Assert.False(validate.GetProperty("valid").GetBoolean());
        Assert.Equal(problem.GetProperty("errors").GetArrayLength(), validate.GetProperty("errors").GetArrayLength());
        Assert.Equal("draft", stillDraft.GetProperty("status").GetString());
    }

    [Fact]
    public async Task DefinitionEndpoints_BadInput_ClearCodes()
    {
        var (admin, ws) = await WorkspaceAsync("bad-input");
        var url = $"/api/admin/workspaces/{ws}/workflows";

        await (await admin.PutAsync(url + "/other/draft", Json(Fixture("five")))).ProblemAsync(HttpStatusCode.BadRequest, "KEY_MISMATCH");
        await (await admin.PutAsync(url + "/five/draft", Json("""{"key":"five","name":"x"}"""))).ProblemAsync(HttpStatusCode.BadRequest, "DEFINITION_INVALID_JSON");
        await (await admin.PostAsync(url, Json("[1,2]"))).ProblemAsync(HttpStatusCode.BadRequest, "DEFINITION_INVALID_JSON");
        await (await admin.PostAsync(url + "/missing/publish", null)).ProblemAsync(HttpStatusCode.NotFound, "WORKFLOW_NOT_FOUND");
        await (await admin.GetAsync(url + "/missing")).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await admin.GetAsync(url + "/..%2F..%2Fetc")).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await PublishAsync(admin, ws, "five");
        await (await admin.PostAsync(url + "/five/publish", null)).ProblemAsync(HttpStatusCode.Conflict, "NO_DRAFT");
        await (await admin.GetAsync(url + "/five/diff?from=1")).ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await admin.GetAsync(url + "/five/diff?from=1&to=9")).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Import_WithPublish_PublishesAndAudits()
    {
        var (admin, ws) = await WorkspaceAsync("import");

        var created = await (await admin.PostAsync($"/api/admin/workspaces/{ws}/workflows?publish=true", Json(Fixture("five")))).JsonAsync(HttpStatusCode.Created);
        await (await admin.DeleteAsync($"/api/admin/workspaces/{ws}/workflows/five")).JsonAsync(HttpStatusCode.NoContent);
        var audit = await (await admin.GetAsync($"/api/admin/workspaces/{ws}/audit?entity=workflow")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("published", created.GetProperty("status").GetString());
        Assert.Equal(["workflow.deleted", "workflow.imported_published"], audit.EnumerateArray().Select(a => a.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task DryRun_DraftWithSampleContext_ReturnsPathRuleValuesAndOutcome()
    {
        var (admin, ws) = await WorkspaceAsync("dry-run");
        var body = $$"""
            { "definition": {{Fixture("five")}},
              "context": { "user": { "is_new": true }, "request": { "locale": "de-DE", "metadata": { "country": "AT", "age": 17 } } } }
            """;

        var result = await (await admin.PostAsync($"/api/admin/workspaces/{ws}/workflows/five/dry-run", Json(body))).JsonAsync(HttpStatusCode.OK);

        var path = result.GetProperty("path").EnumerateArray().ToList();
        Assert.Equal(["country", "route", "score", "skip", "end"], path.Select(p => p.GetProperty("nodeId").GetString()));
        Assert.Equal("else", path[1].GetProperty("port").GetString());
        Assert.Equal(("skipped", false), (path[2].GetProperty("status").GetString(), path[2].GetProperty("ruleValue").GetBoolean()));
        Assert.Equal("approved", result.GetProperty("outcome").GetString());
        Assert.False(result.GetProperty("result").GetProperty("german").GetBoolean());
        // Nothing was stored by a dry run.
        await (await admin.GetAsync($"/api/admin/workspaces/{ws}/workflows/five")).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task Modules_Catalog_DescribesSettingsOutputsAndPorts()
    {
        var (admin, ws) = await WorkspaceAsync("modules");

        var modules = await (await admin.GetAsync($"/api/admin/workspaces/{ws}/modules")).JsonAsync(HttpStatusCode.OK);

        var wait = modules.EnumerateArray().Single(m => m.GetProperty("type").GetString() == "wait");
        Assert.Equal("seconds", wait.GetProperty("settings")[0].GetProperty("name").GetString());
        Assert.Equal("int", wait.GetProperty("settings")[0].GetProperty("type").GetString());
        Assert.Contains("done", wait.GetProperty("ports").EnumerateArray().Select(p => p.GetString()));
        var decision = modules.EnumerateArray().Single(m => m.GetProperty("type").GetString() == "decision");
        Assert.Equal("branch", decision.GetProperty("outputs")[0].GetProperty("name").GetString());
        Assert.All(modules.EnumerateArray(), m => Assert.False(string.IsNullOrEmpty(m.GetProperty("displayName").GetString())));
    }

    [Fact]
    public async Task Requests_ListFiltersPagesDetailAndJournal()
    {
        var (admin, ws) = await WorkspaceAsync("requests");
        await PublishAsync(admin, ws, "five");
        await PublishLongWaitAsync(admin, ws);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await StartAsync(ws, "five", userId: i == 0 ? "alice" : "bob")).InstanceId);
        }

        var waiting = await StartAsync(ws, "wait-long", userId: "alice", ttl: TimeSpan.FromHours(1));
        var url = $"/api/admin/workspaces/{ws}/requests";

        var all = await (await admin.GetAsync(url)).JsonAsync(HttpStatusCode.OK);
        var alice = await (await admin.GetAsync(url + "?userId=alice&workflow=five")).JsonAsync(HttpStatusCode.OK);
        var completed = await (await admin.GetAsync(url + "?status=completed&skip=1&take=1")).JsonAsync(HttpStatusCode.OK);
        var future = await (await admin.GetAsync(url + "?from=" + Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O")))).JsonAsync(HttpStatusCode.OK);
        var detail = await (await admin.GetAsync($"{url}/{ids[0]}")).JsonAsync(HttpStatusCode.OK);
        var journal = await (await admin.GetAsync($"{url}/{ids[0]}/journal")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(4, all.GetProperty("total").GetInt32());
        Assert.Equal(4, all.GetProperty("items").GetArrayLength());
        Assert.Equal([ids[0]], alice.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Equal((3, 1), (completed.GetProperty("total").GetInt32(), completed.GetProperty("items").GetArrayLength()));
        Assert.Equal(0, future.GetProperty("total").GetInt32());
        Assert.Equal(("completed", "approved", "five", 1), (detail.GetProperty("status").GetString(), detail.GetProperty("outcome").GetString(),
            detail.GetProperty("workflow").GetString(), detail.GetProperty("version").GetInt32()));
        Assert.Equal(61, detail.GetProperty("result").GetProperty("score").GetInt32());
        Assert.Equal("de", detail.GetProperty("modules").GetProperty("route").GetProperty("branch").GetString());
        Assert.Equal(["country", "route", "score", "skip", "end"], journal.EnumerateArray().Select(j => j.GetProperty("nodeId").GetString()));
        Assert.Equal("disabled", journal[3].GetProperty("reason").GetString());
        Assert.Equal("request.metadata.age >= 18 && user.is_new", journal[2].GetProperty("rule").GetString());
        Assert.True(journal[2].GetProperty("ruleValue").GetBoolean());
        Assert.True(journal[0].GetProperty("durationMs").GetDouble() >= 0);
        await (await admin.GetAsync(url + "?status=sleeping")).ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await admin.GetAsync(url + "?take=501")).ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await admin.GetAsync(url + "/nope")).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        Assert.Equal("awaiting_input", (await (await admin.GetAsync($"{url}/{waiting.InstanceId}")).JsonAsync(HttpStatusCode.OK)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancel_ReviewerCancelsViewerCannot_AndFinishedRequestsConflict()
    {
        var (admin, ws) = await WorkspaceAsync("cancel");
        await PublishLongWaitAsync(admin, ws);
        await PublishAsync(admin, ws, "five");
        var reviewerEmail = AdminApi.NewEmail("reviewer");
        var viewerEmail = AdminApi.NewEmail("viewer");
        await AdminApi.AddMemberAsync(admin, ws, reviewerEmail, "Reviewer");
        await AdminApi.AddMemberAsync(admin, ws, viewerEmail, "Viewer");
        var reviewer = await factory.CreateSignedInClientAsync(reviewerEmail, "member-password-123");
        var viewer = await factory.CreateSignedInClientAsync(viewerEmail, "member-password-123");
        var waiting = await StartAsync(ws, "wait-long", ttl: TimeSpan.FromHours(1));
        var finished = await StartAsync(ws, "five");
        var url = $"/api/admin/workspaces/{ws}/requests";

        await (await viewer.PostAsync($"{url}/{waiting.InstanceId}/cancel", null)).ProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var cancelled = await (await reviewer.PostAsync($"{url}/{waiting.InstanceId}/cancel", null)).JsonAsync(HttpStatusCode.OK);
        var again = await (await reviewer.PostAsync($"{url}/{waiting.InstanceId}/cancel", null)).JsonAsync(HttpStatusCode.OK);
        await (await reviewer.PostAsync($"{url}/{finished.InstanceId}/cancel", null)).ProblemAsync(HttpStatusCode.Conflict, "INSTANCE_FINISHED");
        await (await viewer.PutAsync($"/api/admin/workspaces/{ws}/workflows/five/draft", Json(Fixture("five")))).ProblemAsync(HttpStatusCode.Forbidden, "FORBIDDEN");
        var journal = await (await viewer.GetAsync($"{url}/{waiting.InstanceId}/journal")).JsonAsync(HttpStatusCode.OK);
        var audit = await (await admin.GetAsync($"/api/admin/workspaces/{ws}/audit?entity=request")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal("cancelled", again.GetProperty("status").GetString());
        Assert.Equal("cancelled: by " + reviewerEmail, journal[journal.GetArrayLength() - 1].GetProperty("reason").GetString());
        var entry = Assert.Single(audit.EnumerateArray());
        Assert.Equal(("request.cancelled", reviewerEmail), (entry.GetProperty("action").GetString(), entry.GetProperty("actorEmail").GetString()));
    }

    [Fact]
    public async Task WaitNode_QuartzTimerFires_InstanceCompletes()
    {
        var (admin, ws) = await WorkspaceAsync("timer");
        await PublishAsync(admin, ws, "wait");

        var started = await StartAsync(ws, "wait-a-second");
        var done = await PollAsync(admin, $"/api/admin/workspaces/{ws}/requests/{started.InstanceId}", r => r.GetProperty("status").GetString() == "completed");

        Assert.Equal(InstanceStatus.AwaitingInput, started.Status);
        Assert.Equal("completed", done.GetProperty("status").GetString());
        Assert.True(done.GetProperty("result").GetProperty("waited").GetBoolean());
    }

    [Fact]
    public async Task Ttl_QuartzExpiryFires_InstanceExpires()
    {
        var (admin, ws) = await WorkspaceAsync("expiry");
        await PublishLongWaitAsync(admin, ws);

        var started = await StartAsync(ws, "wait-long", ttl: TimeSpan.FromSeconds(1));
        var expired = await PollAsync(admin, $"/api/admin/workspaces/{ws}/requests/{started.InstanceId}", r => r.GetProperty("status").GetString() == "expired");

        Assert.Equal("expired", expired.GetProperty("status").GetString());
        Assert.Equal("INSTANCE_EXPIRED", expired.GetProperty("errorCode").GetString());
    }

    public static TheoryData<string, string> Routes() => new()
    {
        { "GET", "workflows" },
        { "POST", "workflows" },
        { "GET", "workflows/five" },
        { "DELETE", "workflows/five" },
        { "PUT", "workflows/five/draft" },
        { "POST", "workflows/five/validate" },
        { "POST", "workflows/five/publish" },
        { "GET", "workflows/five/versions" },
        { "GET", "workflows/five/diff?from=1&to=1" },
        { "GET", "workflows/five/export" },
        { "POST", "workflows/five/dry-run" },
        { "GET", "modules" },
        { "GET", "requests" },
        { "GET", "requests/{request}" },
        { "GET", "requests/{request}/journal" },
        { "POST", "requests/{request}/cancel" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task WorkflowRoutes_OtherWorkspace_Return404AndChangeNothing(string method, string route)
    {
        var (ownerB, wsB) = await WorkspaceAsync("iso-b");
        await PublishLongWaitAsync(ownerB, wsB);
        await PublishAsync(ownerB, wsB, "five");
        var request = await StartAsync(wsB, "wait-long", ttl: TimeSpan.FromHours(1));
        var email = AdminApi.NewEmail("intruder");
        var (ownerA, wsA) = await WorkspaceAsync("iso-a");
        await AdminApi.AddMemberAsync(ownerA, wsA, email, "Owner");
        var intruder = await factory.CreateSignedInClientAsync(email, "member-password-123");

        var response = await intruder.SendAsync(new HttpRequestMessage(new HttpMethod(method), $"/api/admin/workspaces/{wsB}/{route.Replace("{request}", request.InstanceId)}")
        {
            Content = method is "POST" or "PUT" ? Json(Fixture("five")) : null,
        });
        // Also with A's own workspace in the route and B's request id.
        var crossId = await intruder.GetAsync($"/api/admin/workspaces/{wsA}/requests/{request.InstanceId}");

        await response.ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await crossId.ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        var stillThere = await (await ownerB.GetAsync($"/api/admin/workspaces/{wsB}/requests/{request.InstanceId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("awaiting_input", stillThere.GetProperty("status").GetString());
        await (await ownerB.GetAsync($"/api/admin/workspaces/{wsB}/workflows/five")).JsonAsync(HttpStatusCode.OK);
    }
}

public sealed class WorkflowAdminApiTests_Sqlite(SqlitePlatformFactory factory) : WorkflowAdminApiTests<SqlitePlatformFactory>(factory);

public sealed class WorkflowAdminApiTests_Postgres(PostgresPlatformFactory factory) : WorkflowAdminApiTests<PostgresPlatformFactory>(factory);
