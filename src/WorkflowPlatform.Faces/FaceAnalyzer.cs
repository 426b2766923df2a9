using System.Diagnostics;
using WorkflowPlatform.Faces.Checks;
using WorkflowPlatform.Faces.Detection;
using WorkflowPlatform.Faces.Imaging;
using WorkflowPlatform.Faces.Matching;
using WorkflowPlatform.Faces.Pose;
using WorkflowPlatform.Faces.Preprocessing;
using WorkflowPlatform.Faces.Quality;
using WorkflowPlatform.Faces.Runtime;

namespace WorkflowPlatform.Faces;

/// <summary>Options of one analysis.</summary>
public sealed class FaceAnalysisOptions
{
    /// <summary>Most faces the detector returns. Default 10.</summary>
    public int MaxFaces { get; set; } = 10;

    /// <summary>Detector score (sigmoid) a face needs to be listed. Default 0.3; the checks apply their own <see cref="FaceCheckOptions.MinDetectionScore"/>.</summary>
    public float MinDetectionScore { get; set; } = 0.3f;

    /// <summary>IoU at which overlapping detections are merged (greedy NMS). Default 0.3.</summary>
    public float IouThreshold { get; set; } = 0.3f;

    /// <summary>FaceMesh face-presence score below which a detection is dropped as not a face (human's rule). Default 0.2.</summary>
    public float MinFaceMeshScore { get; set; } = 0.2f;

    /// <summary>
    /// Eye-line roll (radians) above which the FaceMesh crop is rotated upright, as human does with
    /// <c>detector.rotation</c> (its threshold is 0.2 rad). Default 0.2; <see cref="double.PositiveInfinity"/> never rotates.
    /// </summary>
    public double UprightCropAbove { get; set; } = 0.2;

    /// <summary>Run FaceMesh (468 landmarks, pose). Default true.</summary>
    public bool Landmarks { get; set; } = true;

    /// <summary>Compute the advisory antispoof/liveness scores for every face (needs <see cref="Landmarks"/>). Default true.</summary>
    public bool SpoofScores { get; set; } = true;

    /// <summary>Compute the 128-d template of the primary face. Default true.</summary>
    public bool Embedding { get; set; } = true;

    /// <summary>
    /// Images whose larger side is at most this many pixels are padded with grey (25 % of that side on every
    /// edge) before analysis: BlazeFace "back" misses or splits faces that fill a tiny frame. Default 200; 0 turns it off.
    /// </summary>
    public int PadSmallImagesUpTo { get; set; } = 200;

    /// <summary>Thresholds of the checks.</summary>
    public FaceCheckOptions Checks { get; set; } = new();
}

/// <summary>
/// The face pipeline: BlazeFace → FaceMesh (every face) → pose, quality → spoof signals and dlib embedding
/// (primary face, policy-E crop) → checks. Thread-safe; one instance serves all requests.
/// </summary>
public sealed class FaceAnalyzer(FaceModels models)
{
    private const double EnlargeForMesh = 1.4;

    /// <summary>The loaded models.</summary>
    public FaceModels Models { get; } = models ?? throw new ArgumentNullException(nameof(models));

    /// <summary>Analyses an image; see <see cref="FaceAnalysis"/>.</summary>
    public FaceAnalysis Analyze(RgbImage image, FaceAnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        options ??= new FaceAnalysisOptions();
        options.Checks.Validate();
        var total = Stopwatch.StartNew();
        var sw = Stopwatch.StartNew();
        var pad = options.PadSmallImagesUpTo > 0 && Math.Max(image.Width, image.Height) <= options.PadSmallImagesUpTo
            ? (int)Math.Ceiling(Math.Max(image.Width, image.Height) * 0.25) : 0;
        var work = pad > 0 ? Pad(image, pad) : image;
        var detections = Detect(work, options);
        var tDetect = sw.Elapsed.TotalMilliseconds;

        sw.Restart();
        var faces = new List<(DetectedFace Face, float[]? MeshInput)>(detections.Count);
        foreach (var det in detections)
        {
            var face = Describe(work, det, options, out var meshInput);
            if (face is not null) faces.Add((face, meshInput));
        }
        RemoveDuplicates(faces);
        faces.Sort((a, b) => b.Face.Box.Area.CompareTo(a.Face.Box.Area));
        var tMesh = sw.Elapsed.TotalMilliseconds;

        sw.Restart();
        var primaryIndex = faces.Count > 0 ? 0 : -1;
        if (options.SpoofScores)
            for (var i = 0; i < faces.Count; i++)
                if (faces[i].MeshInput is { } mi) faces[i] = (faces[i].Face with { Spoof = Spoof(mi) }, mi);
        var tSpoof = sw.Elapsed.TotalMilliseconds;

        sw.Restart();
        FaceTemplate? template = null;
        if (primaryIndex >= 0 && options.Embedding)
            template = Embed(work, faces[0].Face.Chip);
        var tEmbed = sw.Elapsed.TotalMilliseconds;

        var list = faces.ConvertAll(f => pad > 0 ? Unpad(f.Face, image, pad) : f.Face);
        var check = FaceChecks.Evaluate(list, image.Width, image.Height, options.Checks);
        return new FaceAnalysis(image.Width, image.Height, list, primaryIndex, template, check,
            new FaceTimings(tDetect, tMesh, tSpoof, tEmbed, total.Elapsed.TotalMilliseconds));
    }

    /// <summary>BlazeFace on the whole image (stretched to 256×256), detections in image pixels.</summary>
    public IReadOnlyList<FaceDetection> Detect(RgbImage image, FaceAnalysisOptions options)
    {
        var input = Tensor.Image(BlazeFace.InputSize, BlazeFace.InputSize, 3);
        TfImage.ResizeBilinear(image.Pixels, image.Width, image.Height, input.Data, BlazeFace.InputSize, BlazeFace.InputSize);
        ModelInputs.ToSignedUnit(input.Data);
        var outs = Models.Detector.Run(input);
        var logits = new float[BlazeFace.AnchorCount];
        var regs = new float[BlazeFace.AnchorCount * BlazeFace.RegressorsPerAnchor];
        FaceModels.Output(outs, 1, 512, 1).CopyTo(logits, 0);
        FaceModels.Output(outs, 1, 384, 1).CopyTo(logits, 512);
        FaceModels.Output(outs, 1, 512, 16).CopyTo(regs, 0);
        FaceModels.Output(outs, 1, 384, 16).CopyTo(regs, 512 * 16);
        return BlazeFace.Detect(logits, regs, image.Width, image.Height, options.MaxFaces, options.IouThreshold, options.MinDetectionScore);
    }

    /// <summary>128-d dlib template of the policy-E chip.</summary>
    public FaceTemplate Embed(RgbImage image, ChipGeometry chip)
    {
        var input = FaceChip.Extract(image, chip);
        ModelInputs.ToDlib(input);
        return FaceTemplate.FromDlib(Models.Dlib.Compute(input));
    }

    private DetectedFace? Describe(RgbImage image, FaceDetection det, FaceAnalysisOptions options, out float[]? meshInput)
    {
        meshInput = null;
        var kp = det.Keypoints;
        var chip = FaceChip.FromKeypoints(kp[0], kp[1], kp[3]);
        float? faceScore = null;
        Point3F[] landmarks = [];
        HeadPose pose;
        double interEye;
        if (options.Landmarks)
        {
            var crop = FaceMeshGeometry.CropBox(det.Box, EnlargeForMesh);
            var input = Tensor.Image(FaceMeshGeometry.InputSize, FaceMeshGeometry.InputSize, 3);
            // A rolled face is cropped upright (the mesh underestimates roll on tilted crops); small tilts keep
            // human's exact axis-aligned crop.
            var roll = Math.Atan2(kp[1].Y - kp[0].Y, kp[1].X - kp[0].X);
            if (Math.Abs(roll) <= options.UprightCropAbove) roll = 0;
            double ny1 = crop.Y1 / (double)image.Height, nx1 = crop.X1 / (double)image.Width, ny2 = crop.Y2 / (double)image.Height, nx2 = crop.X2 / (double)image.Width;
            if (roll == 0)
                TfImage.CropAndResize(image.Pixels, image.Width, image.Height, ny1, nx1, ny2, nx2, input.Data, FaceMeshGeometry.InputSize, FaceMeshGeometry.InputSize);
            else
                TfImage.CropAndResizeRotated(image.Pixels, image.Width, image.Height, ny1, nx1, ny2, nx2, roll, input.Data, FaceMeshGeometry.InputSize, FaceMeshGeometry.InputSize);
            ModelInputs.ToUnit(input.Data);
            var outs = Models.Mesh.Run(input);
            var flag = FaceModels.Output(outs, 1, 1)[0];
            faceScore = (float)(FaceMeshGeometry.JsRound(100 * flag) / 100);
            if (faceScore < options.MinFaceMeshScore) return null;
            landmarks = FaceMeshGeometry.ToImage(FaceModels.Output(outs, 1, 1404), crop, roll);
            pose = HeadPose.FromMesh(landmarks, crop.Width, crop.Height);
            var e0 = Mid(landmarks[33], landmarks[133]);
            var e1 = Mid(landmarks[263], landmarks[362]);
            interEye = Dist(e0, e1);
            meshInput = input.Data;
        }
        else
        {
            // Without the mesh only roll is measurable (the eye line); yaw and pitch read 0.
            pose = new HeadPose(0, 0, Math.Atan2(kp[1].Y - kp[0].Y, kp[1].X - kp[0].X) * 180 / Math.PI);
            interEye = Dist(kp[0], kp[1]);
        }
        var box = landmarks.Length > 0 ? LandmarkBox(landmarks) : det.Box;
        var quality = FaceQualityMeter.Measure(image, box, landmarks);
        return new DetectedFace(box, det.Box, det.Score, faceScore, kp, landmarks, pose, interEye, quality, null, chip);
    }

    /// <summary>Tight box around the landmarks: undistorted by the detector's stretch of non-square images.</summary>
    private static BoxF LandmarkBox(ReadOnlySpan<Point3F> landmarks)
    {
        float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue, maxY = float.MinValue;
        foreach (var p in landmarks)
        {
            minX = Math.Min(minX, p.X); maxX = Math.Max(maxX, p.X);
            minY = Math.Min(minY, p.Y); maxY = Math.Max(maxY, p.Y);
        }
        return BoxF.FromCorners(minX, minY, maxX, maxY);
    }

    /// <summary>
    /// BlazeFace proposes the same face at two scales now and then (IoU in the stretched 256 space below the NMS
    /// threshold). After the mesh the landmark boxes are precise: drop a face whose box centre lies inside a
    /// higher-scoring face's box.
    /// </summary>
    private static void RemoveDuplicates(List<(DetectedFace Face, float[]? MeshInput)> faces)
    {
        faces.Sort((a, b) => b.Face.Score.CompareTo(a.Face.Score));
        for (var i = 0; i < faces.Count; i++)
        {
            var keep = faces[i].Face.Box;
            for (var j = faces.Count - 1; j > i; j--)
            {
                var b = faces[j].Face.Box;
                if (b.CenterX >= keep.X && b.CenterX <= keep.Right && b.CenterY >= keep.Y && b.CenterY <= keep.Bottom)
                    faces.RemoveAt(j);
            }
        }
    }

    private static RgbImage Pad(RgbImage image, int pad)
    {
        int w = image.Width + 2 * pad, h = image.Height + 2 * pad;
        var px = new byte[checked(w * h * 3)];
        px.AsSpan().Fill(128);
        for (var y = 0; y < image.Height; y++)
            image.Pixels.AsSpan(y * image.Width * 3, image.Width * 3).CopyTo(px.AsSpan(((y + pad) * w + pad) * 3));
        return new RgbImage(w, h, px);
    }

    private static DetectedFace Unpad(DetectedFace f, RgbImage original, int pad)
    {
        var box = f.Box with { X = f.Box.X - pad, Y = f.Box.Y - pad };
        var detBox = f.DetectorBox with { X = f.DetectorBox.X - pad, Y = f.DetectorBox.Y - pad };
        var kps = f.Keypoints.Select(p => new PointF(p.X - pad, p.Y - pad)).ToArray();
        var lms = f.Landmarks.Select(p => p with { X = p.X - pad, Y = p.Y - pad }).ToArray();
        var chip = f.Chip with { Left = f.Chip.Left - pad, Top = f.Chip.Top - pad };
        return f with { Box = box, DetectorBox = detBox, Keypoints = kps, Landmarks = lms, Chip = chip, Quality = FaceQualityMeter.Measure(original, box, lms) };
    }

    private SpoofScores Spoof(float[] meshInput)
    {
        // human feeds the FaceMesh input tensor (192×192, [0,1]) resized without half-pixel centres.
        var a = Tensor.Image(128, 128, 3);
        TfImage.ResizeBilinear(meshInput, FaceMeshGeometry.InputSize, FaceMeshGeometry.InputSize, a.Data, 128, 128);
        var real = FaceModels.Output(Models.Antispoof.Run(a), 1, 1)[0];
        var l = Tensor.Image(32, 32, 3);
        TfImage.ResizeBilinear(meshInput, FaceMeshGeometry.InputSize, FaceMeshGeometry.InputSize, l.Data, 32, 32);
        var live = FaceModels.Output(Models.Liveness.Run(l), 1, 2)[0];
        return new SpoofScores(FaceMeshGeometry.JsRound(100 * real) / 100, FaceMeshGeometry.JsRound(100 * live) / 100);
    }

    private static PointF Mid(Point3F a, Point3F b) => new((a.X + b.X) / 2, (a.Y + b.Y) / 2);
    private static double Dist(PointF a, PointF b) => Math.Sqrt((a.X - b.X) * (double)(a.X - b.X) + (a.Y - b.Y) * (double)(a.Y - b.Y));
}
