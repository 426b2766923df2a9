using WorkflowPlatform.Server.Auth;
using WorkflowPlatform.Server.Endpoints.Modules;
using WorkflowPlatform.Server.Endpoints.Public;
using WorkflowPlatform.Server.Endpoints.Requests;
using WorkflowPlatform.Server.Endpoints.Workflows;
using WorkflowPlatform.Server.Hosting;
using WorkflowPlatform.Server.Retention;
using WorkflowPlatform.Server.Scheduling;
using WorkflowPlatform.Server.Workflows;
using WorkflowPlatform.Storage;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddEnvironmentVariables("WFP_");
builder.Logging.AddPlatformLogging();

builder.Services
    .AddStorage(builder.Configuration)
    .AddPlatformScheduler(builder.Configuration)
    .AddPlatformErrors()
    .AddRequestLimits()
    .AddPlatformAuth()
    .AddPlatformHealth()
    .AddPlatformApiDocs()
    .AddAdminApi()
    .AddWorkflows(builder.Configuration)
    .AddRetention(builder.Configuration);

var app = builder.Build();

app.UsePlatformErrors();
app.UseRequestLimits();
app.UseAuthentication();
app.UseAuthorization();

app.MapPlatformHealth();
app.MapPlatformApiDocs();
app.MapAdminApi()
    .MapWorkflowEndpoints()
    .MapModuleEndpoints()
    .MapRequestEndpoints();
app.MapPublicApi();

app.Run();

/// <summary>Entry point, public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
