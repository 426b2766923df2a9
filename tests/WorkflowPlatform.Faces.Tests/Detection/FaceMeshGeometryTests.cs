using WorkflowPlatform.Faces.Detection;
using Xunit;

namespace WorkflowPlatform.Faces.Tests.Detection;

public sealed class FaceMeshGeometryTests
{
    [Fact]
    public void CropBox_Enlarges14AndSquaresOnLargerSide()
    {
        var b = FaceMeshGeometry.CropBox(new BoxF(100, 200, 100, 50));
        // centre (150, 225); larger side 140 → half 70
        Assert.Equal(new MeshCropBox(80, 155, 220, 295), b);
    }

    [Fact]
    public void CropBox_HalfPixel_RoundsLikeJavaScript()
    {
        // centre 0 ± 5.5 → round(-5.5) = -5 in JavaScript (banker's or away-from-zero rounding would give -6)
        var b = FaceMeshGeometry.CropBox(new BoxF(-5.5f, -5.5f, 11f, 11f), 1.0);
        Assert.Equal(-5, b.X1);
        Assert.Equal(6, b.X2);
        Assert.Equal(-2.0, FaceMeshGeometry.JsRound(-2.5));
        Assert.Equal(3.0, FaceMeshGeometry.JsRound(2.5));
    }

    [Fact]
    public void ToImage_CentreAndCorners_MapThroughBox()
    {
        var raw = new float[468 * 3];
        raw[0] = 96; raw[1] = 96; raw[2] = -3.7f;   // centre
        raw[3] = 0; raw[4] = 192; raw[5] = 2.9f;    // bottom-left of crop
        var box = new MeshCropBox(100, 50, 292, 242); // 192 px: scale 1
        var p = FaceMeshGeometry.ToImage(raw, box);
        Assert.Equal(new Point3F(196, 146, -3), p[0]);
        Assert.Equal(new Point3F(100, 242, 2), p[1]);
    }

    [Fact]
    public void ToImage_NegativeCoordinates_TruncateTowardZero()
    {
        var raw = new float[468 * 3];
        raw[0] = 0.5f; raw[1] = 0.5f;
        var box = new MeshCropBox(-96, -96, 96, 96); // centre 0, scale 1 → -95.5
        var p = FaceMeshGeometry.ToImage(raw, box);
        Assert.Equal(-95, p[0].X);
    }

    [Fact]
    public void ClampTrunc_BoxOutsideImage_IsClipped()
    {
        var b = FaceMeshGeometry.ClampTrunc(new BoxF(-10.5f, 5.7f, 100, 100), 50, 60);
        Assert.Equal(new BoxF(0, 5, 50, 54), b);
    }
}
