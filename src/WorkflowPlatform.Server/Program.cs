using WorkflowPlatform.Server.Auth;
using WorkflowPlatform.Server.Endpoints.Enrolment;
using WorkflowPlatform.Server.Endpoints.Modules;
using WorkflowPlatform.Server.Endpoints.Public;
using WorkflowPlatform.Server.Endpoints.Webhooks;
using WorkflowPlatform.Server.Endpoints.Workflows;
using WorkflowPlatform.Server.Enrolment;
using WorkflowPlatform.Server.Frontend;
using WorkflowPlatform.Server.Hosting;
using WorkflowPlatform.Server.Notifications;
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
    .AddEnrolment(builder.Configuration)
    .AddNotifications()
    .AddFrontends()
    .AddRetention(builder.Configuration);

var app = builder.Build();

app.UsePlatformErrors();
app.UseRequestLimits();
app.UseAuthentication();
app.UseAuthorization();

app.MapPlatformHealth();
app.MapPlatformApiDocs();
var admin = app.MapAdminApi()
    .MapWorkflowEndpoints()
    .MapModuleEndpoints()
    .MapWebhookEndpoints();
// Two features name their extension MapRequestEndpoints (admin requests, public requests): call the admin one by its class.
WorkflowPlatform.Server.Endpoints.Requests.RequestEndpoints.MapRequestEndpoints(admin);
app.MapPublicApi();
app.MapEnrolmentEndpoints();
app.MapFrontends();

app.Run();

/// <summary>Entry point, public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
