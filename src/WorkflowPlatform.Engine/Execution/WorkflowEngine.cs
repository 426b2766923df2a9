using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkflowPlatform.Engine.Definitions;
using WorkflowPlatform.Engine.Diagnostics;
using WorkflowPlatform.Engine.Modules;
using WorkflowPlatform.Engine.Persistence;
using WorkflowPlatform.Engine.Rules;
using WorkflowPlatform.Engine.Scheduling;

namespace WorkflowPlatform.Engine.Execution;

/// <summary>
/// Runs instances: start (pinning the published version), run until completion or a bookmark, resume
/// (idempotent per key, optimistic concurrency), cancel, expire. Thread-safe singleton.
/// </summary>
public sealed partial class WorkflowEngine
{
    private const int MaxIdempotencyKeyLength = 200;
    private const int MaxConflictRetries = 5;

    private readonly ModuleRegistry _registry;
    private readonly IWorkflowDefinitionStore _definitions;
    private readonly IWorkflowInstanceStore _instances;
    private readonly IWorkflowScheduler _scheduler;
    private readonly TimeProvider _time;
    private readonly WorkflowEngineOptions _options;
    private readonly IServiceProvider _services;
    private readonly ILogger<WorkflowEngine> _logger;
    private readonly RuleCache _rules;
    private readonly ExecutionPlan.Cache _plans;

    /// <summary>Creates the engine (normally through <c>AddWorkflowEngine</c>).</summary>
    public WorkflowEngine(
        ModuleRegistry registry, IWorkflowDefinitionStore definitions, IWorkflowInstanceStore instances,
        IWorkflowScheduler scheduler, TimeProvider time, IOptions<WorkflowEngineOptions> options,
        IServiceProvider services, RuleCache rules, ILogger<WorkflowEngine>? logger = null)
    {
        _registry = registry;
        _definitions = definitions;
        _instances = instances;
        _scheduler = scheduler;
        _time = time;
        _options = options.Value;
        _services = services;
        _logger = logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<WorkflowEngine>.Instance;
        _rules = rules;
        _plans = new ExecutionPlan.Cache(registry);
    }

    /// <summary>Starts an instance of the latest published version of <see cref="StartRequest.Workflow"/> and runs it until it completes or waits.</summary>
    public async Task<RunResult> StartAsync(StartRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var version = await _definitions.GetPublishedAsync(request.WorkspaceId, request.Workflow, cancellationToken).ConfigureAwait(false);
        if (version is null)
        {
            var any = await _definitions.GetAsync(request.WorkspaceId, request.Workflow, null, cancellationToken).ConfigureAwait(false);
            throw any is null
                ? new WorkflowEngineException(EngineErrorCodes.WorkflowNotFound, $"Workflow '{request.Workflow}' does not exist.")
                : new WorkflowEngineException(EngineErrorCodes.WorkflowNotPublished, $"Workflow '{request.Workflow}' has no published version.");
        }

        return await StartAsync(version, request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts an instance pinned to the given stored version (published or, for tests/tools, draft).</summary>
    public async Task<RunResult> StartAsync(WorkflowDefinitionVersion version, StartRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(request);
        var now = _time.GetUtcNow();
        var id = request.InstanceId ?? Guid.NewGuid().ToString("N");
        var snapshot = DefinitionSerializer.Serialize(version.Definition);
        var instance = new WorkflowInstance
        {
            Id = id,
            WorkspaceId = request.WorkspaceId,
            DefinitionKey = version.Key,
            DefinitionVersion = version.Version,
            DefinitionHash = version.Hash,
            DefinitionSnapshot = snapshot,
            UserId = request.UserId,
            ApplicationId = request.ApplicationId,
            Status = InstanceStatus.Running,
            CurrentNodeId = version.Definition.Start,
            CreatedAt = now,
            UpdatedAt = now,
            ExpiresAt = request.TimeToLive is { } ttl ? now + ttl : null,
            Context = BuildContext(id, version.Key, request, now),
        };

        try
        {
            await _instances.CreateAsync(instance, [], cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyException)
        {
            throw new WorkflowEngineException(EngineErrorCodes.InstanceExists, $"Instance '{id}' already exists.");
        }

        EngineTelemetry.StartedCounter.Add(1, new KeyValuePair<string, object?>("workflow", version.Key));
        if (instance.ExpiresAt is { } expiresAt)
        {
            await _scheduler.ScheduleExpiryAsync(id, expiresAt, cancellationToken).ConfigureAwait(false);
        }

        var plan = _plans.Get(version.Hash, () => version.Definition);
        return await RunSliceAsync(plan, instance, resume: null, resumed: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Resumes <paramref name="bookmark"/> with <paramref name="input"/>. Idempotent per
    /// <paramref name="idempotencyKey"/>: the same key answers the first result again (<see cref="RunResult.Replayed"/>).
    /// A bookmark consumed by another key → <see cref="EngineErrorCodes.BookmarkConsumed"/>; of two concurrent
    /// resumes exactly one runs.
    /// </summary>
    public async Task<RunResult> ResumeAsync(
        string instanceId, string bookmark, IReadOnlyDictionary<string, object?>? input, string idempotencyKey,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceId);
        ArgumentNullException.ThrowIfNull(bookmark);
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            throw new WorkflowEngineException(EngineErrorCodes.IdempotencyKeyInvalid, $"Idempotency key must be 1–{MaxIdempotencyKeyLength} characters.");
        }

        // The input goes to the module as is (it is never persisted), so it may carry bytes or objects
        // such as a decoded image; only what the module outputs must be rule values.
        var normalizedInput = input is null
            ? new Dictionary<string, object?>(StringComparer.Ordinal)
            : new Dictionary<string, object?>(input, StringComparer.Ordinal);
        for (var attempt = 0; ; attempt++)
        {
            var instance = await LoadAsync(instanceId, cancellationToken).ConfigureAwait(false);
            var previous = instance.Bookmarks.LastOrDefault(b => b.Name == bookmark && b.ConsumedBy == idempotencyKey);
            if (previous is not null)
            {
                EngineTelemetry.ResumeConflictCounter.Add(1, new KeyValuePair<string, object?>("reason", "replayed"));
                return RunResult.From(instance, replayed: true, status: previous.ResumeStatus ?? instance.Status, outcome: previous.ResumeOutcome);
            }

            var open = instance.FindOpenBookmark(bookmark);
            if (open is null)
            {
                if (instance.Bookmarks.Any(b => b.Name == bookmark))
                {
                    EngineTelemetry.ResumeConflictCounter.Add(1, new KeyValuePair<string, object?>("reason", "consumed"));
                    throw new WorkflowEngineException(EngineErrorCodes.BookmarkConsumed, $"Bookmark '{bookmark}' of instance '{instanceId}' was already resumed.");
                }

                ThrowIfFinal(instance);
                throw new WorkflowEngineException(EngineErrorCodes.BookmarkNotFound, $"Instance '{instanceId}' has no bookmark '{bookmark}'.");
            }

            ThrowIfFinal(instance);
            if (instance.Status != InstanceStatus.AwaitingInput)
            {
                throw new WorkflowEngineException(EngineErrorCodes.InstanceBusy, $"Instance '{instanceId}' is {instance.Status.ToWire()}.");
            }

            // Claim: consume the bookmark and mark the instance running in one conditional write, so a
            // concurrent resume sees a version conflict before it has run anything.
            var now = _time.GetUtcNow();
            open.ConsumedAt = now;
            open.ConsumedBy = idempotencyKey;
            instance.Status = InstanceStatus.Running;
            instance.ActiveBookmark = open.Name;
            instance.CurrentNodeId = open.NodeId;
            instance.UpdatedAt = now;
            try
            {
                await _instances.SaveAsync(instance, [], cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyException) when (attempt < MaxConflictRetries)
            {
                EngineTelemetry.ResumeConflictCounter.Add(1, new KeyValuePair<string, object?>("reason", "concurrent"));
                continue;
            }

            var plan = PlanFor(instance);
            var resume = new ResumeContext(open.Name, open.Payload, normalizedInput);
            return await RunSliceAsync(plan, instance, resume, open, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Called by the scheduler when a timer bookmark is due; stale timers (consumed, finished) are ignored.</summary>
    public async Task<RunResult?> ResumeTimerAsync(string instanceId, string bookmark, CancellationToken cancellationToken = default)
    {
        try
        {
            return await ResumeAsync(instanceId, bookmark, null, TimerKeys.Resume(instanceId, bookmark), cancellationToken).ConfigureAwait(false);
        }
        catch (WorkflowEngineException e) when (e.Code is EngineErrorCodes.BookmarkConsumed or EngineErrorCodes.BookmarkNotFound
            or EngineErrorCodes.InstanceFinished or EngineErrorCodes.InstanceExpired or EngineErrorCodes.InstanceCancelled
            or EngineErrorCodes.InstanceNotFound)
        {
            Log.StaleTimer(_logger, instanceId, bookmark, e.Code);
            return null;
        }
    }

    /// <summary>Expires the instance if its TTL has passed and it has not finished; otherwise returns its state unchanged.</summary>
    public Task<RunResult> ExpireAsync(string instanceId, CancellationToken cancellationToken = default)
        => FinishAsync(instanceId, InstanceStatus.Expired, "expired: time to live reached", requireDue: true, cancellationToken);

    /// <summary>Cancels an unfinished instance (finished ones are returned unchanged).</summary>
    public Task<RunResult> CancelAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default)
        => FinishAsync(instanceId, InstanceStatus.Cancelled, "cancelled" + (reason is null ? "" : ": " + reason), requireDue: false, cancellationToken);

    private async Task<RunResult> FinishAsync(string instanceId, InstanceStatus status, string reason, bool requireDue, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var instance = await LoadAsync(instanceId, cancellationToken).ConfigureAwait(false);
            var now = _time.GetUtcNow();
            if (instance.Status.IsFinal() || (requireDue && (instance.ExpiresAt is null || instance.ExpiresAt > now)))
            {
                return RunResult.From(instance);
            }

            instance.Status = status;
            instance.FinishedAt = now;
            instance.UpdatedAt = now;
            instance.ActiveBookmark = null;
            instance.ErrorCode = status == InstanceStatus.Expired ? EngineErrorCodes.InstanceExpired : EngineErrorCodes.InstanceCancelled;
            instance.ErrorMessage = reason;
            var entry = Event(instance, now, reason);
            try
            {
                await _instances.SaveAsync(instance, [entry], cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyException) when (attempt < MaxConflictRetries)
            {
                continue;
            }

            await _scheduler.CancelAsync(instanceId, cancellationToken).ConfigureAwait(false);
            Finished(instance);
            return RunResult.From(instance);
        }
    }

    private async Task<RunResult> RunSliceAsync(
        ExecutionPlan plan, WorkflowInstance instance, ResumeContext? resume, Bookmark? resumed, CancellationToken cancellationToken)
    {
        using var activity = EngineTelemetry.ActivitySource.StartActivity("workflow.run");
        activity?.SetTag("workflow.instance_id", instance.Id);
        activity?.SetTag("workflow.key", instance.DefinitionKey);
        activity?.SetTag("workflow.version", instance.DefinitionVersion);
        var started = Stopwatch.GetTimestamp();
        var journal = new List<JournalEntry>();
        try
        {
            await ExecuteAsync(plan, instance, resume, resumed, journal, null, cancellationToken).ConfigureAwait(false);
            if (resumed is not null)
            {
                resumed.ResumeStatus = instance.Status;
                resumed.ResumeOutcome = instance.Outcome;
            }

            instance.UpdatedAt = _time.GetUtcNow();
            await _instances.SaveAsync(instance, journal, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyException)
        {
            // Cancelled or expired (or recovered) while running: the stored state wins.
            Log.RunSuperseded(_logger, instance.Id);
            return RunResult.From(await LoadAsync(instance.Id, cancellationToken).ConfigureAwait(false));
        }

        EngineTelemetry.RunDurationHistogram.Record(
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("workflow", instance.DefinitionKey));
        activity?.SetTag("workflow.status", instance.Status.ToWire());
        if (instance.Status == InstanceStatus.AwaitingInput)
        {
            var open = instance.Bookmarks.LastOrDefault(b => b.ConsumedAt is null);
            if (open?.ResumeAt is { } due)
            {
                await _scheduler.ScheduleResumeAsync(instance.Id, open.Name, due, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (instance.Status.IsFinal())
        {
            await _scheduler.CancelAsync(instance.Id, cancellationToken).ConfigureAwait(false);
            Finished(instance);
        }

        return RunResult.From(instance);
    }

    // The step loop. Mutates the instance; checkpoints before and after side-effecting steps so that a
    // crash leaves CurrentNodeId on the node whose effect is uncertain.
    private async Task ExecuteAsync(
        ExecutionPlan plan, WorkflowInstance instance, ResumeContext? resume, Bookmark? resumed, List<JournalEntry> journal,
        DryRun? dryRun, CancellationToken cancellationToken)
    {
        var steps = 0;
        var scope = new InstanceRuleScope(instance.Context, _time);
        while (instance.CurrentNodeId is { } nodeId)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var startedAt = _time.GetUtcNow();
            if (++steps > _options.MaxStepsPerRun)
            {
                FailInstance(instance, EngineErrorCodes.StepLimitExceeded, $"More than {_options.MaxStepsPerRun} steps in one run.", startedAt);
                journal.Add(Event(instance, startedAt, "step limit exceeded"));
                return;
            }

            var node = plan.Node(nodeId);
            if (node is null)
            {
                FailInstance(instance, EngineErrorCodes.NodeMissing, $"Node '{nodeId}' does not exist.", startedAt);
                journal.Add(Event(instance, startedAt, $"node '{nodeId}' missing"));
                return;
            }

            var module = plan.Module(nodeId);
            var timestamp = Stopwatch.GetTimestamp();
            using var stepActivity = EngineTelemetry.ActivitySource.StartActivity("workflow.step");
            stepActivity?.SetTag("workflow.node_id", nodeId);
            stepActivity?.SetTag("workflow.module", node.Type);

            // Enable and Rule (not re-evaluated when the node is being resumed: it already decided to run).
            string? skipReason = null;
            JsonNode? ruleValue = null;
            string? ruleError = null;
            string? ruleErrorCode = null;
            if (resume is null)
            {
                if (!node.Enabled)
                {
                    skipReason = "disabled";
                }
                else if (!string.IsNullOrWhiteSpace(node.Rule))
                {
                    try
                    {
                        var value = _rules.GetOrCompileBool(node.Rule, plan.Schema).EvaluateBool(scope);
                        ruleValue = JsonValue.Create(value);
                        if (!value)
                        {
                            skipReason = "rule false";
                        }
                    }
                    catch (RuleException e)
                    {
                        ruleErrorCode = EngineErrorCodes.RuleInvalid;
                        ruleError = $"{e.Code} at {e.Line}:{e.Column}: {e.Detail}";
                    }
                    catch (RuleEvaluationException e)
                    {
                        ruleErrorCode = e.Code;
                        ruleError = e.Detail;
                    }
                }
            }

            if (skipReason is not null)
            {
                var port = plan.HasEdge(nodeId, Ports.Skipped) ? Ports.Skipped : Ports.Done;
                var next = plan.Target(nodeId, port);
                journal.Add(Step(instance, node, startedAt, timestamp, JournalStatus.Skipped, skipReason, ruleValue, port, null, null, null, module));
                instance.CurrentNodeId = next;
                if (next is null)
                {
                    CompleteInstance(instance, null, startedAt);
                }

                continue;
            }

            ModuleResult result;
            var simulated = false;
            if (ruleErrorCode is not null)
            {
                result = ModuleResult.Fail(ruleErrorCode, ruleError!);
            }
            else if (module is null)
            {
                result = ModuleResult.Fail(EngineErrorCodes.ModuleUnknown, $"Module type '{node.Type}' is not registered.");
            }
            else if (dryRun is not null && (module.Descriptor.SideEffects || module.Descriptor.Interactive || module.Descriptor.Waits))
            {
                simulated = true;
                result = Simulate(module.Descriptor, nodeId, dryRun);
            }
            else
            {
                if (dryRun is null && module.Descriptor.SideEffects)
                {
                    await CheckpointAsync(instance, journal, cancellationToken).ConfigureAwait(false);
                }

                var context = new ModuleContext(
                    instance, node, plan.Settings(nodeId), scope,
                    source => _rules.GetOrCompile(source, plan.Schema).Evaluate(scope),
                    resume, dryRun is not null, _time, _services, cancellationToken);
                try
                {
                    result = await module.ExecuteAsync(context).ConfigureAwait(false);
                }
                catch (RuleEvaluationException e)
                {
                    // A rule a module evaluated (branch, value expression) failed at run time.
                    result = ModuleResult.Fail(e.Code, e.Detail);
                }
                catch (RuleException e)
                {
                    result = ModuleResult.Fail(EngineErrorCodes.RuleInvalid, $"{e.Code} at {e.Line}:{e.Column}: {e.Detail}");
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // A module bug must fail the step, not the process; the message goes to the journal.
                    Log.ModuleThrew(_logger, e, instance.Id, nodeId, node.Type);
                    result = ModuleResult.Fail(EngineErrorCodes.ModuleError, e.Message);
                }
            }

            resume = null;
            instance.ActiveBookmark = null;
            var outputs = new Dictionary<string, object?>(result.Outputs.Count, StringComparer.Ordinal);
            try
            {
                foreach (var (name, value) in result.Outputs)
                {
                    outputs[name] = ContextValues.Normalize(value);
                }
            }
            catch (ArgumentException e)
            {
                outputs.Clear();
                result = ModuleResult.Fail(EngineErrorCodes.ModuleError, $"Module '{node.Type}' produced an output that is not a rule value: {e.Message}");
            }

            if (outputs.Count > 0 || result.Kind != ModuleResultKind.Suspend)
            {
                instance.Context.Modules[nodeId] = outputs;
            }

            var now = _time.GetUtcNow();
            switch (result.Kind)
            {
                case ModuleResultKind.Continue:
                {
                    var next = plan.Target(nodeId, result.Port!);
                    journal.Add(Step(instance, node, startedAt, timestamp, simulated ? JournalStatus.Simulated : JournalStatus.Ran, null, ruleValue, result.Port, outputs, null, null, module));
                    instance.CurrentNodeId = next;
                    if (next is null)
                    {
                        CompleteInstance(instance, null, now);
                    }

                    break;
                }

                case ModuleResultKind.Fail:
                {
                    var next = plan.Target(nodeId, Ports.Failed);
                    journal.Add(Step(instance, node, startedAt, timestamp, JournalStatus.Failed, ruleError is null ? null : "rule error", ruleValue,
                        next is null ? null : Ports.Failed, outputs, result.ErrorCode, result.ErrorMessage, module));
                    instance.CurrentNodeId = next;
                    if (next is null)
                    {
                        FailInstance(instance, result.ErrorCode ?? EngineErrorCodes.ModuleError, result.ErrorMessage ?? "Step failed.", now);
                    }

                    break;
                }

                case ModuleResultKind.Suspend:
                {
                    if (dryRun is not null)
                    {
                        journal.Add(Step(instance, node, startedAt, timestamp, JournalStatus.Suspended, $"would wait on bookmark '{result.Bookmark}'", ruleValue, null, outputs, null, null, module));
                        instance.Status = InstanceStatus.AwaitingInput;
                        return;
                    }

                    // Bookmark names are unique per instance (a loop suspends on "wait", "wait#2", …) so an
                    // idempotency key or a timer can never address a later suspension by mistake.
                    var name = result.Bookmark!;
                    if (instance.Bookmarks.Any(b => b.Name == name))
                    {
                        name = $"{name}#{instance.Bookmarks.Count + 1}";
                    }

                    instance.Bookmarks.Add(new Bookmark
                    {
                        Name = name,
                        NodeId = nodeId,
                        Payload = result.BookmarkPayload is null
                            ? new Dictionary<string, object?>(StringComparer.Ordinal)
                            : (Dictionary<string, object?>)ContextValues.Normalize(result.BookmarkPayload)!,
                        CreatedAt = now,
                        ResumeAt = result.ResumeAt,
                    });
                    journal.Add(Step(instance, node, startedAt, timestamp, JournalStatus.Suspended,
                        result.ResumeAt is { } at ? $"waiting on bookmark '{name}' until {at:O}" : $"waiting on bookmark '{name}'",
                        ruleValue, null, outputs, null, null, module));
                    instance.Status = InstanceStatus.AwaitingInput;
                    return;
                }

                case ModuleResultKind.Complete:
                    journal.Add(Step(instance, node, startedAt, timestamp, simulated ? JournalStatus.Simulated : JournalStatus.Completed,
                        $"outcome {result.Outcome?.ToWire()}", ruleValue, null, outputs, null, null, module));
                    CompleteInstance(instance, result.Outcome, now);
                    return;
            }

            if (dryRun is null && module is { Descriptor.SideEffects: true } && instance.CurrentNodeId is not null)
            {
                await CheckpointAsync(instance, journal, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task CheckpointAsync(WorkflowInstance instance, List<JournalEntry> journal, CancellationToken cancellationToken)
    {
        instance.UpdatedAt = _time.GetUtcNow();
        await _instances.SaveAsync(instance, journal.ToList(), cancellationToken).ConfigureAwait(false);
        journal.Clear();
    }

    private async Task<bool> TrySaveAsync(WorkflowInstance instance, IReadOnlyList<JournalEntry> journal, CancellationToken cancellationToken)
    {
        try
        {
            await _instances.SaveAsync(instance, journal, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ConcurrencyException)
        {
            return false;
        }
    }

    private static void CompleteInstance(WorkflowInstance instance, WorkflowOutcome? outcome, DateTimeOffset now)
    {
        instance.Status = InstanceStatus.Completed;
        instance.Outcome = outcome;
        instance.CurrentNodeId = null;
        instance.FinishedAt = now;
    }

    private static void FailInstance(WorkflowInstance instance, string code, string message, DateTimeOffset now)
    {
        instance.Status = InstanceStatus.Failed;
        instance.ErrorCode = code;
        instance.ErrorMessage = message;
        instance.FinishedAt = now;
    }

    private JournalEntry Step(
        WorkflowInstance instance, WorkflowNode node, DateTimeOffset startedAt, long timestamp, string status, string? reason,
        JsonNode? ruleValue, string? port, Dictionary<string, object?>? outputs, string? errorCode, string? error, IWorkflowModule? module)
    {
        var duration = Stopwatch.GetElapsedTime(timestamp).TotalMilliseconds;
        EngineTelemetry.StepDurationHistogram.Record(duration,
            new KeyValuePair<string, object?>("module", node.Type), new KeyValuePair<string, object?>("status", status));
        return new JournalEntry
        {
            InstanceId = instance.Id,
            Sequence = ++instance.JournalCount,
            NodeId = node.Id,
            ModuleType = node.Type,
            StartedAt = startedAt,
            EndedAt = _time.GetUtcNow(),
            DurationMs = duration,
            Status = status,
            Reason = reason,
            Rule = string.IsNullOrWhiteSpace(node.Rule) ? null : node.Rule,
            RuleValue = ruleValue,
            Port = port,
            Outputs = outputs is null ? null : Redact(outputs, module?.Descriptor),
            ErrorCode = errorCode,
            Error = error,
        };
    }

    /// <summary>Outputs as journal JSON with sensitive ones (per descriptor) replaced by <c>"***"</c>.</summary>
    public static JsonObject Redact(IReadOnlyDictionary<string, object?> outputs, ModuleDescriptor? descriptor)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var json = new JsonObject();
        foreach (var (name, value) in outputs)
        {
            var sensitive = descriptor?.Outputs.Any(o => o.Sensitive && o.Name == name) ?? false;
            json[name] = sensitive ? JsonValue.Create("***") : ContextValues.ToJson(value);
        }

        return json;
    }

    private static JournalEntry Event(WorkflowInstance instance, DateTimeOffset now, string reason) => new()
    {
        InstanceId = instance.Id,
        Sequence = ++instance.JournalCount,
        StartedAt = now,
        EndedAt = now,
        Status = JournalStatus.Event,
        Reason = reason,
        NodeId = instance.CurrentNodeId,
    };

    private static void Finished(WorkflowInstance instance)
        => EngineTelemetry.FinishedCounter.Add(1,
            new KeyValuePair<string, object?>("workflow", instance.DefinitionKey),
            new KeyValuePair<string, object?>("status", instance.Status.ToWire()),
            new KeyValuePair<string, object?>("outcome", instance.Outcome?.ToWire()));

    private static void ThrowIfFinal(WorkflowInstance instance)
    {
        switch (instance.Status)
        {
            case InstanceStatus.Expired:
                throw new WorkflowEngineException(EngineErrorCodes.InstanceExpired, $"Instance '{instance.Id}' has expired.");
            case InstanceStatus.Cancelled:
                throw new WorkflowEngineException(EngineErrorCodes.InstanceCancelled, $"Instance '{instance.Id}' was cancelled.");
            case InstanceStatus.Completed or InstanceStatus.Failed:
                throw new WorkflowEngineException(EngineErrorCodes.InstanceFinished, $"Instance '{instance.Id}' has {instance.Status.ToWire()}.");
        }
    }

    private async Task<WorkflowInstance> LoadAsync(string instanceId, CancellationToken cancellationToken)
        => await _instances.GetAsync(instanceId, cancellationToken).ConfigureAwait(false)
            ?? throw new WorkflowEngineException(EngineErrorCodes.InstanceNotFound, $"Instance '{instanceId}' does not exist.");

    private ExecutionPlan PlanFor(WorkflowInstance instance)
        => _plans.Get(instance.DefinitionHash, () => DefinitionSerializer.Deserialize(instance.DefinitionSnapshot));

    private static InstanceContext BuildContext(string id, string key, StartRequest request, DateTimeOffset now)
    {
        var context = new InstanceContext();
        Copy(request.Request, context.Request);
        Copy(request.User, context.User);
        Copy(request.Application, context.Application);
        context.Request["id"] = id;
        context.Request["workflow"] = key;
        if (request.UserId is not null)
        {
            context.Request["user_id"] = request.UserId;
            context.User.TryAdd("id", request.UserId);
        }

        context.Request.TryAdd("created_at", now);
        context.Request.TryAdd("force_onboarding", false);
        context.Request.TryAdd("metadata", new Dictionary<string, object?>(StringComparer.Ordinal));
        if (request.ApplicationId is not null)
        {
            context.Application.TryAdd("id", request.ApplicationId);
        }

        ContextValues.CoerceTimestamps(context.Request, RuleSchema.RequestType);
        ContextValues.CoerceTimestamps(context.User, RuleSchema.UserType);
        return context;
    }

    private static void Copy(IReadOnlyDictionary<string, object?>? source, Dictionary<string, object?> target)
    {
        if (source is null)
        {
            return;
        }

        foreach (var (k, v) in source)
        {
            target[k] = ContextValues.Normalize(v);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Module threw in instance {InstanceId} at node {NodeId} ({ModuleType})")]
        public static partial void ModuleThrew(ILogger logger, Exception exception, string instanceId, string nodeId, string moduleType);

        [LoggerMessage(2, LogLevel.Information, "Run of instance {InstanceId} superseded by a concurrent change (cancelled, expired or recovered)")]
        public static partial void RunSuperseded(ILogger logger, string instanceId);

        [LoggerMessage(3, LogLevel.Debug, "Ignored stale timer for instance {InstanceId} bookmark {Bookmark}: {Code}")]
        public static partial void StaleTimer(ILogger logger, string instanceId, string bookmark, string code);
    }
}
