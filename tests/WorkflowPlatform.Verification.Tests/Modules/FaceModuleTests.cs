using WorkflowPlatform.Engine.Execution;
using WorkflowPlatform.Engine.Modules;
using WorkflowPlatform.Faces.Checks;
using WorkflowPlatform.Testing;
using WorkflowPlatform.Verification.Capture;
using WorkflowPlatform.Verification.Modules;
using WorkflowPlatform.Verification.Tests.Support;
using Xunit;

namespace WorkflowPlatform.Verification.Tests.Modules;

/// <summary>The face modules through the real engine, real face analysis and real storage (SQLite).</summary>
public sealed class FaceModuleTests : IAsyncLifetime
{
    private VerificationHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await VerificationHost.StartAsync(TestDatabase.Sqlite);
        await _host.PublishAsync("selfie-registration.json");
        await _host.PublishAsync("selfie-registration-strict.json");
        await _host.PublishAsync("face-authentication.json");
        await _host.PublishAsync("photo-enroll.json");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task SelfieRegistration_Start_SuspendsOnFaceWithAttemptsAndChecks()
    {
        var run = await _host.StartAsync("selfie-registration", "alice");

        Assert.Equal(InstanceStatus.AwaitingInput, run.Status);
        Assert.Equal("face", run.Bookmark);
        var bookmark = await _host.OpenFaceBookmarkAsync(run.InstanceId);
        Assert.Equal("face", bookmark!.Payload["kind"]);
        Assert.Equal(2L, bookmark.Payload["attempts_left"]);
        Assert.Equal(2L, bookmark.Payload["max_attempts"]);
        var checks = (IReadOnlyDictionary<string, object?>)bookmark.Payload["checks"]!;
        Assert.Equal(150.0, Convert.ToDouble(checks["min_face_px"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(30.0, checks["max_yaw"]);
    }

    [Fact]
    public async Task SelfieRegistration_GoodSelfie_RegistersTemplateAndKeepsPhoto()
    {
        var run = await _host.StartAsync("selfie-registration", "alice");

        var (capture, done) = await _host.SubmitAsync(run.InstanceId, TestImages.Bytes("obama.jpg"));

        Assert.True(capture.Ok, capture.Message);
        Assert.Equal(InstanceStatus.Completed, done.Status);
        Assert.Equal(WorkflowOutcome.Approved, done.Outcome);
        Assert.Equal(true, done.Result["selfie_registered"]);
        Assert.IsType<DateTimeOffset>(done.Result["selfie_registered_at"]);
        var photoKey = Assert.IsType<string>(done.Result["photo_key"]);
        var profile = await _host.Profiles.GetAsync(_host.WorkspaceId, "alice");
        Assert.NotNull(profile);
        Assert.True(profile.SelfieRegistered);
        Assert.Equal(capture.Template, profile.Template!.ToBytes());
        Assert.Equal(photoKey, profile.PhotoKey);
        Assert.Equal(TestImages.Bytes("obama.jpg"), await _host.Blobs.GetAsync(photoKey));
        var instance = await _host.Instances.GetAsync(run.InstanceId);
        var outputs = instance!.Context.Modules["selfie"];
        Assert.Equal(false, outputs["duplicate_found"]);
        Assert.IsType<double>(outputs["antispoof_score"]);
    }

    [Fact]
    public async Task SelfieRegistration_BadThenGood_RetriesWithOneAttemptLeft()
    {
        var run = await _host.StartAsync("selfie-registration", "bob");

        var (bad, retry) = await _host.SubmitAsync(run.InstanceId, TestImages.Bytes("two-people.jpg"));

        Assert.Equal(FaceCheckCodes.TooManyFaces, bad.ErrorCode);
        Assert.Equal(InstanceStatus.AwaitingInput, retry.Status);
        Assert.Equal("face#2", retry.Bookmark);
        var bookmark = await _host.OpenFaceBookmarkAsync(run.InstanceId);
        Assert.Equal(1L, bookmark!.Payload["attempts_left"]);
        Assert.Equal(FaceCheckCodes.TooManyFaces, bookmark.Payload["last_error_code"]);

        var (_, done) = await _host.SubmitAsync(run.InstanceId, TestImages.Bytes("obama2.jpg"));

        Assert.Equal(InstanceStatus.Completed, done.Status);
        Assert.Equal(true, done.Result["selfie_registered"]);
    }

    [Fact]
    public async Task SelfieRegistration_EveryAttemptFails_AttemptsExhaustedAndNothingRegistered()
    {
        var run = await _host.StartAsync("selfie-registration", "carol");
        var noFace = TestImages.EncodePng(TestImages.Gradient(320, 240));

        await _host.SubmitAsync(run.InstanceId, noFace);
        var (_, last) = await _host.SubmitAsync(run.InstanceId, noFace);

        Assert.Equal(InstanceStatus.Failed, last.Status);
        Assert.Equal(CaptureErrorCodes.AttemptsExhausted, last.ErrorCode);
        Assert.Contains(FaceCheckCodes.FaceNotFound, last.Error, StringComparison.Ordinal);
        Assert.Null(await _host.Profiles.GetAsync(_host.WorkspaceId, "carol"));
        Assert.Null(await _host.OpenFaceBookmarkAsync(run.InstanceId));
    }

    [Fact]
    public async Task SelfieRegistration_SameFaceUnderAnotherUser_FlaggedAndRegistered()
    {
        await CompleteRegistrationAsync("selfie-registration", "obama-a", "obama.jpg");

        var run = await _host.StartAsync("selfie-registration", "obama-b");
        var (_, done) = await _host.SubmitAsync(run.InstanceId, TestImages.Bytes("obama2.jpg"));

        Assert.Equal(InstanceStatus.Completed, done.Status);
        var outputs = (await _host.Instances.GetAsync(run.InstanceId))!.Context.Modules["selfie"];
        Assert.Equal(true, outputs["duplicate_found"]);
        Assert.Equal("obama-a", outputs["duplicate_user_id"]);
        Assert.InRange((double)outputs["duplicate_similarity"]!, 0.5, 1.0);
        Assert.NotNull(await _host.Profiles.GetAsync(_host.WorkspaceId, "obama-b"));
    }

    [Fact]
    public async Task SelfieRegistration_SameFaceUnderAnotherUserWithFailAction_DuplicateFaceAndNotRegistered()
    {
        await CompleteRegistrationAsync("selfie-registration", "obama-a", "obama.jpg");

        var run = await _host.StartAsync("selfie-registration-strict", "obama-c");
        var (_, failed) = await _host.SubmitAsync(run.InstanceId, TestImages.Bytes("obama2.jpg"));

        Assert.Equal(InstanceStatus.Failed, failed.Status);
        Assert.Equal(CaptureErrorCodes.DuplicateFace, failed.ErrorCode);
        Assert.Equal(false, failed.Result["selfie_registered"]);
        Assert.Null(await _host.Profiles.GetAsync(_host.WorkspaceId, "obama-c"));
    }

    [Fact]
    public async Task SelfieRegistration_DifferentPersonWithFailAction_RegisteredWithoutPhoto()
    {
        await CompleteRegistrationAsync("selfie-registration", "obama-a", "obama.jpg");

        var run = await _host.StartAsync("selfie-registration-strict", "joe");
        var (_, done) = await _host.SubmitAsync(run.InstanceId, TestImages.Bytes("biden.jpg"));

        Assert.Equal(InstanceStatus.Completed, done.Status);
        var profile = await _host.Profiles.GetAsync(_host.WorkspaceId, "joe");
        Assert.True(profile!.SelfieRegistered);
        Assert.Null(profile.PhotoKey); // keep_photo: false
    }

    [Fact]
    public async Task SelfieRegistration_SameUserAgain_NotADuplicateAndOldPhotoReplaced()
    {
        var first = await CompleteRegistrationAsync("selfie-registration", "dave", "obama.jpg");
        var firstKey = (string)first.Result["photo_key"]!;

        var again = await CompleteRegistrationAsync("selfie-registration-strict", "dave", "obama2.jpg");

        Assert.Equal(InstanceStatus.Completed, again.Status);
        Assert.Null(await _host.Blobs.GetAsync(firstKey));
        Assert.Null((await _host.Profiles.GetAsync(_host.WorkspaceId, "dave"))!.PhotoKey);
    }

    [Fact]
    public async Task FaceAuthentication_SamePersonOtherPhoto_Verified()
    {
        await CompleteRegistrationAsync("selfie-registration", "barack", "obama.jpg");

        var run = await _host.StartAsync("face-authentication", "barack");
        var (_, done) = await _host.SubmitAsync(run.InstanceId, TestImages.Bytes("obama2.jpg"));

        Assert.Equal(WorkflowOutcome.Approved, done.Outcome);
        var outputs = (await _host.Instances.GetAsync(run.InstanceId))!.Context.Modules["auth"];
        Assert.Equal(true, outputs["face_verified"]);
        Assert.InRange((double)outputs["distance"]!, 0, 0.6);
        Assert.InRange((double)outputs["similarity"]!, 0.5, 1);
    }

    [Fact]
    public async Task FaceAuthentication_DifferentPerson_NotVerifiedAndDeclined()
    {
        await CompleteRegistrationAsync("selfie-registration", "barack", "obama.jpg");

        var run = await _host.StartAsync("face-authentication", "barack");
        var (capture, done) = await _host.SubmitAsync(run.InstanceId, TestImages.Bytes("biden.jpg"));

        Assert.True(capture.Ok, capture.Message);
        Assert.Equal(WorkflowOutcome.Declined, done.Outcome);
        var outputs = (await _host.Instances.GetAsync(run.InstanceId))!.Context.Modules["auth"];
        Assert.Equal(false, outputs["face_verified"]);
        Assert.True((double)outputs["distance"]! > 0.6);
        Assert.Equal(CaptureErrorCodes.FaceNotVerified, outputs["error_code"]);
    }

    [Fact]
    public async Task FaceAuthentication_UnregisteredUser_FailsWithUserNotRegisteredBeforeAskingForASelfie()
    {
        var run = await _host.StartAsync("face-authentication", "stranger");

        Assert.Equal(InstanceStatus.Failed, run.Status);
        Assert.Equal(CaptureErrorCodes.UserNotRegistered, run.ErrorCode);
        Assert.Null(await _host.OpenFaceBookmarkAsync(run.InstanceId));
    }

    [Fact]
    public async Task PhotoEnroll_SuppliedPhoto_RegistersWithKindPhoto()
    {
        var run = await _host.StartAsync("photo-enroll", "erin");
        var bookmark = await _host.OpenFaceBookmarkAsync(run.InstanceId);
        Assert.Equal("photo", bookmark!.Payload["kind"]);
        Assert.Equal(LivenessModes.Off, ((IReadOnlyDictionary<string, object?>)bookmark.Payload["checks"]!)["liveness_mode"]);

        var (capture, done) = await _host.SubmitAsync(run.InstanceId, TestImages.Bytes("alex1.jpg"));

        Assert.True(capture.Ok, capture.ErrorCode + " " + capture.Message);
        Assert.Equal(InstanceStatus.Completed, done.Status);
        Assert.True((await _host.Profiles.GetAsync(_host.WorkspaceId, "erin"))!.SelfieRegistered);
    }

    [Fact]
    public async Task SelfieRegistration_CaptureOfAnotherRequest_RejectedAsCaptureInvalid()
    {
        var victim = await _host.StartAsync("selfie-registration", "v");
        var attacker = await _host.StartAsync("selfie-registration", "a");
        var capture = await _host.Capture.AnalyzeAsync(_host.WorkspaceId, victim.InstanceId, TestImages.Bytes("obama.jpg"), CaptureChecks.Default);

        var run = await _host.Engine.ResumeAsync(attacker.InstanceId, "face", capture.ToDictionary(), "k1");

        Assert.Equal(InstanceStatus.Failed, run.Status);
        Assert.Equal(CaptureErrorCodes.CaptureInvalid, run.ErrorCode);
    }

    [Fact]
    public async Task Descriptors_AllThreeModules_HaveSettingsSchemaAndOutputs()
    {
        var registry = (ModuleRegistry)_host.Services.GetService(typeof(ModuleRegistry))!;
        foreach (var type in new[] { SelfieRegistrationModule.TypeKey, FaceAuthenticationModule.TypeKey, PhotoEnrollModule.TypeKey })
        {
            var descriptor = registry.Find(type)!.Descriptor;
            Assert.True(descriptor.Interactive);
            Assert.Contains(descriptor.Settings, s => s.Name == "attempts" && s.Min == 1 && s.Max == 5 && s.Default!.GetValue<int>() == 3);
            Assert.Contains(descriptor.Settings, s => s.Name == "liveness_mode" && s.Options!.Count == 3);
            Assert.Contains(descriptor.Outputs, o => o.Name == "error_code");
        }
        var selfie = registry.Find(SelfieRegistrationModule.TypeKey)!.Descriptor;
        Assert.Contains(selfie.Outputs, o => o.Name == "selfie_registered_at" && o.Type == OutputTypes.Timestamp);
        Assert.Contains(selfie.Settings, s => s.Name == "duplicate_action" && s.Options!.SequenceEqual(["fail", "flag"]));
        await Task.CompletedTask;
    }

    private async Task<RunResult> CompleteRegistrationAsync(string workflow, string userId, string photo)
    {
        var run = await _host.StartAsync(workflow, userId);
        var (capture, done) = await _host.SubmitAsync(run.InstanceId, TestImages.Bytes(photo));
        Assert.True(capture.Ok, capture.Message);
        Assert.Equal(InstanceStatus.Completed, done.Status);
        return done;
    }
}
