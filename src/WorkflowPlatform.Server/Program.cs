using WorkflowPlatform.Server.Auth;
using WorkflowPlatform.Server.Endpoints.Enrolment;
using WorkflowPlatform.Server.Endpoints.Public;
using WorkflowPlatform.Server.Enrolment;
using WorkflowPlatform.Server.Frontend;
using WorkflowPlatform.Server.Hosting;
using WorkflowPlatform.Server.Scheduling;
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
    .AddEnrolment(builder.Configuration)
    .AddFrontends();

var app = builder.Build();

app.UsePlatformErrors();
app.UseRequestLimits();
app.UseAuthentication();
app.UseAuthorization();

app.MapPlatformHealth();
app.MapPlatformApiDocs();
app.MapAdminApi();
app.MapPublicApi();
app.MapEnrolmentEndpoints();
app.MapFrontends();

app.Run();

/// <summary>Entry point, public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
