using WorkflowPlatform.Faces.Detection;
using Xunit;

namespace WorkflowPlatform.Faces.Tests.Detection;

public sealed class BlazeFaceTests
{
    [Fact]
    public void Anchors_Layout_MatchesModelCard()
    {
        var a = BlazeFace.Anchors;
        Assert.Equal(896 * 2, a.Length);
        Assert.Equal((8f, 8f), (a[0], a[1]));
        Assert.Equal((8f, 8f), (a[2], a[3]));           // 2 anchors per cell at stride 16
        Assert.Equal((24f, 8f), (a[4], a[5]));
        Assert.Equal((248f, 248f), (a[511 * 2], a[511 * 2 + 1]));
        Assert.Equal((16f, 16f), (a[512 * 2], a[512 * 2 + 1]));
        Assert.Equal((16f, 16f), (a[517 * 2], a[517 * 2 + 1])); // 6 anchors per cell at stride 32
        Assert.Equal((48f, 16f), (a[518 * 2], a[518 * 2 + 1]));
        Assert.Equal((240f, 240f), (a[895 * 2], a[895 * 2 + 1]));
    }

    [Fact]
    public void Decode_Regressors_AreRawPixelOffsetsFromAnchor()
    {
        var logits = new float[896];
        var regs = new float[896 * 16];
        logits[100] = 2f;
        float[] r = [1, -2, 40, 50, -10, -5, 10, -5, 0, 5, 0, 15, -20, 0, 20, 0];
        r.CopyTo(regs, 100 * 16);
        var c = BlazeFace.Decode(logits, regs, 100);
        var (ax, ay) = (BlazeFace.Anchors[200], BlazeFace.Anchors[201]);
        Assert.Equal(1 / (1 + MathF.Exp(-2f)), c.Score, 6);
        Assert.Equal(ax + 1 - 20, c.X1, 4);
        Assert.Equal(ay - 2 - 25, c.Y1, 4);
        Assert.Equal(ax + 1 + 20, c.X2, 4);
        Assert.Equal(ay - 2 + 25, c.Y2, 4);
        Assert.Equal(ax - 10, c.Keypoints[0], 4);
        Assert.Equal(ay + 15, c.Keypoints[7], 4);
    }

    [Fact]
    public void Detect_NonSquareImage_ScalesAxesSeparately()
    {
        var logits = Enumerable.Repeat(-10f, 896).ToArray();
        var regs = new float[896 * 16];
        logits[0] = 3f; // anchor (8, 8)
        regs[2] = 16; regs[3] = 16;
        var faces = BlazeFace.Detect(logits, regs, 512, 1024, 10, 0.3f, 0.5f);
        var f = Assert.Single(faces);
        Assert.Equal(0, f.Box.X, 4);
        Assert.Equal(0, f.Box.Y, 4);
        Assert.Equal(32, f.Box.Width, 4);
        Assert.Equal(64, f.Box.Height, 4);
        Assert.Equal(16, f.Keypoints[0].X, 4);
        Assert.Equal(32, f.Keypoints[0].Y, 4);
    }

    [Fact]
    public void Detect_AllLogitsLow_FindsNothing()
    {
        var faces = BlazeFace.Detect(Enumerable.Repeat(-3f, 896).ToArray(), new float[896 * 16], 640, 480, 10, 0.3f, 0.5f);
        Assert.Empty(faces);
    }

    [Fact]
    public void Detect_TooFewValues_Throws()
    {
        Assert.Throws<ArgumentException>(() => BlazeFace.Detect(new float[10], new float[896 * 16], 10, 10, 1, 0.3f, 0.5f));
    }

    [Fact]
    public void Greedy_OverlappingBoxes_KeepsHighestAndDisjoint()
    {
        float[] boxes = [0, 0, 10, 10, 1, 1, 11, 11, 20, 20, 30, 30, 0, 0, 10, 10];
        float[] scores = [0.8f, 0.9f, 0.7f, 0.1f];
        var keep = NonMaxSuppression.Greedy(boxes, scores, 10, 0.3f, 0.2f);
        Assert.Equal([1, 2], keep);
    }

    [Fact]
    public void Greedy_MaxOutput_StopsEarly()
    {
        float[] boxes = [0, 0, 10, 10, 20, 20, 30, 30, 40, 40, 50, 50];
        float[] scores = [0.5f, 0.9f, 0.7f];
        Assert.Equal([1, 2], NonMaxSuppression.Greedy(boxes, scores, 2, 0.3f, 0.2f));
    }

    [Fact]
    public void Greedy_IouEqualToThreshold_Suppresses()
    {
        // IoU of [0,0,10,10] and [0,5,10,15] = 50/150 = 1/3.
        float[] boxes = [0, 0, 10, 10, 0, 5, 10, 15];
        float[] scores = [0.9f, 0.8f];
        Assert.Equal([0], NonMaxSuppression.Greedy(boxes, scores, 10, 1f / 3f, 0.2f));
        Assert.Equal([0, 1], NonMaxSuppression.Greedy(boxes, scores, 10, 0.34f, 0.2f));
    }

    [Fact]
    public void Iou_EmptyBox_IsZero()
    {
        float[] boxes = [0, 0, 0, 10, 0, 0, 10, 10];
        Assert.Equal(0f, NonMaxSuppression.Iou(boxes, 0, 1));
    }
}
