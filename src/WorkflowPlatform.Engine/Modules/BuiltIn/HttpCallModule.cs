using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WorkflowPlatform.Engine.Execution;

namespace WorkflowPlatform.Engine.Modules.BuiltIn;

/// <summary>The <see cref="HttpClient"/> used by <see cref="HttpCallModule"/> (replace it in DI to add handlers or proxies).</summary>
public sealed class WorkflowHttpClient(HttpClient client)
{
    /// <summary>The client; per-call timeouts come from the node's settings, so its own timeout should be infinite.</summary>
    public HttpClient Client { get; } = client;
}

/// <summary>
/// HTTP Call: sends a request with a per-attempt timeout. Transport errors, timeouts, 429 and 5xx are
/// retried with exponential back-off through a timer bookmark (<c>retry</c>), so no thread sleeps and the
/// retry survives a restart. Other 4xx fail immediately. Simulated in dry runs.
/// </summary>
public sealed class HttpCallModule(WorkflowHttpClient http) : IWorkflowModule
{
    /// <summary>Type key.</summary>
    public const string TypeKey = "http_call";

    /// <summary>Bookmark used for retry back-off.</summary>
    public const string RetryBookmark = "retry";

    private const int MaxResponseBytes = 64 * 1024;

    /// <inheritdoc />
    public ModuleDescriptor Descriptor { get; } = new()
    {
        Type = TypeKey,
        DisplayName = "HTTP Call",
        Category = "integration",
        Description = "Calls an external HTTP endpoint with a timeout and retries with back-off.",
        SideEffects = true,
        Waits = true,
        Ports = [Ports.Done, Ports.Failed, Ports.Skipped],
        Settings =
        [
            new SettingDescriptor { Name = "url", Label = "URL", Type = SettingTypes.Url, Required = true, Description = "Absolute http(s) URL." },
            new SettingDescriptor { Name = "method", Label = "Method", Type = SettingTypes.Enum, Default = "POST", Options = ["GET", "POST", "PUT", "PATCH", "DELETE"], Description = "HTTP method." },
            new SettingDescriptor { Name = "headers", Label = "Headers", Type = SettingTypes.StringMap, Description = "Extra request headers." },
            new SettingDescriptor { Name = "body", Label = "Body", Type = SettingTypes.Rule, Description = "Expression whose value is sent as JSON; default {request, result}." },
            new SettingDescriptor { Name = "timeoutSeconds", Label = "Timeout (s)", Type = SettingTypes.Int, Default = 10, Min = 1, Max = 120, Description = "Per attempt." },
            new SettingDescriptor { Name = "retries", Label = "Retries", Type = SettingTypes.Int, Default = 2, Min = 0, Max = 10, Description = "Retries after the first attempt." },
            new SettingDescriptor { Name = "backoffSeconds", Label = "Back-off (s)", Type = SettingTypes.Int, Default = 5, Min = 1, Max = 3600, Description = "First retry delay; doubles each retry." },
        ],
        Outputs =
        [
            new OutputDescriptor { Name = "status", Type = OutputTypes.Int, Description = "HTTP status code (0 when no response)." },
            new OutputDescriptor { Name = "ok", Type = OutputTypes.Bool, Description = "True for a 2xx response." },
            new OutputDescriptor { Name = "body", Type = OutputTypes.Map, Description = "JSON object response body (empty otherwise)." },
            new OutputDescriptor { Name = "attempts", Type = OutputTypes.Int, Description = "Attempts made." },
        ],
    };

    /// <inheritdoc />
    public async ValueTask<ModuleResult> ExecuteAsync(ModuleContext context)
    {
        var attempt = (context.Resume?.State.GetValueOrDefault("attempt") as long? ?? 0) + 1;
        if (context.DryRun)
        {
            return ModuleResult.Done(Outputs(200, true, new Dictionary<string, object?>(), attempt));
        }

        var retries = context.GetInt("retries") ?? 2;
        var url = context.GetString("url")!;
        using var request = new HttpRequestMessage(new HttpMethod(context.GetString("method") ?? "POST"), url);
        if (context.Settings["headers"] is JsonObject headers)
        {
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value?.GetValue<string>());
            }
        }

        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Delete)
        {
            var bodyRule = context.GetString("body");
            var body = string.IsNullOrWhiteSpace(bodyRule)
                ? new Dictionary<string, object?> { ["request"] = context.Instance.Context.Request, ["result"] = context.Instance.Context.Result }
                : context.EvaluateRule(bodyRule);
            request.Content = new StringContent(ContextValues.ToJson(body)?.ToJsonString() ?? "null", Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(context.GetInt("timeoutSeconds") ?? 10));
        int status;
        string? failure;
        Dictionary<string, object?> responseBody = new(StringComparer.Ordinal);
        try
        {
            using var response = await http.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            status = (int)response.StatusCode;
            responseBody = await ReadBodyAsync(response, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return ModuleResult.Done(Outputs(status, true, responseBody, attempt));
            }

            failure = $"HTTP {status} from {request.RequestUri?.Host}.";
            if (status != (int)HttpStatusCode.TooManyRequests && status < 500)
            {
                return ModuleResult.Fail("HTTP_STATUS", failure, Outputs(status, false, responseBody, attempt));
            }
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            status = 0;
            failure = "Timed out.";
        }
        catch (HttpRequestException e)
        {
            status = 0;
            failure = e.Message;
        }

        if (attempt > retries)
        {
            return ModuleResult.Fail("HTTP_FAILED", $"{failure} Gave up after {attempt} attempt(s).", Outputs(status, false, responseBody, attempt));
        }

        var backoff = TimeSpan.FromSeconds((context.GetInt("backoffSeconds") ?? 5) * Math.Pow(2, attempt - 1));
        return ModuleResult.Suspend(
            RetryBookmark, new Dictionary<string, object?> { ["attempt"] = attempt, ["last_error"] = failure },
            context.Time.GetUtcNow() + backoff, Outputs(status, false, responseBody, attempt));
    }

    private static Dictionary<string, object?> Outputs(int status, bool ok, Dictionary<string, object?> body, long attempts) => new()
    {
        ["status"] = (long)status,
        ["ok"] = ok,
        ["body"] = body,
        ["attempts"] = attempts,
    };

    private static async Task<Dictionary<string, object?>> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return new Dictionary<string, object?>(StringComparer.Ordinal);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[MaxResponseBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
        {
            read += n;
        }

        if (read > MaxResponseBytes)
        {
            return new Dictionary<string, object?>(StringComparer.Ordinal);
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.AsMemory(0, read), new JsonDocumentOptions { MaxDepth = 32 });
            return ContextValues.DictionaryFromJson(document.RootElement);
        }
        catch (JsonException)
        {
            return new Dictionary<string, object?>(StringComparer.Ordinal);
        }
    }
}
