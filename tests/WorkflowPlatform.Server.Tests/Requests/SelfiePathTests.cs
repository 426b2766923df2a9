using Microsoft.EntityFrameworkCore;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WorkflowPlatform.Verification.Capture;
using WorkflowPlatform.Verification.Photos;
using Xunit;

namespace WorkflowPlatform.Server.Tests.Requests;

/// <summary>The selfie path through HTTP: requests API → enrolment API with real photos → results, on each database.</summary>
public abstract class SelfiePathTests<TFactory>(TFactory factory)
    where TFactory : SelfiePathFactory
{
    private static string NewUser() => "user-" + Guid.NewGuid().ToString("N")[..10] + "@example.test";

    private static async Task<JsonElement> FaceAsync(HttpClient session, object image)
        => await (await session.PostAsJsonAsync("/api/v1/enrolment/face", new { imageBase = image })).JsonAsync(HttpStatusCode.OK);

    /// <summary>Registers <paramref name="userId"/> through the whole path and returns the request id.</summary>
    private async Task<string> RegisterAsync(ApiClient api, string userId)
    {
        var (id, token, _) = await api.StartAsync(userId);
        var session = factory.CreateSessionClient(token);
        var face = await FaceAsync(session, Faces.Base64("obama.jpg"));
        Assert.False(face.GetProperty("hasError").GetBoolean(), face.ToString());
        await (await session.PostAsJsonAsync("/api/v1/enrolment/complete", new { })).JsonAsync(HttpStatusCode.OK);
        return id;
    }

    [Fact]
    public async Task Face_TinyThenGoodSelfie_CompletesWithSelfieRegisteredAndDownloadablePhoto()
    {
        var api = await factory.CreateClientAsync();
        var user = NewUser();
        var (id, token, created) = await api.StartAsync(user);
        Assert.Equal("selfie-registration", created.GetProperty("workflow").GetString());
        Assert.Equal("awaiting_input", created.GetProperty("status").GetString());
        Assert.Contains("/web-enrolment/?token=", created.GetProperty("verification_url").GetString());
        Assert.EndsWith("&iframe=true", created.GetProperty("iframe_url").GetString());
        var session = factory.CreateSessionClient(token);

        var info = await (await session.GetAsync("/api/v1/enrolment/session")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("face", info.GetProperty("steps")[0].GetString());
        Assert.Equal(3, info.GetProperty("attemptsLeft").GetInt32());
        Assert.False(info.GetProperty("completed").GetBoolean());
        Assert.StartsWith("<", info.GetProperty("crossDevice").GetProperty("qrSvg").GetString());

        var tiny = await FaceAsync(session, Faces.Base64("person-linda.jpg"));
        Assert.True(tiny.GetProperty("hasError").GetBoolean());
        Assert.Equal("FACE_TOO_SMALL", tiny.GetProperty("error").GetString());
        Assert.Equal(2, tiny.GetProperty("attemptsLeft").GetInt32());
        Assert.True(tiny.GetProperty("details").GetProperty("faceSize").GetDouble() > 0);

        var upload = Faces.Bytes("obama.jpg");
        var good = await FaceAsync(session, "data:image/jpeg;base64," + Convert.ToBase64String(upload));
        Assert.False(good.GetProperty("hasError").GetBoolean(), good.ToString());

        var done = await (await session.PostAsJsonAsync("/api/v1/enrolment/complete", new { })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal($"https://shop.example/done?request_id={id}", done.GetProperty("customerReturnUrl").GetString());

        var result = await api.GetRequestAsync(id);
        Assert.Equal("completed", result.GetProperty("status").GetString());
        Assert.Equal("approved", result.GetProperty("outcome").GetString());
        var results = result.GetProperty("results");
        Assert.Equal(id, results.GetProperty("request_id").GetString());
        Assert.Equal(user, results.GetProperty("user_id").GetString());
        Assert.Equal("true", results.GetProperty("selfie_registered").GetString());
        var at = long.Parse(results.GetProperty("selfie_registered_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(at, factory.Clock.GetUtcNow().ToUnixTimeSeconds() - 120, factory.Clock.GetUtcNow().ToUnixTimeSeconds() + 1);
        Assert.True(results.GetProperty("modules").GetProperty("selfie").GetProperty("face_score").GetDouble() > 0.5);

        var photoUrl = results.GetProperty("photo_url").GetString()!;
        var anonymous = factory.CreateClient();
        var photo = await anonymous.GetAsync(photoUrl);
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Equal(upload, await photo.Content.ReadAsByteArrayAsync());

        var tampered = photoUrl.Replace("sig=", "sig=A", StringComparison.Ordinal);
        await (await anonymous.GetAsync(tampered)).ProblemAsync(HttpStatusCode.Forbidden, "PHOTO_URL_INVALID");
        var otherKey = photoUrl.Replace("?exp=", "x?exp=", StringComparison.Ordinal);
        await (await anonymous.GetAsync(otherKey)).ProblemAsync(HttpStatusCode.Forbidden, "PHOTO_URL_INVALID");

        // Replay after completion.
        await (await session.PostAsJsonAsync("/api/v1/enrolment/face", new { imageBase = Convert.ToBase64String(upload) }))
            .ProblemAsync(HttpStatusCode.Conflict, "SESSION_ALREADY_COMPLETED");
        await (await session.PostAsJsonAsync("/api/v1/enrolment/complete", new { })).ProblemAsync(HttpStatusCode.Conflict, "SESSION_ALREADY_COMPLETED");
        var after = await (await session.GetAsync("/api/v1/enrolment/session")).JsonAsync(HttpStatusCode.OK);
        Assert.True(after.GetProperty("completed").GetBoolean());
    }

    [Fact]
    public async Task Face_NoFaceTwoFacesRotated_ClearCodesThenAttemptsExhausted()
    {
        var api = await factory.CreateClientAsync();
        var (id, token, _) = await api.StartAsync(NewUser());
        var session = factory.CreateSessionClient(token);

        var none = await FaceAsync(session, Convert.ToBase64String(Faces.Gradient()));
        Assert.Equal("FACE_NOT_FOUND", none.GetProperty("error").GetString());
        Assert.Equal(2, none.GetProperty("attemptsLeft").GetInt32());

        var two = await FaceAsync(session, Faces.Base64("two-people.jpg"));
        Assert.Equal("TOO_MANY_FACES", two.GetProperty("error").GetString());
        Assert.Equal(1, two.GetProperty("attemptsLeft").GetInt32());

        var rotated = await FaceAsync(session, Convert.ToBase64String(Faces.Rotated("obama-480p.jpg")));
        Assert.True(rotated.GetProperty("hasError").GetBoolean());
        Assert.Equal("ATTEMPTS_EXHAUSTED", rotated.GetProperty("error").GetString());
        Assert.Equal(0, rotated.GetProperty("attemptsLeft").GetInt32());

        var result = await api.GetRequestAsync(id);
        Assert.Equal("completed", result.GetProperty("status").GetString());
        Assert.Equal("declined", result.GetProperty("outcome").GetString());
        Assert.Equal("ATTEMPTS_EXHAUSTED", result.GetProperty("error_code").GetString());
        Assert.Equal("false", result.GetProperty("results").GetProperty("selfie_registered").GetString());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("results").GetProperty("photo_url").ValueKind);

        await (await session.PostAsJsonAsync("/api/v1/enrolment/face", new { imageBase = Faces.Base64("obama.jpg") }))
            .ProblemAsync(HttpStatusCode.Conflict, "SESSION_ALREADY_COMPLETED");
    }

    [Fact]
    public async Task Face_MalformedImage_ImageInvalidWithoutCostingAnAttempt()
    {
        var api = await factory.CreateClientAsync();
        var (_, token, _) = await api.StartAsync(NewUser());
        var session = factory.CreateSessionClient(token);

        var notBase64 = await FaceAsync(session, "%%% not base64 %%%");
        Assert.Equal("IMAGE_INVALID", notBase64.GetProperty("error").GetString());
        Assert.Equal(3, notBase64.GetProperty("attemptsLeft").GetInt32());

        var notImage = await FaceAsync(session, Convert.ToBase64String("just some text, not a picture"u8.ToArray()));
        Assert.Equal("IMAGE_INVALID", notImage.GetProperty("error").GetString());

        await (await session.PostAsJsonAsync("/api/v1/enrolment/face", new { })).ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        await (await session.PostAsJsonAsync("/api/v1/enrolment/complete", new { })).ProblemAsync(HttpStatusCode.UnprocessableEntity, "MISSING_DOCUMENT_AND_FACE");
    }

    [Fact]
    public async Task Face_WrongContentTypeOrMalformedJson_ProblemWithoutCostingAnAttempt()
    {
        var api = await factory.CreateClientAsync();
        var (_, token, _) = await api.StartAsync(NewUser());
        var session = factory.CreateSessionClient(token);

        await (await session.PostAsync("/api/v1/enrolment/face", new StringContent("imageBase=abc", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded")))
            .ProblemAsync(HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
        await (await session.PostAsync("/api/v1/enrolment/face", new StringContent("{\"imageBase\": 42}", System.Text.Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.BadRequest, "MALFORMED_JSON");
        await (await session.PostAsync("/api/v1/enrolment/document", new StringContent("{\"imageBase\": ", System.Text.Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.BadRequest, "MALFORMED_JSON");

        var session2 = await (await session.GetAsync("/api/v1/enrolment/session")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, session2.GetProperty("attemptsLeft").GetInt32());
    }

    [Fact]
    public async Task Create_RegisteredUser_GetsVerificationAndForceOnboardingChainsBoth()
    {
        var api = await factory.CreateClientAsync();
        var user = NewUser();
        await RegisterAsync(api, user);

        var verification = await api.CreateRequestAsync(new { user_id = user, verification_way = new { type = "link" } });
        Assert.Equal("face-authentication", verification.GetProperty("workflow").GetString());

        var explicitWorkflow = await api.CreateRequestAsync(new { user_id = user, workflow = "selfie-registration" });
        Assert.Equal("selfie-registration", explicitWorkflow.GetProperty("workflow").GetString());

        var forced = await api.CreateRequestAsync(new { user_id = user, force_onboarding = true });
        Assert.Equal("selfie-registration", forced.GetProperty("workflow").GetString());
        Assert.Equal("face-authentication", forced.GetProperty("next_workflow").GetString());
        var session = factory.CreateSessionClient(Faces.TokenOf(forced.GetProperty("verification_url").GetString()!));
        var face = await FaceAsync(session, Faces.Base64("obama2.jpg"));
        Assert.False(face.GetProperty("hasError").GetBoolean(), face.ToString());

        var result = await api.GetRequestAsync(forced.GetProperty("request_id").GetString()!);
        Assert.Equal("face-authentication", result.GetProperty("current_workflow").GetString());
        Assert.Equal("completed", result.GetProperty("status").GetString());
        Assert.Equal("true", result.GetProperty("results").GetProperty("selfie_registered").GetString());
        Assert.True(result.GetProperty("results").GetProperty("face_verified").GetBoolean(), result.ToString());

        var newcomer = await api.CreateRequestAsync(new { user_id = NewUser() });
        Assert.Equal("selfie-registration", newcomer.GetProperty("workflow").GetString());
    }

    [Fact]
    public async Task Create_BadInput_ClearErrors()
    {
        var api = await factory.CreateClientAsync(ways: ["link"]);

        var badUser = await api.Http.PostAsJsonAsync("/api/v1/requests", new { user_id = "no spaces allowed" });
        var problem = await badUser.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
        Assert.True(problem.GetProperty("errors").TryGetProperty("user_id", out _));

        var tooLong = await api.Http.PostAsJsonAsync("/api/v1/requests", new { user_id = new string('a', 257) });
        await tooLong.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");

        await (await api.Http.PostAsJsonAsync("/api/v1/requests", new { user_id = "o'neil+test@example.com" })).JsonAsync(HttpStatusCode.Created);

        var way = await api.Http.PostAsJsonAsync("/api/v1/requests", new { user_id = "u1", verification_way = new { type = "qr" } });
        await way.ProblemAsync(HttpStatusCode.UnprocessableEntity, "VERIFICATION_WAY_NOT_ALLOWED");

        var unknown = await api.Http.PostAsJsonAsync("/api/v1/requests", new { user_id = "u1", workflow = "no-such-flow" });
        await unknown.ProblemAsync(HttpStatusCode.UnprocessableEntity, "WORKFLOW_NOT_FOUND");

        var email = await api.Http.PostAsJsonAsync("/api/v1/requests", new { user_id = "u1", verification_way = new { type = "email" } });
        await email.ProblemAsync(HttpStatusCode.BadRequest, "VALIDATION_FAILED");
    }

    [Fact]
    public async Task Create_SameIdempotencyKey_SameResponseAndDifferentBodyConflicts()
    {
        var api = await factory.CreateClientAsync();
        var key = Guid.NewGuid().ToString();
        var body = new { user_id = "idem-user", metadata = new { order = 42 } };

        var first = await api.CreateRequestAsync(body, key);
        var again = await api.CreateRequestAsync(new { metadata = new { order = 42 }, user_id = "idem-user" }, key);
        Assert.Equal(first.GetProperty("request_id").GetString(), again.GetProperty("request_id").GetString());
        Assert.Equal(first.GetProperty("verification_url").GetString(), again.GetProperty("verification_url").GetString());

        using var different = new HttpRequestMessage(HttpMethod.Post, "/api/v1/requests") { Content = JsonContent.Create(new { user_id = "other-user" }) };
        different.Headers.Add("Idempotency-Key", key);
        await (await api.Http.SendAsync(different)).ProblemAsync(HttpStatusCode.Conflict, "IDEMPOTENCY_KEY_REUSED");

        var unrelated = await api.CreateRequestAsync(body);
        Assert.NotEqual(first.GetProperty("request_id").GetString(), unrelated.GetProperty("request_id").GetString());
    }

    // Regression: the crash test lost requests whose server was killed between saving the request record and
    // starting its instance; their Idempotency-Key then answered IDEMPOTENCY_KEY_IN_PROGRESS for good.
    [Fact]
    public async Task Create_RetryAfterCrashBeforeInstanceStarted_TakesOverAndStartsTheRequest()
    {
        var api = await factory.CreateClientAsync();
        var key = Guid.NewGuid().ToString();
        var body = new { user_id = "crash-user" };
        await api.CreateRequestAsync(body, key);
        var lostId = Guid.NewGuid().ToString("N");
        // What the kill leaves behind: the record without a response, and no instance under its id.
        await factory.WithDbAsync(db => db.Set<WorkflowPlatform.Storage.Requests.PublicRequestRecord>()
            .Where(r => r.IdempotencyKey == key)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Id, lostId).SetProperty(r => r.CurrentInstanceId, lostId).SetProperty(r => r.ResponseJson, (string?)null)),
            api.WorkspaceId);

        using (var tooSoon = new HttpRequestMessage(HttpMethod.Post, "/api/v1/requests") { Content = JsonContent.Create(body) })
        {
            tooSoon.Headers.Add("Idempotency-Key", key);
            await (await api.Http.SendAsync(tooSoon)).ProblemAsync(HttpStatusCode.Conflict, "IDEMPOTENCY_KEY_IN_PROGRESS");
        }

        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var taken = await api.CreateRequestAsync(body, key);
        var replayed = await api.CreateRequestAsync(body, key);

        Assert.Equal(lostId, taken.GetProperty("request_id").GetString());
        Assert.Equal("awaiting_input", taken.GetProperty("status").GetString());
        Assert.Equal(taken.GetProperty("verification_url").GetString(), replayed.GetProperty("verification_url").GetString());
        Assert.Equal("awaiting_input", (await api.GetRequestAsync(lostId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Session_ExpiredTamperedOrMissingToken_SessionUnauthorized()
    {
        var api = await factory.CreateClientAsync(ttlSeconds: 300);
        var (id, token, created) = await api.StartAsync(NewUser());

        var tampered = factory.CreateSessionClient(token[..^3] + (token[^3] == 'A' ? "BBB" : "AAA"));
        await (await tampered.GetAsync("/api/v1/enrolment/session")).ProblemAsync(HttpStatusCode.Unauthorized, "SESSION_UNAUTHORIZED");
        await (await factory.CreateClient().GetAsync("/api/v1/enrolment/session")).ProblemAsync(HttpStatusCode.Unauthorized, "SESSION_UNAUTHORIZED");
        var apiKeyAsToken = await api.Http.PostAsJsonAsync("/api/v1/enrolment/face", new { imageBase = "AAAA" });
        await apiKeyAsToken.ProblemAsync(HttpStatusCode.Unauthorized, "SESSION_UNAUTHORIZED");

        factory.Clock.Advance(TimeSpan.FromMinutes(6));
        try
        {
            var expired = factory.CreateSessionClient(token);
            await (await expired.GetAsync("/api/v1/enrolment/session")).ProblemAsync(HttpStatusCode.Unauthorized, "SESSION_UNAUTHORIZED");
            await (await expired.PostAsJsonAsync("/api/v1/enrolment/face", new { imageBase = Faces.Base64("obama.jpg") }))
                .ProblemAsync(HttpStatusCode.Unauthorized, "SESSION_UNAUTHORIZED");
            var result = await api.GetRequestAsync(id);
            Assert.Equal("expired", result.GetProperty("status").GetString());
        }
        finally
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(-6));
        }
        Assert.NotEqual(JsonValueKind.Undefined, created.GetProperty("expires_at").ValueKind);
    }

    [Fact]
    public async Task Requests_AnotherWorkspace_NotFoundAndTokensStayScoped()
    {
        var ours = await factory.CreateClientAsync();
        var otherWs = await AdminApi.CreateWorkspaceAsync(ours.Admin, "Other " + Guid.NewGuid().ToString("N")[..6]);
        var theirs = await factory.CreateClientAsync(workspaceId: otherWs);
        var (ourId, ourToken, _) = await ours.StartAsync(NewUser());
        var (theirId, _, _) = await theirs.StartAsync(NewUser());

        await (await theirs.Http.GetAsync($"/api/v1/requests/{ourId}")).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await theirs.Http.PostAsync($"/api/v1/requests/{ourId}/cancel", null)).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");
        await (await theirs.Http.GetAsync($"/api/v1/requests/{ourId}/qr.png")).ProblemAsync(HttpStatusCode.NotFound, "NOT_FOUND");

        // Our token shows our request only.
        var session = await (await factory.CreateSessionClient(ourToken).GetAsync("/api/v1/enrolment/session")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(ourId, session.GetProperty("requestId").GetString());
        Assert.NotEqual(theirId, ourId);
        Assert.Equal("awaiting_input", (await theirs.GetRequestAsync(theirId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancel_OpenRequest_CancelledAndSessionClosed()
    {
        var api = await factory.CreateClientAsync();
        var (id, token, _) = await api.StartAsync(NewUser());

        var cancelled = await (await api.Http.PostAsync($"/api/v1/requests/{id}/cancel", null)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        await (await factory.CreateSessionClient(token).PostAsJsonAsync("/api/v1/enrolment/face", new { imageBase = Faces.Base64("obama.jpg") }))
            .ProblemAsync(HttpStatusCode.Conflict, "SESSION_ALREADY_COMPLETED");
        // Regression: /complete on a cancelled request answered 200 and stamped it completed.
        await (await factory.CreateSessionClient(token).PostAsJsonAsync("/api/v1/enrolment/complete", new { }))
            .ProblemAsync(HttpStatusCode.Conflict, "SESSION_ALREADY_COMPLETED");
        Assert.Equal("cancelled", (await api.GetRequestAsync(id)).GetProperty("status").GetString());
        // The cancelled request's unconsumed capture bookmark is not an open capture: no attempts to offer.
        var session = await (await factory.CreateSessionClient(token).GetAsync("/api/v1/enrolment/session")).JsonAsync(HttpStatusCode.OK);
        Assert.True(session.GetProperty("completed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, session.GetProperty("attemptsLeft").ValueKind);
    }

    [Fact]
    public async Task Users_RegisteredThenErased_ReceiptAndNothingLeft()
    {
        var api = await factory.CreateClientAsync();
        var user = NewUser();
        var requestId = await RegisterAsync(api, user);
        var photoUrl = (await api.GetRequestAsync(requestId)).GetProperty("results").GetProperty("photo_url").GetString()!;

        var profile = await (await api.Http.GetAsync($"/api/v1/users/{user}")).JsonAsync(HttpStatusCode.OK);
        Assert.True(profile.GetProperty("selfie_registered").GetBoolean());
        Assert.Equal(1, profile.GetProperty("templates").GetInt32());
        Assert.Equal(1, profile.GetProperty("photos").GetInt32());

        var receipt = await (await api.Http.DeleteAsync($"/api/v1/users/{user}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(user, receipt.GetProperty("user_id").GetString());
        Assert.Equal(1, receipt.GetProperty("templates_deleted").GetInt32());
        Assert.Equal(1, receipt.GetProperty("photos_deleted").GetInt32());
        // The capture of the registration request goes too, not only the profile's copy.
        Assert.Equal(1, receipt.GetProperty("requests_purged").GetInt32());
        Assert.True(receipt.GetProperty("request_images_deleted").GetInt32() >= 1);

        var erased = await (await api.Http.GetAsync($"/api/v1/users/{user}")).JsonAsync(HttpStatusCode.OK);
        Assert.False(erased.GetProperty("selfie_registered").GetBoolean());
        Assert.Equal(1, erased.GetProperty("erasures").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await factory.CreateClient().GetAsync(photoUrl)).StatusCode);
        var results = (await api.GetRequestAsync(requestId)).GetProperty("results");
        Assert.Equal(JsonValueKind.Null, results.GetProperty("photo_url").ValueKind);

        await (await api.Http.GetAsync("/api/v1/users/nobody-here")).ProblemAsync(HttpStatusCode.NotFound, "USER_NOT_FOUND");
        Assert.Equal("selfie-registration", (await api.CreateRequestAsync(new { user_id = user })).GetProperty("workflow").GetString());
    }

    [Fact]
    public async Task PhotoUrl_AfterItsLifetime_Unauthorized()
    {
        var api = await factory.CreateClientAsync();
        var requestId = await RegisterAsync(api, NewUser());
        var photoUrl = (await api.GetRequestAsync(requestId)).GetProperty("results").GetProperty("photo_url").GetString()!;

        factory.Clock.Advance(TimeSpan.FromMinutes(16));
        try
        {
            await (await factory.CreateClient().GetAsync(photoUrl)).ProblemAsync(HttpStatusCode.Unauthorized, "PHOTO_URL_EXPIRED");
        }
        finally
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(-16));
        }
    }

    [Fact]
    public async Task Document_PortraitAndBlankImage_HonestAnswers()
    {
        var api = await factory.CreateClientAsync();
        var (_, token, _) = await api.StartAsync(NewUser());
        var session = factory.CreateSessionClient(token);

        var portrait = await (await session.PostAsJsonAsync("/api/v1/enrolment/document", new { imageBase = Faces.Base64("obama-480p.jpg") })).JsonAsync(HttpStatusCode.OK);
        Assert.False(portrait.GetProperty("hasError").GetBoolean(), portrait.ToString());
        Assert.Equal("front", portrait.GetProperty("pageSide").GetString());

        var blank = await (await session.PostAsJsonAsync("/api/v1/enrolment/document", new { imageBase = Convert.ToBase64String(Faces.Gradient()) })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("DOCUMENT_NOT_RECOGNIZED", blank.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Document_RepeatedUploads_KeepsOneStoredDocumentPerRequest()
    {
        // Regression: every upload stored a new randomly named blob, so one session token could fill the blob store.
        var api = await factory.CreateClientAsync();
        var (requestId, token, _) = await api.StartAsync(NewUser());
        var session = factory.CreateSessionClient(token);

        for (var i = 0; i < 3; i++)
        {
            var answer = await (await session.PostAsJsonAsync("/api/v1/enrolment/document", new { imageBase = Faces.Base64("obama-480p.jpg") })).JsonAsync(HttpStatusCode.OK);
            Assert.False(answer.GetProperty("hasError").GetBoolean(), answer.ToString());
        }

        // No selfie was sent, so the request's folder holds only what the document uploads stored.
        var blobs = factory.Services.GetRequiredService<IBlobStore>();
        var stored = await blobs.DeletePrefixAsync(SelfieCapture.RequestFolder(api.WorkspaceId.ToString("D"), requestId));
        Assert.Equal(1, stored);
    }

    [Fact]
    public async Task Create_QrWay_SvgInBodyAndPngEndpoint()
    {
        var api = await factory.CreateClientAsync();
        var created = await api.CreateRequestAsync(new { user_id = NewUser(), verification_way = new { type = "qr" } });

        Assert.Contains("<svg", created.GetProperty("qr_svg").GetString());
        var png = await api.Http.GetAsync($"/api/v1/requests/{created.GetProperty("request_id").GetString()}/qr.png");
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await png.Content.ReadAsByteArrayAsync())[..4]);
    }
}

public sealed class SqliteSelfiePathTests(SqliteSelfiePathFactory factory)
    : SelfiePathTests<SqliteSelfiePathFactory>(factory), IClassFixture<SqliteSelfiePathFactory>;

public sealed class PostgresSelfiePathTests(PostgresSelfiePathFactory factory)
    : SelfiePathTests<PostgresSelfiePathFactory>(factory), IClassFixture<PostgresSelfiePathFactory>;
