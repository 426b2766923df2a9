namespace WorkflowPlatform.Benchmarks.Engine;

/// <summary>The workflows both engine benchmarks run (in-memory and persisted), so their figures compare.</summary>
internal static class BenchmarkWorkflows
{
    // Five nodes, four with rules or rule settings, one disabled, no interaction: runs to completion in one slice.
    public const string FiveNodes = """
        { "key": "five", "name": "Five nodes", "start": "country",
          "nodes": [
            { "id": "country", "type": "set_result", "rule": "user.is_new || request.force_onboarding",
              "settings": { "field": "german", "value": "request.metadata.country == 'DE'" } },
            { "id": "route", "type": "decision",
              "settings": { "branches": [ { "name": "de", "rule": "result.german == true && size(request.locale) == 5" } ] } },
            { "id": "score", "type": "set_result", "rule": "request.metadata.age >= 18 && user.is_new",
              "settings": { "field": "score", "value": "request.metadata.age * 2 + 1" } },
            { "id": "skip", "type": "set_result", "enabled": false, "settings": { "field": "never", "value": "1" } },
            { "id": "end", "type": "end", "settings": { "outcome": "approved" } } ],
          "edges": [
            { "from": "country", "port": "done", "to": "route" },
            { "from": "country", "port": "skipped", "to": "route" },
            { "from": "route", "port": "de", "to": "score" },
            { "from": "route", "port": "else", "to": "score" },
            { "from": "score", "port": "done", "to": "skip" },
            { "from": "score", "port": "skipped", "to": "skip" },
            { "from": "skip", "port": "done", "to": "end" } ] }
        """;

    // One interactive node, then a decision: for the suspend + resume round trip.
    public const string Interactive = """
        { "key": "interactive", "name": "Wait for input", "start": "ask",
          "nodes": [
            { "id": "ask", "type": "await_input", "rule": "user.is_new" },
            { "id": "check", "type": "decision", "settings": { "branches": [ { "name": "ok", "rule": "modules.ask.score >= 0.5" } ] } },
            { "id": "approved", "type": "end", "settings": { "outcome": "approved" } },
            { "id": "review", "type": "end", "settings": { "outcome": "review" } } ],
          "edges": [
            { "from": "ask", "port": "done", "to": "check" },
            { "from": "check", "port": "ok", "to": "approved" },
            { "from": "check", "port": "else", "to": "review" } ] }
        """;
}
