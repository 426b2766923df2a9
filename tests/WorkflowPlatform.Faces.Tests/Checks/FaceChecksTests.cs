using WorkflowPlatform.Faces.Checks;
using WorkflowPlatform.Faces.Pose;
using WorkflowPlatform.Faces.Preprocessing;
using WorkflowPlatform.Faces.Quality;
using Xunit;

namespace WorkflowPlatform.Faces.Tests.Checks;

public sealed class FaceChecksTests
{
    private static readonly FaceCheckOptions Defaults = new();

    private static DetectedFace Face(float x = 200, float y = 150, float size = 220, float score = 0.9f, float? meshScore = 1f,
        HeadPose? pose = null, double interEye = 90, double sharpness = 300, double brightness = 130, double contrast = 40,
        double cropped = 0, double clipped = 0, int imageW = 640, int imageH = 640)
    {
        var box = new BoxF(x, y, size, size);
        var border = Math.Min(Math.Min(box.X, box.Y), Math.Min(imageW - box.Right, imageH - box.Bottom));
        var q = new FaceQuality(sharpness, brightness, contrast, clipped, 0, size, size, border, cropped);
        return new DetectedFace(box, box, score, meshScore, new PointF[6], [], pose ?? new HeadPose(0, 5, 0), interEye, q, null, new ChipGeometry(0, 0, 150, 0));
    }

    private static FaceCheckResult Eval(params DetectedFace[] faces) => FaceChecks.Evaluate(faces, 640, 640, Defaults);

    [Fact]
    public void Evaluate_GoodSelfie_Passes()
    {
        var r = Eval(Face());
        Assert.True(r.Passed, r.Message);
        Assert.Null(r.Code);
        Assert.Equal(220, r.Details["faceSize"]);
        Assert.Equal(150, r.Details["minFaceSize"]);
    }

    [Fact]
    public void Evaluate_NoFaces_FaceNotFound()
    {
        var r = Eval();
        Assert.Equal(FaceCheckCodes.FaceNotFound, r.Code);
        Assert.Equal(0, r.Details["faceCount"]);
    }

    [Fact]
    public void Evaluate_OnlyLowScoreFace_FaceNotFound()
    {
        Assert.Equal(FaceCheckCodes.FaceNotFound, Eval(Face(score: 0.3f)).Code);
    }

    [Fact]
    public void Evaluate_TwoFaces_TooManyFaces()
    {
        var r = Eval(Face(), Face(x: 20, y: 20, size: 160));
        Assert.Equal(FaceCheckCodes.TooManyFaces, r.Code);
        Assert.Equal(2, r.Details["countedFaces"]);
    }

    [Fact]
    public void Evaluate_SmallBackgroundFaceWithRatio_IsIgnored()
    {
        var options = new FaceCheckOptions { IgnoreFacesSmallerThanRatio = 0.5 };
        var r = FaceChecks.Evaluate([Face(), Face(x: 20, y: 20, size: 60, score: 0.8f)], 640, 640, options);
        Assert.True(r.Passed, r.Message);
    }

    [Fact]
    public void Evaluate_FaceOutsideFrame_FaceCropped()
    {
        var r = Eval(Face(x: -40, cropped: 0.12));
        Assert.Equal(FaceCheckCodes.FaceCropped, r.Code);
        Assert.Equal(0.12, r.Details["croppedFraction"]);
    }

    [Fact]
    public void Evaluate_FaceFillsImage_FaceTooClose()
    {
        Assert.Equal(FaceCheckCodes.FaceTooClose, Eval(Face(x: 40, y: 40, size: 560)).Code);
    }

    [Fact]
    public void Evaluate_FaceNearEdge_CloseToBorder()
    {
        var r = Eval(Face(x: 5));
        Assert.Equal(FaceCheckCodes.FaceCloseToBorder, r.Code);
        Assert.Equal(5, r.Details["borderDistance"]);
        Assert.Equal(15, r.Details["minBorderPadding"]);
    }

    [Fact]
    public void Evaluate_SmallFace_FaceTooSmall()
    {
        Assert.Equal(FaceCheckCodes.FaceTooSmall, Eval(Face(size: 120, interEye: 60)).Code);
    }

    [Fact]
    public void Evaluate_EyesTooClose_FaceTooSmall()
    {
        var r = Eval(Face(interEye: 40));
        Assert.Equal(FaceCheckCodes.FaceTooSmall, r.Code);
        Assert.Contains("40", r.Message);
    }

    [Theory]
    [InlineData(35, 0, 0)]
    [InlineData(0, -31, 0)]
    [InlineData(0, 0, 45)]
    public void Evaluate_LargeAngle_FaceAngleTooLarge(double yaw, double pitch, double roll)
    {
        Assert.Equal(FaceCheckCodes.FaceAngleTooLarge, Eval(Face(pose: new HeadPose(yaw, pitch, roll))).Code);
    }

    [Fact]
    public void Evaluate_RollLimitConfigurable_Applies()
    {
        var strict = new FaceCheckOptions { MaxRoll = 8 };
        Assert.Equal(FaceCheckCodes.FaceAngleTooLarge, FaceChecks.Evaluate([Face(pose: new HeadPose(0, 0, 10))], 640, 640, strict).Code);
        Assert.True(Eval(Face(pose: new HeadPose(0, 0, 10))).Passed);
    }

    [Fact]
    public void Evaluate_LowMeshScore_FaceIsOccluded()
    {
        Assert.Equal(FaceCheckCodes.FaceIsOccluded, Eval(Face(meshScore: 0.3f)).Code);
    }

    [Theory]
    [InlineData(5, 130, 40, 0)]
    [InlineData(300, 20, 40, 0)]
    [InlineData(300, 240, 40, 0)]
    [InlineData(300, 130, 5, 0)]
    [InlineData(300, 130, 40, 0.5)]
    public void Evaluate_PoorImage_FaceQualityLow(double sharpness, double brightness, double contrast, double clipped)
    {
        var r = Eval(Face(sharpness: sharpness, brightness: brightness, contrast: contrast, clipped: clipped));
        Assert.Equal(FaceCheckCodes.FaceQualityLow, r.Code);
        Assert.Equal(sharpness, r.Details["sharpness"]);
    }

    [Fact]
    public void Validate_NegativeRatio_Throws()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new FaceCheckOptions { MaxCroppedFraction = -1 }.Validate());
        Assert.Contains(nameof(FaceCheckOptions.MaxCroppedFraction), ex.Message);
    }
}
