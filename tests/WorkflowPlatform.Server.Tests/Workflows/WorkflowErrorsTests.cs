using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Server.Workflows;
using Xunit;

namespace WorkflowPlatform.Server.Tests.Workflows;

// Regression (review): every engine code that was not listed answered 409 Conflict, also for server faults.
public class WorkflowErrorsTests
{
    [Theory]
    [InlineData(EngineErrorCodes.InstanceNotFound, 404)]
    [InlineData(EngineErrorCodes.BookmarkNotFound, 404)]
    [InlineData(EngineErrorCodes.KeyMismatch, 400)]
    [InlineData(EngineErrorCodes.WorkflowNotPublished, 422)]
    [InlineData(EngineErrorCodes.NoDraft, 409)]
    [InlineData(EngineErrorCodes.ModuleUnknown, 422)]
    [InlineData(EngineErrorCodes.BookmarkConsumed, 409)]
    [InlineData(EngineErrorCodes.InstanceBusy, 409)]
    [InlineData(EngineErrorCodes.StepLimitExceeded, 500)]
    [InlineData("SOMETHING_NEW", 500)]
    public void StatusOf_EngineCode_MapsToItsHttpStatus(string code, int status)
    {
        Assert.Equal(status, WorkflowErrors.StatusOf(code));
    }

    [Fact]
    public void StatusOf_EveryClientFacingEngineCode_IsMappedExplicitly()
    {
        // Codes that describe how a run ended (not answers to a call) may fall to 500; all others must be mapped.
        string[] runOutcomes = [EngineErrorCodes.ModuleError, EngineErrorCodes.StepLimitExceeded, EngineErrorCodes.Interrupted, EngineErrorCodes.RecoveryExhausted];
        var codes = typeof(EngineErrorCodes).GetFields()
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Except(runOutcomes);

        Assert.All(codes, code => Assert.NotEqual(500, WorkflowErrors.StatusOf(code)));
    }
}
