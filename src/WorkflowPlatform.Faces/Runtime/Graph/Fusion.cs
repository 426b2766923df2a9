using WorkflowPlatform.Faces.Runtime.Kernels;

namespace WorkflowPlatform.Faces.Runtime.Graph;

/// <summary>
/// Load-time graph rewrites. A convolution without activation whose only consumer is an Add of a value
/// of the same shape, optionally followed by Relu/Prelu, becomes one convolution with a residual +
/// activation epilogue (BlazeFace and FaceMesh blocks: conv → add → relu), saving two full passes.
/// </summary>
internal static class Fusion
{
    public static List<Step> Apply(List<Step> input, HashSet<int> outputSlots)
    {
        Step?[] steps = input.ToArray();
        var consumers = new Dictionary<int, int>();
        foreach (Step s in input)
            foreach (int slot in s.Inputs) consumers[slot] = consumers.GetValueOrDefault(slot) + 1;

        for (int i = 0; i < steps.Length; i++)
        {
            if (steps[i] is not ConvStep conv || conv.Residual >= 0 || conv.Conv.Act != Activation.None) continue;
            if (!SingleUse(conv.Output, consumers, outputSlots)) continue;
            int j = NextConsumer(steps, i, conv.Output);
            if (j < 0 || steps[j] is not BinaryStep add || add.HasConstant || add.Op != Elementwise.BinaryOp.Add) continue;
            int other = add.Inputs[0] == conv.Output ? add.Inputs[1] : add.Inputs[0];
            if (other == conv.Output) continue;

            conv.FuseResidual(other);
            conv.Output = add.Output;
            steps[j] = conv;
            steps[i] = null;

            if (!SingleUse(conv.Output, consumers, outputSlots)) continue;
            int k = NextConsumer(steps, j, conv.Output);
            if (k < 0 || steps[k] is not UnaryStep act) continue;
            if (act.Kind == UnaryKind.Relu)
                conv.FuseActivation(conv.Conv.WithActivation(Activation.Relu, default));
            else if (act.Kind == UnaryKind.Prelu && act.Alpha!.Length == conv.Conv.Cout)
                conv.FuseActivation(conv.Conv.WithActivation(Activation.Prelu, act.Alpha));
            else
                continue;
            conv.Output = act.Output;
            steps[k] = conv;
            steps[j] = null;
        }

        // Depthwise → 1×1 convolution: the depthwise output is produced per pixel chunk inside the GEMM.
        for (int i = 0; i < steps.Length; i++)
        {
            if (steps[i] is not DepthwiseStep dw || !SingleUse(dw.Output, consumers, outputSlots)) continue;
            int j = NextConsumer(steps, i, dw.Output);
            if (j < 0 || steps[j] is not ConvStep pw || pw.Depthwise != null || !pw.IsPointwise || pw.Inputs[0] != dw.Output) continue;
            if (pw.Residual == dw.Output) continue;
            pw.FuseDepthwise(dw);
            steps[i] = null;
        }

        var result = new List<Step>(steps.Length);
        foreach (Step? s in steps)
            if (s != null) result.Add(s);
        return result;
    }

    private static bool SingleUse(int slot, Dictionary<int, int> consumers, HashSet<int> outputs) =>
        !outputs.Contains(slot) && consumers.GetValueOrDefault(slot) == 1;

    private static int NextConsumer(Step?[] steps, int after, int slot)
    {
        for (int j = after + 1; j < steps.Length; j++)
            if (steps[j] is { } s && Array.IndexOf(s.Inputs, slot) >= 0) return j;
        return -1;
    }
}
