using WorkflowPlatform.Faces.Matching;
using WorkflowPlatform.Testing;
using WorkflowPlatform.Verification.Profiles;
using WorkflowPlatform.Verification.Tests.Support;
using Xunit;

namespace WorkflowPlatform.Verification.Tests.Profiles;

/// <summary>The profile store, the erasure and the galleries, run against every database.</summary>
public abstract class ProfileStoreCompliance(TestDatabase kind) : IAsyncLifetime
{
    private VerificationHost _host = null!;

    public async Task InitializeAsync() => _host = await VerificationHost.StartAsync(kind, withFaces: false);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static FaceTemplate Template(float seed)
    {
        var v = new float[128];
        for (var i = 0; i < v.Length; i++)
            v[i] = MathF.Sin(seed * (i + 1)) * 0.1f;
        return FaceTemplate.FromDlib(v);
    }

    [Fact]
    public async Task SaveRegistration_NewUser_ReadBackWithTemplateAndPhotoKey()
    {
        var at = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

        await _host.ProfileStore.SaveRegistrationAsync(_host.WorkspaceId, "u'+_@.-1", Template(1), "ws/x/users/p.jpg", at);
        var profile = await _host.ProfileStore.GetAsync(_host.WorkspaceId, "u'+_@.-1");

        Assert.NotNull(profile);
        Assert.True(profile.SelfieRegistered);
        Assert.Equal(at, profile.RegisteredAt);
        Assert.Equal(Template(1).ToBytes(), profile.Template!.ToBytes());
        Assert.Equal("ws/x/users/p.jpg", profile.PhotoKey);
    }

    [Fact]
    public async Task SaveRegistration_ExistingUser_ReplacesTemplateKeepsCreatedAt()
    {
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        await _host.ProfileStore.SaveRegistrationAsync(_host.WorkspaceId, "u1", Template(1), null, t0);

        await _host.ProfileStore.SaveRegistrationAsync(_host.WorkspaceId, "u1", Template(2), "k", t0.AddDays(1));
        var profile = await _host.ProfileStore.GetAsync(_host.WorkspaceId, "u1");

        Assert.Equal(Template(2).ToBytes(), profile!.Template!.ToBytes());
        Assert.Equal(t0, profile.CreatedAt);
        Assert.Equal(t0.AddDays(1), profile.RegisteredAt);
        Assert.Single(await _host.ProfileStore.ListTemplatesAsync(_host.WorkspaceId));
    }

    [Fact]
    public async Task GetAsync_OtherWorkspace_DoesNotSeeTheProfile()
    {
        var other = (await _host.CreateWorkspaceAsync()).ToString();
        await _host.ProfileStore.SaveRegistrationAsync(_host.WorkspaceId, "u1", Template(1), null, DateTimeOffset.UtcNow);

        Assert.Null(await _host.ProfileStore.GetAsync(other, "u1"));
        Assert.Empty(await _host.ProfileStore.ListTemplatesAsync(other));
        var receipt = await _host.ProfileStore.EraseAsync(other, "u1", 0, DateTimeOffset.UtcNow);
        Assert.Equal(0, receipt.TemplatesDeleted);
        Assert.NotNull(await _host.ProfileStore.GetAsync(_host.WorkspaceId, "u1"));
    }

    [Fact]
    public async Task GetAsync_WorkspaceIdNotAGuid_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _host.ProfileStore.GetAsync("not-a-guid", "u1"));
    }

    [Fact]
    public async Task EraseAsync_RegisteredUserWithPhoto_DeletesTemplatePhotoAndGalleryEntryAndKeepsReceipt()
    {
        var ws = _host.WorkspaceId;
        var captured = $"ws/{ws}/requests/r1/face-1.jpg";
        await _host.Blobs.PutAsync(captured, new byte[] { 1, 2, 3 });
        var profile = await _host.Profiles.RegisterAsync(ws, "erase-me", Template(3), captured);
        Assert.Equal(new byte[] { 1, 2, 3 }, await _host.Blobs.GetAsync(profile.PhotoKey!));
        Assert.Single(await _host.Galleries.SearchAsync(ws, Template(3), 5, 0.1));

        var receipt = await _host.Profiles.EraseAsync(ws, "erase-me");

        Assert.Equal("erase-me", receipt.UserId);
        Assert.Equal(1, receipt.TemplatesDeleted);
        Assert.Equal(1, receipt.PhotosDeleted);
        Assert.Null(await _host.ProfileStore.GetAsync(ws, "erase-me"));
        Assert.Null(await _host.Blobs.GetAsync(profile.PhotoKey!));
        Assert.Empty(await _host.Galleries.SearchAsync(ws, Template(3), 5, 0.1));
        var receipts = await _host.ProfileStore.ListErasuresAsync(ws, "erase-me");
        Assert.Equal(receipt.ReceiptId, Assert.Single(receipts).ReceiptId);
        // The capture under the request is not the profile's: request retention removes it, not erasure.
        Assert.NotNull(await _host.Blobs.GetAsync(captured));
    }

    [Fact]
    public async Task EraseAsync_UnknownUser_ReceiptWithZeros()
    {
        var receipt = await _host.Profiles.EraseAsync(_host.WorkspaceId, "nobody");

        Assert.Equal(0, receipt.TemplatesDeleted);
        Assert.Equal(0, receipt.PhotosDeleted);
    }

    [Fact]
    public async Task Galleries_FirstUse_LoadsRegisteredTemplatesFromTheStore()
    {
        var ws = _host.WorkspaceId;
        await _host.ProfileStore.SaveRegistrationAsync(ws, "a", Template(1), null, DateTimeOffset.UtcNow);
        await _host.ProfileStore.SaveRegistrationAsync(ws, "b", Template(2), null, DateTimeOffset.UtcNow);

        var gallery = await _host.Galleries.GetAsync(ws);
        var hit = Assert.Single(await _host.Galleries.SearchAsync(ws, Template(2), 5, 0.01));

        Assert.Equal(2, gallery.Count);
        Assert.Equal("b", hit.Id);
    }

    [Fact]
    public async Task Galleries_ConcurrentRegistrations_AllEndUpInTheGallery()
    {
        var ws = _host.WorkspaceId;

        await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => _host.Profiles.RegisterAsync(ws, "c" + i, Template(10 + i), null))));

        Assert.Equal(16, (await _host.Galleries.GetAsync(ws)).Count);
        Assert.Equal(16, (await _host.ProfileStore.ListTemplatesAsync(ws)).Count);
    }

    [Fact]
    public async Task PurgeRequestBlobs_RequestWithCaptures_DeletesThemButNotProfilePhotos()
    {
        var ws = _host.WorkspaceId;
        await _host.Blobs.PutAsync($"ws/{ws}/requests/r9/face-1.jpg", new byte[] { 1 });
        await _host.Blobs.PutAsync($"ws/{ws}/requests/r9/face-2.jpg", new byte[] { 2 });
        await _host.Blobs.PutAsync($"ws/{ws}/requests/r90/face-1.jpg", new byte[] { 3 });
        var profile = await _host.Profiles.RegisterAsync(ws, "kept", Template(5), $"ws/{ws}/requests/r9/face-1.jpg");
        var retention = (Verification.Photos.PhotoRetention)_host.Services.GetService(typeof(Verification.Photos.PhotoRetention))!;

        var purged = await retention.PurgeRequestBlobsAsync(ws, "r9");

        Assert.Equal(2, purged);
        Assert.Null(await _host.Blobs.GetAsync($"ws/{ws}/requests/r9/face-2.jpg"));
        Assert.NotNull(await _host.Blobs.GetAsync($"ws/{ws}/requests/r90/face-1.jpg"));
        Assert.Equal(new byte[] { 1 }, await _host.Blobs.GetAsync(profile.PhotoKey!));
    }
}

public sealed class SqliteProfileStoreTests() : ProfileStoreCompliance(TestDatabase.Sqlite);

public sealed class PostgresProfileStoreTests() : ProfileStoreCompliance(TestDatabase.Postgres);
