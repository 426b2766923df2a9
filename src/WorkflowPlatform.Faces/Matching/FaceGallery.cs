using System.Collections.Concurrent;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace WorkflowPlatform.Faces.Matching;

/// <summary>One gallery search hit.</summary>
/// <param name="Id">The id the template was added under.</param>
/// <param name="Distance">Exact float Euclidean distance to the query.</param>
/// <param name="Similarity"><see cref="FaceMatcher.SimilarityFromDistance"/> of the distance.</param>
public readonly record struct GalleryHit(string Id, double Distance, double Similarity);

/// <summary>What a search did: templates scanned in int8, candidates re-ranked in float, parts scanned twice.</summary>
public readonly record struct GallerySearchInfo(int Scanned, int Reranked, int Rescans);

/// <summary>
/// A 1:N gallery of templates of one model (one per workspace, see <see cref="FaceGalleryRegistry"/>).
/// Search scans int8-quantised vectors with AVX2 on all cores, then re-ranks the candidates with the exact
/// float distance. A per-query error bound on the quantised distance certifies that the result is exactly
/// the brute-force float top-K; when it cannot be certified, the affected part is re-scanned in float.
/// Add, replace and remove work in place (no rebuild) and are safe with concurrent searches.
/// </summary>
public sealed class FaceGallery : IDisposable
{
    private const int SegmentBits = 12;
    private const int SegmentSize = 1 << SegmentBits;
    private const int ParallelThreshold = 32_768;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly List<Segment> _segments = [];
    private readonly Dictionary<string, int> _slots = new(StringComparer.Ordinal);
    private readonly int _dim;
    private int _count;
    private float _maxScale;
    private float _maxL1;

    /// <summary>Creates an empty gallery for templates of one model (default: the dlib 128-d model).</summary>
    public FaceGallery(string modelId = FaceTemplate.DlibModelId, int modelVersion = FaceTemplate.DlibModelVersion, int dimension = 128)
    {
        if (dimension <= 0 || dimension % 16 != 0) throw new ArgumentOutOfRangeException(nameof(dimension), "Dimension must be a positive multiple of 16.");
        ModelId = modelId;
        ModelVersion = modelVersion;
        _dim = dimension;
    }

    /// <summary>Model id every template must carry.</summary>
    public string ModelId { get; }

    /// <summary>Model version every template must carry.</summary>
    public int ModelVersion { get; }

    /// <summary>Number of templates.</summary>
    public int Count
    {
        get
        {
            _lock.EnterReadLock();
            try { return _count; }
            finally { _lock.ExitReadLock(); }
        }
    }

    /// <summary>True when a template is stored under <paramref name="id"/>.</summary>
    public bool Contains(string id)
    {
        _lock.EnterReadLock();
        try { return _slots.ContainsKey(id); }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>Adds a template, or replaces the one stored under the same id.</summary>
    public void Add(string id, FaceTemplate template)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        CheckCompatible(template);
        var v = template.Vector;
        var scale = Quantise(v, stackalloc sbyte[_dim]);
        _lock.EnterWriteLock();
        try
        {
            if (!_slots.TryGetValue(id, out var slot))
            {
                slot = _count;
                if ((slot >> SegmentBits) == _segments.Count) _segments.Add(new Segment(_dim));
                _count++;
                _slots[id] = slot;
            }
            var seg = _segments[slot >> SegmentBits];
            var o = slot & (SegmentSize - 1);
            v.CopyTo(seg.Vectors.AsSpan(o * _dim, _dim));
            var codes = seg.Codes.AsSpan(o * _dim, _dim);
            Quantise(v, codes);
            var codeSum = 0;
            foreach (var c in codes) codeSum += c;
            seg.CodeSums[o] = codeSum;
            seg.Scales[o] = scale;
            seg.Norms[o] = TensorPrimitives.Dot(v, v);
            seg.Ids[o] = id;
            _maxScale = Math.Max(_maxScale, scale);
            _maxL1 = Math.Max(_maxL1, TensorPrimitives.SumOfMagnitudes(v));
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>Removes the template stored under <paramref name="id"/>; false when there is none. The last slot moves into the hole.</summary>
    public bool Remove(string id)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_slots.Remove(id, out var slot)) return false;
            var last = _count - 1;
            if (slot != last)
            {
                Segment from = _segments[last >> SegmentBits], to = _segments[slot >> SegmentBits];
                int fo = last & (SegmentSize - 1), to_ = slot & (SegmentSize - 1);
                from.Vectors.AsSpan(fo * _dim, _dim).CopyTo(to.Vectors.AsSpan(to_ * _dim, _dim));
                from.Codes.AsSpan(fo * _dim, _dim).CopyTo(to.Codes.AsSpan(to_ * _dim, _dim));
                to.Scales[to_] = from.Scales[fo];
                to.CodeSums[to_] = from.CodeSums[fo];
                to.Norms[to_] = from.Norms[fo];
                to.Ids[to_] = from.Ids[fo];
                _slots[to.Ids[to_]] = slot;
            }
            var ls = _segments[last >> SegmentBits];
            ls.Ids[last & (SegmentSize - 1)] = null!;
            _count--;
            if (_count <= (_segments.Count - 1) << SegmentBits && _segments.Count > 0) _segments.RemoveAt(_segments.Count - 1);
            return true;
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>
    /// The <paramref name="k"/> nearest templates with distance ≤ <paramref name="maxDistance"/> (default 0.6;
    /// <see cref="double.PositiveInfinity"/> for a plain top-K), nearest first. Exactly the brute-force float result.
    /// </summary>
    public IReadOnlyList<GalleryHit> Search(FaceTemplate query, int k = 50, double maxDistance = FaceMatcher.DefaultThreshold) =>
        Search(query, k, maxDistance, out _);

    /// <inheritdoc cref="Search(FaceTemplate, int, double)"/>
    public IReadOnlyList<GalleryHit> Search(FaceTemplate query, int k, double maxDistance, out GallerySearchInfo info)
    {
        info = default;
        CheckCompatible(query);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (double.IsNaN(maxDistance) || maxDistance < 0) throw new ArgumentOutOfRangeException(nameof(maxDistance));
        var q = query.Vector;
        // The query is quantised to [−63, 63] and offset by 64 to unsigned bytes, so one vpmaddubsw multiplies
        // 32 pairs without saturation (2·127·127 < 32767); Σ(q+64)·x − 64·Σx recovers Σq·x.
        var qMax = Math.Abs(TensorPrimitives.MaxMagnitude(q));
        var qScale = qMax > 0 ? qMax / 63f : 1f;
        var qWide = new byte[_dim];
        for (var i = 0; i < _dim; i++) qWide[i] = (byte)(Math.Clamp(MathF.Round(q[i] / qScale), -63, 63) + 64);
        var qNorm = TensorPrimitives.Dot(q, q);
        var qL1 = TensorPrimitives.SumOfMagnitudes(q);

        _lock.EnterReadLock();
        try
        {
            if (_count == 0) return [];
            // |approx − exact| of the squared distance ≤ 2·(‖q‖₁·s_x/2 + ‖x‖₁·s_q/2 + D·s_q·s_x/4) with gallery maxima.
            var err = 2.0 * (qL1 * _maxScale / 2 + _maxL1 * qScale / 2 + _dim * qScale * _maxScale / 4) * 1.0001 + 1e-6;
            var thr2 = double.IsPositiveInfinity(maxDistance) ? double.PositiveInfinity : maxDistance * maxDistance;
            var cut = thr2 + err;
            var capacity = k * 2 + 32;
            var parts = _count >= ParallelThreshold ? Math.Max(1, Environment.ProcessorCount) : 1;
            var results = new PartResult[parts];
            var ctx = new ScanContext(this, qWide, qScale, qNorm, cut, capacity);
            if (parts == 1) results[0] = Scan(ctx, 0, _count);
            else
            {
                var per = (_count + parts - 1) / parts;
                Parallel.For(0, parts, p => results[p] = Scan(ctx, p * per, Math.Min(_count, (p + 1) * per)));
            }

            var all = new List<(float Approx, int Slot)>();
            foreach (var r in results) all.AddRange(r.Items);
            all.Sort((a, b) => a.Approx.CompareTo(b.Approx));
            var ak = all.Count >= k ? all[k - 1].Approx : double.PositiveInfinity;
            var bound = Math.Min(cut, ak + 2 * err);
            var exact = new List<(double D2, int Slot)>();
            var rescans = 0;
            var per2 = parts == 1 ? _count : (_count + parts - 1) / parts;
            for (var p = 0; p < parts; p++)
            {
                // A part that dropped candidates which might still be in the top-K (dropped ≥ HeapMax ≤ bound)
                // is not certified: scan it again in int8, this time keeping every candidate up to the bound.
                if (results[p].Dropped && results[p].HeapMax <= bound)
                {
                    int from = p * per2, to = Math.Min(_count, (p + 1) * per2);
                    var all2 = Scan(ctx with { Cut = bound, Capacity = int.MaxValue }, from, to);
                    foreach (var (approx, slot) in all2.Items) exact.Add((ExactDistance2(q, slot), slot));
                    rescans++;
                    continue;
                }
                foreach (var (approx, slot) in results[p].Items)
                    if (approx <= bound) exact.Add((ExactDistance2(q, slot), slot));
            }
            info = new GallerySearchInfo(_count, exact.Count, rescans);
            exact.Sort((a, b) => a.D2 != b.D2 ? a.D2.CompareTo(b.D2) : a.Slot.CompareTo(b.Slot));
            var hits = new List<GalleryHit>(Math.Min(k, exact.Count));
            foreach (var (d2, slot) in exact)
            {
                if (hits.Count == k || d2 > thr2) break;
                var d = Math.Sqrt(Math.Max(0, d2));
                hits.Add(new GalleryHit(IdAt(slot), d, FaceMatcher.SimilarityFromDistance(d)));
            }
            return hits;
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>Reference brute-force float search (for tests and verification), same contract as <see cref="Search"/>.</summary>
    public IReadOnlyList<GalleryHit> SearchExact(FaceTemplate query, int k = 50, double maxDistance = FaceMatcher.DefaultThreshold)
    {
        CheckCompatible(query);
        _lock.EnterReadLock();
        try
        {
            var all = new List<(double D2, int Slot)>(_count);
            for (var s = 0; s < _count; s++) all.Add((ExactDistance2(query.Vector, s), s));
            all.Sort((a, b) => a.D2 != b.D2 ? a.D2.CompareTo(b.D2) : a.Slot.CompareTo(b.Slot));
            var hits = new List<GalleryHit>();
            foreach (var (d2, slot) in all)
            {
                var d = Math.Sqrt(d2);
                if (hits.Count == k || d > maxDistance) break;
                hits.Add(new GalleryHit(IdAt(slot), d, FaceMatcher.SimilarityFromDistance(d)));
            }
            return hits;
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <inheritdoc />
    public void Dispose() => _lock.Dispose();

    private string IdAt(int slot) => _segments[slot >> SegmentBits].Ids[slot & (SegmentSize - 1)];

    private double ExactDistance2(ReadOnlySpan<float> q, int slot)
    {
        var seg = _segments[slot >> SegmentBits];
        var d = TensorPrimitives.Distance(q, seg.Vectors.AsSpan((slot & (SegmentSize - 1)) * _dim, _dim));
        return (double)d * d;
    }

    private void CheckCompatible(FaceTemplate t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.ModelId != ModelId || t.ModelVersion != ModelVersion || t.Dimension != _dim)
            throw new FaceTemplateMismatchException($"Gallery holds {ModelId} v{ModelVersion} ({_dim}-d) templates, got {t.ModelId} v{t.ModelVersion} ({t.Dimension}-d).");
    }

    private static float Quantise(ReadOnlySpan<float> v, Span<sbyte> codes)
    {
        // MaxMagnitude returns the signed element, so take its absolute value before testing it.
        var max = Math.Abs(TensorPrimitives.MaxMagnitude(v));
        var scale = max > 0 ? max / 127f : 1f;
        for (var i = 0; i < v.Length; i++) codes[i] = (sbyte)Math.Clamp(MathF.Round(v[i] / scale), -127, 127);
        return scale;
    }

    private sealed record ScanContext(FaceGallery Gallery, byte[] Query, float QueryScale, float QueryNorm, double Cut, int Capacity);

    private sealed class PartResult
    {
        public required List<(float Approx, int Slot)> Items { get; init; }
        public bool Dropped { get; init; }
        public float HeapMax { get; init; }
    }

    private static PartResult Scan(ScanContext c, int from, int to)
    {
        var g = c.Gallery;
        var dim = g._dim;
        var heap = new MaxHeap(c.Capacity);
        var dropped = false;
        var cut = (float)Math.Min(c.Cut, float.MaxValue);
        ref var q0 = ref MemoryMarshal.GetArrayDataReference(c.Query);
        Span<int> dots = stackalloc int[4];
        var s = from;
        while (s < to)
        {
            var seg = g._segments[s >> SegmentBits];
            var o = s & (SegmentSize - 1);
            var end = Math.Min(to - s + o, SegmentSize);
            ref var codes = ref MemoryMarshal.GetArrayDataReference(seg.Codes);
            var i = o;
            for (; i < end; i += 4)
            {
                var n = Math.Min(4, end - i);
                if (n == 4) DotU8I8x4(ref q0, ref Unsafe.Add(ref codes, i * dim), dim, dots);
                else
                    for (var t = 0; t < n; t++) dots[t] = DotU8I8(ref q0, ref Unsafe.Add(ref codes, (i + t) * dim), dim);
                for (var t = 0; t < n; t++)
                {
                    var slot = i + t;
                    var dot = dots[t] - 64 * seg.CodeSums[slot];
                    var approx = c.QueryNorm + seg.Norms[slot] - 2f * c.QueryScale * seg.Scales[slot] * dot;
                    if (approx > cut) continue;
                    if (heap.Count < heap.Capacity) heap.Push(approx, (s - o) + slot);
                    else
                    {
                        dropped = true;
                        if (approx < heap.Max) heap.ReplaceMax(approx, (s - o) + slot);
                    }
                }
            }
            s += end - o;
        }
        return new PartResult { Items = heap.ToList(), Dropped = dropped, HeapMax = heap.Count > 0 ? heap.Max : float.NegativeInfinity };
    }

    /// <summary>Σ q[j]·x[j] with q unsigned (offset) bytes and x signed codes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DotU8I8(ref byte q, ref sbyte x, int dim)
    {
        if (AvxVnni.IsSupported)
        {
            var acc = Vector256<int>.Zero;
            for (var j = 0; j < dim; j += 32)
                acc = AvxVnni.MultiplyWideningAndAdd(acc, Vector256.LoadUnsafe(ref q, (nuint)j), Vector256.LoadUnsafe(ref x, (nuint)j));
            return Vector256.Sum(acc);
        }
        if (Avx2.IsSupported)
        {
            var ones = Vector256.Create((short)1);
            var acc = Vector256<int>.Zero;
            for (var j = 0; j < dim; j += 32)
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref q, (nuint)j), Vector256.LoadUnsafe(ref x, (nuint)j)), ones));
            return Vector256.Sum(acc);
        }
        var sum = 0;
        for (var j = 0; j < dim; j++) sum += Unsafe.Add(ref q, j) * Unsafe.Add(ref x, j);
        return sum;
    }

    /// <summary>Four consecutive templates at once; the horizontal sums share one hadd tree.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DotU8I8x4(ref byte q, ref sbyte x, int dim, Span<int> result)
    {
        if (!Avx2.IsSupported)
        {
            for (var t = 0; t < 4; t++) result[t] = DotU8I8(ref q, ref Unsafe.Add(ref x, t * dim), dim);
            return;
        }
        var ones = Vector256.Create((short)1);
        Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
        ref var x1 = ref Unsafe.Add(ref x, dim);
        ref var x2 = ref Unsafe.Add(ref x, 2 * dim);
        ref var x3 = ref Unsafe.Add(ref x, 3 * dim);
        if (AvxVnni.IsSupported)
        {
            // vpdpbusd: u8·s8 in groups of 4 straight into int32, no intermediate saturation.
            for (var j = 0; j < dim; j += 32)
            {
                var qv = Vector256.LoadUnsafe(ref q, (nuint)j);
                a0 = AvxVnni.MultiplyWideningAndAdd(a0, qv, Vector256.LoadUnsafe(ref x, (nuint)j));
                a1 = AvxVnni.MultiplyWideningAndAdd(a1, qv, Vector256.LoadUnsafe(ref x1, (nuint)j));
                a2 = AvxVnni.MultiplyWideningAndAdd(a2, qv, Vector256.LoadUnsafe(ref x2, (nuint)j));
                a3 = AvxVnni.MultiplyWideningAndAdd(a3, qv, Vector256.LoadUnsafe(ref x3, (nuint)j));
            }
        }
        else
        {
            for (var j = 0; j < dim; j += 32)
            {
                var qv = Vector256.LoadUnsafe(ref q, (nuint)j);
                a0 = Avx2.Add(a0, Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(qv, Vector256.LoadUnsafe(ref x, (nuint)j)), ones));
                a1 = Avx2.Add(a1, Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(qv, Vector256.LoadUnsafe(ref x1, (nuint)j)), ones));
                a2 = Avx2.Add(a2, Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(qv, Vector256.LoadUnsafe(ref x2, (nuint)j)), ones));
                a3 = Avx2.Add(a3, Avx2.MultiplyAddAdjacent(Avx2.MultiplyAddAdjacent(qv, Vector256.LoadUnsafe(ref x3, (nuint)j)), ones));
            }
        }
        var h = Avx2.HorizontalAdd(Avx2.HorizontalAdd(a0, a1), Avx2.HorizontalAdd(a2, a3));
        var sum = Sse2.Add(h.GetLower(), h.GetUpper());
        result[0] = sum.GetElement(0);
        result[1] = sum.GetElement(1);
        result[2] = sum.GetElement(2);
        result[3] = sum.GetElement(3);
    }

    private sealed class Segment(int dim)
    {
        public readonly sbyte[] Codes = new sbyte[SegmentSize * dim];
        public readonly float[] Vectors = new float[SegmentSize * dim];
        public readonly float[] Scales = new float[SegmentSize];
        public readonly int[] CodeSums = new int[SegmentSize];
        public readonly float[] Norms = new float[SegmentSize];
        public readonly string[] Ids = new string[SegmentSize];
    }

    private sealed class MaxHeap(int capacity)
    {
        private float[] _keys = new float[Math.Min(capacity, 256)];
        private int[] _values = new int[Math.Min(capacity, 256)];
        public int Count { get; private set; }
        public int Capacity => capacity;
        public float Max => _keys[0];

        public void Push(float key, int value)
        {
            if (Count == _keys.Length)
            {
                Array.Resize(ref _keys, (int)Math.Min(capacity, 2L * _keys.Length));
                Array.Resize(ref _values, _keys.Length);
            }
            var i = Count++;
            while (i > 0)
            {
                var p = (i - 1) / 2;
                if (_keys[p] >= key) break;
                _keys[i] = _keys[p]; _values[i] = _values[p]; i = p;
            }
            _keys[i] = key; _values[i] = value;
        }

        public void ReplaceMax(float key, int value)
        {
            var i = 0;
            while (true)
            {
                var l = 2 * i + 1;
                if (l >= Count) break;
                var r = l + 1;
                var c = r < Count && _keys[r] > _keys[l] ? r : l;
                if (_keys[c] <= key) break;
                _keys[i] = _keys[c]; _values[i] = _values[c]; i = c;
            }
            _keys[i] = key; _values[i] = value;
        }

        public List<(float, int)> ToList()
        {
            var list = new List<(float, int)>(Count);
            for (var i = 0; i < Count; i++) list.Add((_keys[i], _values[i]));
            return list;
        }
    }
}

/// <summary>One <see cref="FaceGallery"/> per workspace, created on first use.</summary>
public sealed class FaceGalleryRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, FaceGallery> _galleries = new(StringComparer.Ordinal);

    /// <summary>The workspace's gallery (dlib 128-d templates).</summary>
    public FaceGallery For(string workspaceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspaceId);
        return _galleries.GetOrAdd(workspaceId, static _ => new FaceGallery());
    }

    /// <summary>Drops a workspace's gallery (e.g. when the workspace is deleted).</summary>
    public bool Remove(string workspaceId)
    {
        if (!_galleries.TryRemove(workspaceId, out var g)) return false;
        g.Dispose();
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var g in _galleries.Values) g.Dispose();
        _galleries.Clear();
    }
}
