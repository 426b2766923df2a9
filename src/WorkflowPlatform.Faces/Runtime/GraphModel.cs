using System.Buffers;
using System.Text;
using System.Text.Json;
using WorkflowPlatform.Faces.Runtime.Graph;
using WorkflowPlatform.Faces.Runtime.Kernels;

namespace WorkflowPlatform.Faces.Runtime;

/// <summary>
/// A TF.js graph model (<c>model.json</c> with <c>modelTopology.node[]</c> and a <c>weightsManifest</c>)
/// compiled at load into a fixed execution plan: shapes inferred from the placeholder, Identity and
/// constant nodes folded, convolution filters packed for GEMM, bias/residual-add/activation fused into the
/// convolution epilogue. Immutable after load: <see cref="Run"/> may be called concurrently; each call
/// takes its intermediate buffers from a shared pool and returns them.
/// </summary>
public sealed class GraphModel
{
    private readonly Step[] _steps;
    private readonly int _slotCount;
    private readonly int[] _releaseAfter; // per slot: index of the step after which it can be returned to the pool, -1 = keep
    private readonly OutputRef[] _outputs;

    private GraphModel(string path, string inputName, int[] inputShape, Step[] steps, int slotCount, OutputRef[] outputs)
    {
        FilePath = path;
        InputName = inputName;
        InputShape = inputShape;
        _steps = steps;
        _slotCount = slotCount;
        _outputs = outputs;
        _releaseAfter = new int[slotCount];
        Array.Fill(_releaseAfter, -1);
        for (int i = 0; i < steps.Length; i++)
            foreach (int s in steps[i].Inputs) _releaseAfter[s] = i;
        _releaseAfter[0] = -1; // the caller's input
        foreach (OutputRef o in outputs)
            if (o.Slot >= 0) _releaseAfter[o.Slot] = -1;
    }

    /// <summary>The model.json this model was loaded from.</summary>
    public string FilePath { get; }

    /// <summary>Name of the graph's single input placeholder.</summary>
    public string InputName { get; }

    /// <summary>The input shape Run expects, batch fixed to 1 (e.g. <c>[1, 256, 256, 3]</c>).</summary>
    public IReadOnlyList<int> InputShape { get; }

    /// <summary>Output names in the graph's output order (the signature's order when it has one).</summary>
    public IReadOnlyList<string> OutputNames => _outputs.Select(o => o.Name).ToArray();

    /// <summary>The graph node behind each output (e.g. <c>Identity_2</c> for FaceMesh's <c>output_mesh</c>), in <see cref="OutputNames"/> order.</summary>
    public IReadOnlyList<string> OutputNodes => _outputs.Select(o => o.Node).ToArray();

    /// <summary>Output shapes, in <see cref="OutputNames"/> order.</summary>
    public IReadOnlyList<int[]> OutputShapes => _outputs.Select(o => (int[])o.Shape.Clone()).ToArray();

    /// <summary>Number of compiled operations (after fusion), for diagnostics.</summary>
    public int StepCount => _steps.Length;

    /// <summary>Loads and compiles a TF.js graph model.</summary>
    /// <exception cref="ModelLoadException">A file is missing, truncated, malformed, or uses an unsupported op.</exception>
    public static GraphModel Load(string modelJsonPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelJsonPath);
        string full = Path.GetFullPath(modelJsonPath);
        if (!File.Exists(full)) throw new ModelLoadException(full, "file is missing.");
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(full), new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new ModelLoadException(full, $"is not valid JSON ({e.Message}).", e);
        }
        using (doc)
        {
            try
            {
                return new GraphCompiler(full, doc.RootElement).Compile();
            }
            catch (ModelLoadException)
            {
                throw;
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or OverflowException or IndexOutOfRangeException)
            {
                throw new ModelLoadException(full, $"is malformed: {e.Message}", e);
            }
        }
    }

    /// <summary>Runs the model on one input of <see cref="InputShape"/>; returns the outputs in graph order.</summary>
    /// <exception cref="ArgumentException">The input shape does not match.</exception>
    public IReadOnlyList<Tensor> Run(Tensor input) => Run(input, null);

    /// <summary>Per-step description for profiling (benchmarks): "name (kind) [out shape]".</summary>
    internal IReadOnlyList<string> DescribeSteps() =>
        _steps.Select(s => $"{s.GetType().Name.Replace("Step", "", StringComparison.Ordinal)} {s.Name} [{string.Join(',', s.OutShape)}]").ToArray();

    /// <summary>Runs and adds each step's wall time (ms) to <paramref name="stepTimes"/> when given.</summary>
    internal IReadOnlyList<Tensor> Run(Tensor input, double[]? stepTimes)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInput(input);
        var values = new float[_slotCount][];
        values[0] = input.Data;
        try
        {
            for (int i = 0; i < _steps.Length; i++)
            {
                Step step = _steps[i];
                values[step.Output] = ArrayPool<float>.Shared.Rent(Math.Max(1, step.OutLength));
                long t0 = stepTimes == null ? 0 : System.Diagnostics.Stopwatch.GetTimestamp();
                step.Execute(values);
                if (stepTimes != null) stepTimes[i] += System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                foreach (int s in step.Inputs)
                {
                    if (_releaseAfter[s] == i && values[s] != null)
                    {
                        ArrayPool<float>.Shared.Return(values[s]);
                        values[s] = null!;
                    }
                }
            }
            var result = new Tensor[_outputs.Length];
            for (int o = 0; o < _outputs.Length; o++)
            {
                OutputRef r = _outputs[o];
                int n = (int)Tensor.ElementCount(r.Shape);
                float[] data = new float[n];
                (r.Slot >= 0 ? values[r.Slot] : r.Constant!).AsSpan(0, n).CopyTo(data);
                result[o] = new Tensor(data, (int[])r.Shape.Clone(), r.Name);
            }
            return result;
        }
        finally
        {
            for (int s = 1; s < values.Length; s++)
            {
                if (values[s] != null)
                {
                    ArrayPool<float>.Shared.Return(values[s]);
                    values[s] = null!;
                }
            }
        }
    }

    private void CheckInput(Tensor input)
    {
        IReadOnlyList<int> want = InputShape;
        int[] got = input.Shape;
        bool ok = got.Length == want.Count;
        for (int i = 0; ok && i < got.Length; i++) ok = got[i] == want[i];
        if (!ok && got.Length == want.Count - 1) // accept HWC for batch 1
        {
            ok = true;
            for (int i = 0; ok && i < got.Length; i++) ok = got[i] == want[i + 1];
        }
        if (!ok)
            throw new ArgumentException($"{Path.GetFileName(FilePath)} expects input [{string.Join(',', want)}], got [{string.Join(',', got)}].", nameof(input));
    }

    internal sealed record OutputRef(string Name, string Node, int Slot, int[] Shape, float[]? Constant);

    /// <summary>Turns the JSON graph into steps. Lives only during Load.</summary>
    private sealed class GraphCompiler
    {
        private readonly string _path;
        private readonly JsonElement _root;
        private readonly Dictionary<string, JsonElement> _nodes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Val> _resolved = new(StringComparer.Ordinal);
        private readonly HashSet<string> _visiting = new(StringComparer.Ordinal);
        private readonly List<Step> _steps = [];
        private Dictionary<string, WeightTensor> _weights = new();
        private string? _inputName;
        private int[] _inputShape = [];
        private int _nextSlot = 1;

        /// <summary>Largest intermediate tensor accepted (256 M floats = 1 GB).</summary>
        private const long MaxElements = 1L << 28;

        public GraphCompiler(string path, JsonElement root)
        {
            _path = path;
            _root = root;
        }

        public GraphModel Compile()
        {
            if (!_root.TryGetProperty("modelTopology", out JsonElement topo) || !topo.TryGetProperty("node", out JsonElement nodeArray))
                throw new ModelLoadException(_path, "has no modelTopology.node (is it a TF.js graph model?).");
            if (!_root.TryGetProperty("weightsManifest", out JsonElement manifest))
                throw new ModelLoadException(_path, "has no weightsManifest.");
            _weights = WeightStore.Load(manifest, Path.GetDirectoryName(_path)!, _path);

            var order = new List<string>();
            foreach (JsonElement n in nodeArray.EnumerateArray())
            {
                string name = n.GetProperty("name").GetString()!;
                _nodes[name] = n;
                order.Add(name);
            }

            // Outputs: the signature's order when present (TF.js does the same), else unconsumed nodes.
            var outputs = new List<(string Name, string Tensor)>();
            JsonElement sig = default;
            bool hasSig = _root.TryGetProperty("signature", out sig) ||
                          (_root.TryGetProperty("userDefinedMetadata", out JsonElement udm) && udm.ValueKind == JsonValueKind.Object && udm.TryGetProperty("signature", out sig));
            if (hasSig && sig.ValueKind == JsonValueKind.Object && sig.TryGetProperty("outputs", out JsonElement so) && so.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty p in so.EnumerateObject())
                    outputs.Add((p.Name, p.Value.TryGetProperty("name", out JsonElement tn) ? tn.GetString()! : p.Name));
            }
            else
            {
                var consumed = new HashSet<string>(StringComparer.Ordinal);
                foreach (JsonElement n in _nodes.Values)
                    foreach (string i in Inputs(n)) consumed.Add(NodeOf(i));
                foreach (string name in order)
                {
                    string op = _nodes[name].GetProperty("op").GetString()!;
                    if (!consumed.Contains(name) && op is not ("Const" or "Placeholder")) outputs.Add((name, name));
                }
            }
            if (outputs.Count == 0) throw new ModelLoadException(_path, "graph has no outputs.");

            var refs = new List<OutputRef>();
            foreach ((string name, string tensor) in outputs)
            {
                Val v = Resolve(NodeOf(tensor));
                if (v.IsConst && v.F == null) throw new ModelLoadException(_path, $"output '{name}' is an integer constant.");
                refs.Add(new OutputRef(name, NodeOf(tensor), v.Slot, v.Shape, v.F));
            }
            if (_inputName == null) throw new ModelLoadException(_path, "graph has no Placeholder input reachable from its outputs.");

            List<Step> steps = Fusion.Apply(_steps, refs.Select(r => r.Slot).Where(s => s >= 0).ToHashSet());
            return new GraphModel(_path, _inputName, _inputShape, steps.ToArray(), _nextSlot, refs.ToArray());
        }

        private static string NodeOf(string input)
        {
            string s = input.StartsWith('^') ? input[1..] : input;
            int colon = s.IndexOf(':');
            return colon < 0 ? s : s[..colon];
        }

        private static List<string> Inputs(JsonElement node)
        {
            var list = new List<string>();
            if (node.TryGetProperty("input", out JsonElement arr))
                foreach (JsonElement e in arr.EnumerateArray())
                {
                    string s = e.GetString()!;
                    if (!s.StartsWith('^')) list.Add(s); // control dependencies carry no data
                }
            return list;
        }

        private Val Resolve(string nodeName)
        {
            if (_resolved.TryGetValue(nodeName, out Val? done)) return done;
            if (!_nodes.TryGetValue(nodeName, out JsonElement node))
                throw new ModelLoadException(_path, $"node '{nodeName}' is referenced but not defined.");
            if (!_visiting.Add(nodeName)) throw new ModelLoadException(_path, $"graph has a cycle at '{nodeName}'.");
            if (_visiting.Count > 2000) throw new ModelLoadException(_path, "graph is too deep.");
            Val v = Build(nodeName, node);
            _visiting.Remove(nodeName);
            _resolved[nodeName] = v;
            return v;
        }

        private Val Input(JsonElement node, int index)
        {
            List<string> ins = Inputs(node);
            if (index >= ins.Count) throw new ModelLoadException(_path, $"node '{node.GetProperty("name").GetString()}' lacks input {index}.");
            return Resolve(NodeOf(ins[index]));
        }

        private Val Runtime(JsonElement node, string name, int index = 0)
        {
            Val v = Input(node, index);
            if (v.IsConst) throw new ModelLoadException(_path, $"node '{name}' expects a computed input, got a constant (constant folding of this op is not supported).");
            return v;
        }

        private Val Const(JsonElement node, string name, int index)
        {
            Val v = Input(node, index);
            if (!v.IsConst) throw new ModelLoadException(_path, $"node '{name}' expects a constant as input {index}.");
            return v;
        }

        private int NewSlot() => _nextSlot++;

        private Val Emit(Step step)
        {
            // Shapes come from the file: refuse sizes a pooled buffer cannot hold before any Run.
            if (Tensor.ElementCount(step.OutShape) > MaxElements)
                throw new ModelLoadException(_path, $"node '{step.Name}' would produce [{string.Join(',', step.OutShape)}], more than {MaxElements} values.");
            _steps.Add(step);
            return new Val(step.Output, step.OutShape, null, null);
        }

        private Val Build(string name, JsonElement node)
        {
            string op = node.GetProperty("op").GetString()!;
            JsonElement attr = node.TryGetProperty("attr", out JsonElement a) ? a : default;
            switch (op)
            {
                case "Placeholder":
                {
                    if (_inputName != null) throw new ModelLoadException(_path, $"graph has more than one input ('{_inputName}', '{name}').");
                    _inputName = name;
                    _inputShape = Attr.Shape(attr, "shape").Select(d => d < 0 ? 1 : d).ToArray();
                    if (_inputShape.Length != 4) throw new ModelLoadException(_path, $"input '{name}' has rank {_inputShape.Length}; only NHWC images are supported.");
                    if (_inputShape[0] != 1 || _inputShape.Any(d => d == 0) || Tensor.ElementCount(_inputShape) > MaxElements)
                        throw new ModelLoadException(_path, $"input '{name}' has unsupported shape [{string.Join(',', _inputShape)}] (batch 1, at most {MaxElements} values).");
                    return new Val(0, _inputShape, null, null);
                }
                case "Const":
                    return ConstValue(name, attr);
                case "Identity":
                case "StopGradient":
                case "Snapshot":
                    return Input(node, 0);
                case "_FusedConv2D":
                case "Conv2D":
                    return BuildConv(name, node, attr, op == "_FusedConv2D");
                case "DepthwiseConv2dNative":
                case "_FusedDepthwiseConv2dNative":
                    return BuildDepthwise(name, node, attr, op != "DepthwiseConv2dNative");
                case "Add":
                case "AddV2":
                case "BiasAdd":
                    return BuildBinary(name, node, Elementwise.BinaryOp.Add);
                case "Sub":
                    return BuildBinary(name, node, Elementwise.BinaryOp.Sub);
                case "Mul":
                    return BuildBinary(name, node, Elementwise.BinaryOp.Mul);
                case "Relu":
                    return UnaryOf(name, node, UnaryKind.Relu);
                case "Sigmoid":
                    return UnaryOf(name, node, UnaryKind.Sigmoid);
                case "Softmax":
                    return UnaryOf(name, node, UnaryKind.Softmax);
                case "Prelu":
                {
                    Val x = Runtime(node, name);
                    float[] alpha = Const(node, name, 1).Floats(_path, name);
                    if (alpha.Length != 1 && alpha.Length != x.Shape[^1]) throw new ModelLoadException(_path, $"node '{name}': PReLU alpha has {alpha.Length} values for {x.Shape[^1]} channels.");
                    return Emit(new UnaryStep(name, UnaryKind.Prelu, x.Slot, NewSlot(), x.Shape, alpha));
                }
                case "MaxPool":
                case "AvgPool":
                    return BuildPool(name, node, attr, op == "MaxPool");
                case "Pad":
                case "PadV2":
                    return BuildPad(name, node, op == "PadV2");
                case "Reshape":
                    return BuildReshape(name, node);
                case "MatMul":
                case "_FusedMatMul":
                    return BuildMatMul(name, node, attr, op == "_FusedMatMul");
                default:
                    throw new ModelLoadException(_path, $"node '{name}' uses op '{op}', which this runtime does not implement.");
            }
        }

        private Val UnaryOf(string name, JsonElement node, UnaryKind kind)
        {
            Val x = Runtime(node, name);
            return Emit(new UnaryStep(name, kind, x.Slot, NewSlot(), x.Shape));
        }

        private Val ConstValue(string name, JsonElement attr)
        {
            if (_weights.TryGetValue(name, out WeightTensor? w))
                return new Val(-1, w.Shape, w.Floats, w.Ints);
            // Small constants may be inlined in the node instead of the weights file.
            if (attr.ValueKind == JsonValueKind.Object && attr.TryGetProperty("value", out JsonElement value) && value.TryGetProperty("tensor", out JsonElement tensor))
                return Attr.InlineTensor(tensor, _path, name);
            throw new ModelLoadException(_path, $"constant '{name}' has no entry in the weights manifest.");
        }

        private (int Out, int Pad) Window(bool same, int input, int k, int s, string name)
        {
            if (!same && input < k) throw new ModelLoadException(_path, $"node '{name}': window {k} larger than input {input}.");
            return Padding.Axis(same, input, k, s);
        }

        private bool IsSame(JsonElement attr, string name)
        {
            string padding = Attr.String(attr, "padding") ?? "VALID";
            return padding switch
            {
                "SAME" => true,
                "VALID" => false,
                _ => throw new ModelLoadException(_path, $"node '{name}' uses padding '{padding}'; only SAME and VALID are supported."),
            };
        }

        private (int Sh, int Sw) Strides(JsonElement attr, string name)
        {
            int[] s = Attr.Ints(attr, "strides") ?? [1, 1, 1, 1];
            int[] d = Attr.Ints(attr, "dilations") ?? [1, 1, 1, 1];
            if (s.Length != 4 || s[0] != 1 || s[3] != 1 || s[1] < 1 || s[2] < 1) throw new ModelLoadException(_path, $"node '{name}' has unsupported strides.");
            if (d.Any(x => x != 1)) throw new ModelLoadException(_path, $"node '{name}' uses dilation, which is not supported.");
            string? format = Attr.String(attr, "data_format");
            if (format != null && format != "NHWC") throw new ModelLoadException(_path, $"node '{name}' uses data format {format}; only NHWC is supported.");
            return (s[1], s[2]);
        }

        private (Activation Act, float[]? Bias, float[]? Alpha) FusedOps(JsonElement node, JsonElement attr, string name, int firstArg, int channels)
        {
            string[] ops = Attr.Strings(attr, "fused_ops") ?? [];
            float[]? bias = null, alpha = null;
            var act = Activation.None;
            int arg = firstArg;
            foreach (string f in ops)
            {
                switch (f)
                {
                    case "BiasAdd":
                        bias = Const(node, name, arg++).Floats(_path, name);
                        if (bias.Length != channels) throw new ModelLoadException(_path, $"node '{name}': bias has {bias.Length} values for {channels} channels.");
                        break;
                    case "Relu":
                        act = Activation.Relu;
                        break;
                    case "Prelu":
                        act = Activation.Prelu;
                        alpha = Const(node, name, arg++).Floats(_path, name);
                        if (alpha.Length == 1) alpha = Enumerable.Repeat(alpha[0], channels).ToArray();
                        if (alpha.Length != channels) throw new ModelLoadException(_path, $"node '{name}': PReLU alpha has {alpha.Length} values for {channels} channels.");
                        break;
                    default:
                        throw new ModelLoadException(_path, $"node '{name}' fuses '{f}', which is not supported.");
                }
            }
            return (act, bias, alpha);
        }

        private Val BuildConv(string name, JsonElement node, JsonElement attr, bool fused)
        {
            Val x = Runtime(node, name);
            Val f = Const(node, name, 1);
            float[] filter = f.Floats(_path, name);
            if (x.Shape.Length != 4 || f.Shape.Length != 4 || f.Shape[2] != x.Shape[3])
                throw new ModelLoadException(_path, $"node '{name}': filter [{string.Join(',', f.Shape)}] does not fit input [{string.Join(',', x.Shape)}].");
            (int sh, int sw) = Strides(attr, name);
            bool same = IsSame(attr, name);
            int kh = f.Shape[0], kw = f.Shape[1], cin = f.Shape[2], cout = f.Shape[3];
            var (act, bias, alpha) = fused ? FusedOps(node, attr, name, 2, cout) : (Activation.None, null, null);
            (int oh, int pt) = Window(same, x.Shape[1], kh, sh, name);
            (int ow, int pl) = Window(same, x.Shape[2], kw, sw, name);
            var conv = new Conv2D(filter, kh, kw, cin, cout, bias, sh, sw, act, alpha);
            return Emit(new ConvStep(name, x.Slot, NewSlot(), x.Shape, [1, oh, ow, cout], conv, pt, pl));
        }

        private Val BuildDepthwise(string name, JsonElement node, JsonElement attr, bool fused)
        {
            Val x = Runtime(node, name);
            Val f = Const(node, name, 1);
            if (x.Shape.Length != 4 || f.Shape.Length != 4 || f.Shape[2] != x.Shape[3])
                throw new ModelLoadException(_path, $"node '{name}': filter [{string.Join(',', f.Shape)}] does not fit input [{string.Join(',', x.Shape)}].");
            if (f.Shape[3] != 1) throw new ModelLoadException(_path, $"node '{name}': depthwise channel multiplier {f.Shape[3]} is not supported (only 1).");
            (int sh, int sw) = Strides(attr, name);
            bool same = IsSame(attr, name);
            int kh = f.Shape[0], kw = f.Shape[1], c = f.Shape[2];
            var (act, bias, _) = fused ? FusedOps(node, attr, name, 2, c) : (Activation.None, null, null);
            if (act == Activation.Prelu) throw new ModelLoadException(_path, $"node '{name}': PReLU after depthwise is not supported.");
            (int oh, int pt) = Window(same, x.Shape[1], kh, sh, name);
            (int ow, int pl) = Window(same, x.Shape[2], kw, sw, name);
            var dw = new DepthwiseConv2D(f.Floats(_path, name), kh, kw, c, sh, sw, bias, act);
            return Emit(new DepthwiseStep(name, x.Slot, NewSlot(), x.Shape, [1, oh, ow, c], dw, pt, pl));
        }

        private Val BuildPool(string name, JsonElement node, JsonElement attr, bool max)
        {
            Val x = Runtime(node, name);
            int[] k = Attr.Ints(attr, "ksize") ?? throw new ModelLoadException(_path, $"node '{name}' has no ksize.");
            if (k.Length != 4 || k[0] != 1 || k[3] != 1 || x.Shape.Length != 4) throw new ModelLoadException(_path, $"node '{name}': unsupported pooling window.");
            (int sh, int sw) = Strides(attr, name);
            bool same = IsSame(attr, name);
            (int oh, int pt) = Window(same, x.Shape[1], k[1], sh, name);
            (int ow, int pl) = Window(same, x.Shape[2], k[2], sw, name);
            return Emit(new PoolStep(name, x.Slot, NewSlot(), x.Shape, [1, oh, ow, x.Shape[3]], max, k[1], k[2], sh, sw, pt, pl));
        }

        private Val BuildBinary(string name, JsonElement node, Elementwise.BinaryOp op)
        {
            Val a = Input(node, 0), b = Input(node, 1);
            if (a.IsConst && b.IsConst)
                throw new ModelLoadException(_path, $"node '{name}': both operands constant (not folded by the converter).");
            if (!a.IsConst && !b.IsConst)
            {
                if (!a.Shape.AsSpan().SequenceEqual(b.Shape))
                    throw new ModelLoadException(_path, $"node '{name}': operand shapes [{string.Join(',', a.Shape)}] and [{string.Join(',', b.Shape)}] differ (only channel broadcast of constants is supported).");
                return Emit(new BinaryStep(name, op, a.Slot, b.Slot, NewSlot(), a.Shape));
            }
            bool constLeft = a.IsConst;
            Val x = constLeft ? b : a, c = constLeft ? a : b;
            float[] cv = c.Floats(_path, name);
            if (cv.Length != 1 && cv.Length != x.Shape[^1])
                throw new ModelLoadException(_path, $"node '{name}': constant of {cv.Length} values does not broadcast over [{string.Join(',', x.Shape)}].");
            return Emit(new BinaryStep(name, op, x.Slot, cv, constLeft, NewSlot(), x.Shape));
        }

        private Val BuildPad(string name, JsonElement node, bool v2)
        {
            Val x = Runtime(node, name);
            int[] p = Const(node, name, 1).Ints(_path, name);
            if (v2)
            {
                float[] cv = Const(node, name, 2).Floats(_path, name);
                if (cv.Length != 1 || cv[0] != 0f) throw new ModelLoadException(_path, $"node '{name}': only zero padding is supported.");
            }
            if (x.Shape.Length != 4 || p.Length != 8 || p[0] != 0 || p[1] != 0 || p.Any(v => v < 0))
                throw new ModelLoadException(_path, $"node '{name}': unsupported paddings.");
            int[] outShape = [1, x.Shape[1] + p[2] + p[3], x.Shape[2] + p[4] + p[5], x.Shape[3] + p[6] + p[7]];
            return Emit(new PadStep(name, x.Slot, NewSlot(), x.Shape, outShape, [0, p[2], p[4], p[6]]));
        }

        private Val BuildReshape(string name, JsonElement node)
        {
            Val x = Input(node, 0);
            int[] spec = Const(node, name, 1).Ints(_path, name);
            long total = Tensor.ElementCount(x.Shape);
            int[] shape = (int[])spec.Clone();
            int unknown = Array.IndexOf(shape, -1);
            long known = 1;
            for (int i = 0; i < shape.Length; i++)
                if (i != unknown)
                {
                    if (shape[i] < 0) throw new ModelLoadException(_path, $"node '{name}': invalid reshape target.");
                    known *= shape[i];
                }
            if (unknown >= 0)
            {
                if (known == 0 || total % known != 0) throw new ModelLoadException(_path, $"node '{name}': cannot reshape {total} values.");
                shape[unknown] = (int)(total / known);
            }
            if (Tensor.ElementCount(shape) != total) throw new ModelLoadException(_path, $"node '{name}': reshape to [{string.Join(',', spec)}] changes the element count.");
            if (x.IsConst) return new Val(-1, shape, x.F, x.I);
            return Emit(new UnaryStep(name, UnaryKind.Copy, x.Slot, NewSlot(), shape));
        }

        private Val BuildMatMul(string name, JsonElement node, JsonElement attr, bool fused)
        {
            Val x = Runtime(node, name);
            Val w = Const(node, name, 1);
            if (Attr.Bool(attr, "transpose_a")) throw new ModelLoadException(_path, $"node '{name}': transpose_a is not supported.");
            if (w.Shape.Length != 2 || x.Shape.Length != 2) throw new ModelLoadException(_path, $"node '{name}': MatMul needs 2-D operands.");
            float[] wv = w.Floats(_path, name);
            int k = w.Shape[0], n = w.Shape[1];
            if (Attr.Bool(attr, "transpose_b"))
            {
                (k, n) = (n, k);
                var t = new float[wv.Length];
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < k; j++) t[j * n + i] = wv[i * k + j];
                wv = t;
            }
            if (x.Shape[1] != k) throw new ModelLoadException(_path, $"node '{name}': [{string.Join(',', x.Shape)}] × [{k},{n}] do not fit.");
            var (act, bias, _) = fused ? FusedOps(node, attr, name, 2, n) : (Activation.None, null, null);
            if (act == Activation.Prelu) throw new ModelLoadException(_path, $"node '{name}': PReLU after MatMul is not supported.");
            return Emit(new MatMulStep(name, x.Slot, NewSlot(), [x.Shape[0], n], wv, k, n, bias, act == Activation.Relu));
        }
    }
}

/// <summary>A resolved graph value: a runtime slot, or a constant.</summary>
internal sealed class Val(int slot, int[] shape, float[]? floats, int[]? ints)
{
    public int Slot { get; } = slot;
    public int[] Shape { get; } = shape;
    public float[]? F { get; } = floats;
    public int[]? I { get; } = ints;
    public bool IsConst => Slot < 0;

    public float[] Floats(string path, string node) =>
        F ?? (I != null ? Array.ConvertAll(I, v => (float)v) : throw new ModelLoadException(path, $"node '{node}' needs a float constant."));

    public int[] Ints(string path, string node) =>
        I ?? throw new ModelLoadException(path, $"node '{node}' needs an int32 constant.");
}

/// <summary>Readers for the TF.js attr encoding (numbers as strings, strings base64).</summary>
internal static class Attr
{
    public static bool TryGet(JsonElement attr, string key, out JsonElement value)
    {
        value = default;
        return attr.ValueKind == JsonValueKind.Object && attr.TryGetProperty(key, out value);
    }

    public static string? String(JsonElement attr, string key) =>
        TryGet(attr, key, out JsonElement v) && v.TryGetProperty("s", out JsonElement s) ? Encoding.UTF8.GetString(Convert.FromBase64String(s.GetString()!)) : null;

    public static bool Bool(JsonElement attr, string key) =>
        TryGet(attr, key, out JsonElement v) && v.TryGetProperty("b", out JsonElement b) && b.GetBoolean();

    public static int[]? Ints(JsonElement attr, string key)
    {
        if (!TryGet(attr, key, out JsonElement v) || !v.TryGetProperty("list", out JsonElement list)) return null;
        if (!list.TryGetProperty("i", out JsonElement i)) return [];
        return i.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? int.Parse(e.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : e.GetInt32()).ToArray();
    }

    public static string[]? Strings(JsonElement attr, string key)
    {
        if (!TryGet(attr, key, out JsonElement v) || !v.TryGetProperty("list", out JsonElement list)) return null;
        if (!list.TryGetProperty("s", out JsonElement s)) return [];
        return s.EnumerateArray().Select(e => Encoding.UTF8.GetString(Convert.FromBase64String(e.GetString()!))).ToArray();
    }

    public static int[] Shape(JsonElement attr, string key)
    {
        if (!TryGet(attr, key, out JsonElement v) || !v.TryGetProperty("shape", out JsonElement shape) || !shape.TryGetProperty("dim", out JsonElement dims))
            return [];
        return dims.EnumerateArray().Select(d => d.TryGetProperty("size", out JsonElement s)
            ? (s.ValueKind == JsonValueKind.String ? int.Parse(s.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : s.GetInt32())
            : 1).ToArray();
    }

    public static Val InlineTensor(JsonElement tensor, string path, string name)
    {
        string dtype = tensor.TryGetProperty("dtype", out JsonElement dt) ? dt.GetString()! : "DT_FLOAT";
        int[] shape = [];
        if (tensor.TryGetProperty("tensorShape", out JsonElement ts) && ts.TryGetProperty("dim", out JsonElement dims))
            shape = dims.EnumerateArray().Select(d => d.TryGetProperty("size", out JsonElement s) ? int.Parse(s.ToString(), System.Globalization.CultureInfo.InvariantCulture) : 1).ToArray();
        int n = (int)Tensor.ElementCount(shape);
        if (dtype == "DT_INT32")
        {
            int[] values = new int[n];
            if (tensor.TryGetProperty("intVal", out JsonElement iv))
            {
                int[] given = iv.EnumerateArray().Select(e => int.Parse(e.ToString(), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                for (int i = 0; i < n; i++) values[i] = given.Length == 0 ? 0 : given[Math.Min(i, given.Length - 1)];
            }
            else if (tensor.TryGetProperty("tensorContent", out JsonElement tc))
            {
                byte[] bytes = Convert.FromBase64String(tc.GetString()!);
                if (bytes.Length != n * 4) throw new ModelLoadException(path, $"constant '{name}' has {bytes.Length} bytes for {n} values.");
                for (int i = 0; i < n; i++) values[i] = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4 * i));
            }
            return new Val(-1, shape, null, values);
        }
        if (dtype == "DT_FLOAT")
        {
            float[] values = new float[n];
            if (tensor.TryGetProperty("floatVal", out JsonElement fv))
            {
                float[] given = fv.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Number ? e.GetSingle() : float.Parse(e.GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                for (int i = 0; i < n; i++) values[i] = given.Length == 0 ? 0 : given[Math.Min(i, given.Length - 1)];
            }
            else if (tensor.TryGetProperty("tensorContent", out JsonElement tc))
            {
                byte[] bytes = Convert.FromBase64String(tc.GetString()!);
                if (bytes.Length != n * 4) throw new ModelLoadException(path, $"constant '{name}' has {bytes.Length} bytes for {n} values.");
                for (int i = 0; i < n; i++) values[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i));
            }
            return new Val(-1, shape, values, null);
        }
        throw new ModelLoadException(path, $"constant '{name}' has unsupported dtype {dtype}.");
    }
}
