using System.Buffers.Binary;
using System.Text;
using Google.Protobuf;

namespace PianoTranscription.Inference.Onnx;

/// <summary>
/// Hand-written decoder for the subset of <c>onnx.proto</c> the engine needs, on top of Google.Protobuf's
/// <see cref="CodedInputStream"/>. Unknown fields are skipped. Every length is checked against the bytes that are
/// really there before anything is allocated, and nesting is fixed (model → graph → node → attribute → tensor), so a
/// hostile file cannot cause a huge allocation, deep recursion or a hang.
/// </summary>
internal static class OnnxProtoReader
{
    /// <summary>The largest tensor the loader accepts, in elements (1 GiB of float32).</summary>
    public const long MaxTensorElements = 1L << 28;

    /// <summary>The largest rank the loader accepts.</summary>
    public const int MaxRank = 16;

    private const int WireVarint = 0;
    private const int WireFixed64 = 1;
    private const int WireLengthDelimited = 2;
    private const int WireFixed32 = 5;

    public static OnnxModelProto ReadModel(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (buffer.Length == 0)
        {
            throw new ModelFormatException("The model file is empty.");
        }

        try
        {
            var model = new OnnxModelProto();
            var r = new Cursor(buffer, 0, buffer.Length, "ModelProto");
            while (r.Next(out int field, out int wire))
            {
                switch (field)
                {
                    case 1 when wire == WireVarint: model.IrVersion = r.Input.ReadInt64(); break;
                    case 2 when wire == WireLengthDelimited: model.ProducerName = r.ReadString(); break;
                    case 3 when wire == WireLengthDelimited: model.ProducerVersion = r.ReadString(); break;
                    case 4 when wire == WireLengthDelimited: model.Domain = r.ReadString(); break;
                    case 5 when wire == WireVarint: model.ModelVersion = r.Input.ReadInt64(); break;
                    case 6 when wire == WireLengthDelimited: model.DocString = r.ReadString(); break;
                    case 7 when wire == WireLengthDelimited:
                        {
                            var (o, l) = r.ReadSpan();
                            model.Graph = ReadGraph(buffer, o, l);
                            break;
                        }

                    case 8 when wire == WireLengthDelimited:
                        {
                            var (o, l) = r.ReadSpan();
                            var (domain, version) = ReadOpset(buffer, o, l);
                            model.Opsets[domain] = version;
                            break;
                        }

                    case 14 when wire == WireLengthDelimited:
                        {
                            var (o, l) = r.ReadSpan();
                            var (k, v) = ReadStringPair(buffer, o, l);
                            model.Metadata[k] = v;
                            break;
                        }

                    case 20 when wire == WireLengthDelimited:
                        r.ReadSpan(); // training_info: irrelevant for inference
                        break;
                    case 25 when wire == WireLengthDelimited:
                        throw new ModelFormatException("The model defines local functions (ModelProto.functions), which are not supported.");
                    default: r.Skip(wire); break;
                }
            }

            if (model.Graph is null)
            {
                throw new ModelFormatException("The file is not an ONNX model: it has no graph (the data may be truncated, or not ONNX at all).");
            }

            return model;
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new ModelFormatException($"The model file is not valid protobuf (truncated or corrupt): {ex.Message}", ex);
        }
    }

    private static (string Domain, long Version) ReadOpset(byte[] b, int off, int len)
    {
        string domain = "";
        long version = 0;
        var r = new Cursor(b, off, len, "OperatorSetIdProto");
        while (r.Next(out int field, out int wire))
        {
            if (field == 1 && wire == WireLengthDelimited) domain = r.ReadString();
            else if (field == 2 && wire == WireVarint) version = r.Input.ReadInt64();
            else r.Skip(wire);
        }

        return (domain, version);
    }

    private static (string Key, string Value) ReadStringPair(byte[] b, int off, int len)
    {
        string key = "", value = "";
        var r = new Cursor(b, off, len, "StringStringEntryProto");
        while (r.Next(out int field, out int wire))
        {
            if (field == 1 && wire == WireLengthDelimited) key = r.ReadString();
            else if (field == 2 && wire == WireLengthDelimited) value = r.ReadString();
            else r.Skip(wire);
        }

        return (key, value);
    }

    private static OnnxGraph ReadGraph(byte[] b, int off, int len)
    {
        var g = new OnnxGraph();
        var r = new Cursor(b, off, len, "GraphProto");
        while (r.Next(out int field, out int wire))
        {
            if (wire != WireLengthDelimited)
            {
                r.Skip(wire);
                continue;
            }

            switch (field)
            {
                case 1: { var (o, l) = r.ReadSpan(); g.Nodes.Add(ReadNode(b, o, l)); break; }
                case 2: g.Name = r.ReadString(); break;
                case 5: { var (o, l) = r.ReadSpan(); g.Initializers.Add(ReadTensor(b, o, l)); break; }
                case 11: { var (o, l) = r.ReadSpan(); g.Inputs.Add(ReadValueInfo(b, o, l)); break; }
                case 12: { var (o, l) = r.ReadSpan(); g.Outputs.Add(ReadValueInfo(b, o, l)); break; }
                case 13: { var (o, l) = r.ReadSpan(); g.ValueInfo.Add(ReadValueInfo(b, o, l)); break; }
                case 15: throw new ModelFormatException("The graph has sparse initializers, which are not supported.");
                default: r.Skip(wire); break;
            }
        }

        return g;
    }

    private static OnnxNode ReadNode(byte[] b, int off, int len)
    {
        var n = new OnnxNode();
        var r = new Cursor(b, off, len, "NodeProto");
        while (r.Next(out int field, out int wire))
        {
            if (wire != WireLengthDelimited)
            {
                r.Skip(wire);
                continue;
            }

            switch (field)
            {
                case 1: n.Inputs.Add(r.ReadString()); break;
                case 2: n.Outputs.Add(r.ReadString()); break;
                case 3: n.Name = r.ReadString(); break;
                case 4: n.OpType = r.ReadString(); break;
                case 7: n.Domain = r.ReadString(); break;
                case 5:
                    {
                        var (o, l) = r.ReadSpan();
                        var a = ReadAttribute(b, o, l);
                        n.Attributes[a.Name] = a;
                        break;
                    }

                default: r.Skip(wire); break;
            }
        }

        return n;
    }

    private static OnnxAttribute ReadAttribute(byte[] b, int off, int len)
    {
        var a = new OnnxAttribute();
        var floats = new List<float>();
        var ints = new List<long>();
        var r = new Cursor(b, off, len, "AttributeProto");
        while (r.Next(out int field, out int wire))
        {
            switch (field)
            {
                case 1 when wire == WireLengthDelimited: a.Name = r.ReadString(); break;
                case 20 when wire == WireVarint: a.Type = (OnnxAttributeType)r.Input.ReadInt32(); break;
                case 2 when wire == WireFixed32: a.F = r.Input.ReadFloat(); break;
                case 3 when wire == WireVarint: a.I = r.Input.ReadInt64(); break;
                case 4 when wire == WireLengthDelimited: a.S = Encoding.UTF8.GetString(r.ReadBytesSpan()); break;
                case 5 when wire == WireLengthDelimited: { var (o, l) = r.ReadSpan(); a.T = ReadTensor(b, o, l); break; }
                case 6 or 11 when wire == WireLengthDelimited:
                    r.ReadSpan();
                    a.Type = OnnxAttributeType.Graph; // sub-graphs are rejected by the compiler with the node's name
                    break;
                case 7: r.ReadFloats(wire, floats); break;
                case 8: r.ReadVarints(wire, ints); break;
                case 9 when wire == WireLengthDelimited: a.Strings.Add(r.ReadString()); break;
                default: r.Skip(wire); break;
            }
        }

        a.Floats = floats.ToArray();
        a.Ints = ints.ToArray();
        return a;
    }

    private static OnnxValueInfo ReadValueInfo(byte[] b, int off, int len)
    {
        var v = new OnnxValueInfo();
        var r = new Cursor(b, off, len, "ValueInfoProto");
        while (r.Next(out int field, out int wire))
        {
            if (field == 1 && wire == WireLengthDelimited)
            {
                v.Name = r.ReadString();
            }
            else if (field == 2 && wire == WireLengthDelimited)
            {
                var (o, l) = r.ReadSpan();
                ReadType(b, o, l, v);
            }
            else
            {
                r.Skip(wire);
            }
        }

        return v;
    }

    private static void ReadType(byte[] b, int off, int len, OnnxValueInfo v)
    {
        var r = new Cursor(b, off, len, "TypeProto");
        while (r.Next(out int field, out int wire))
        {
            if (field == 1 && wire == WireLengthDelimited)
            {
                v.IsTensor = true;
                var (o, l) = r.ReadSpan();
                var t = new Cursor(b, o, l, "TypeProto.Tensor");
                while (t.Next(out int f2, out int w2))
                {
                    if (f2 == 1 && w2 == WireVarint)
                    {
                        v.ElementType = (OnnxDataType)t.Input.ReadInt32();
                    }
                    else if (f2 == 2 && w2 == WireLengthDelimited)
                    {
                        var (so, sl) = t.ReadSpan();
                        v.Shape = ReadShape(b, so, sl);
                    }
                    else
                    {
                        t.Skip(w2);
                    }
                }
            }
            else
            {
                r.Skip(wire);
            }
        }
    }

    private static OnnxDim[] ReadShape(byte[] b, int off, int len)
    {
        var dims = new List<OnnxDim>();
        var r = new Cursor(b, off, len, "TensorShapeProto");
        while (r.Next(out int field, out int wire))
        {
            if (field == 1 && wire == WireLengthDelimited)
            {
                if (dims.Count >= MaxRank)
                {
                    throw new ModelFormatException($"A declared shape has more than {MaxRank} dimensions.");
                }

                var (o, l) = r.ReadSpan();
                long? value = null;
                string? param = null;
                var d = new Cursor(b, o, l, "TensorShapeProto.Dimension");
                while (d.Next(out int f2, out int w2))
                {
                    if (f2 == 1 && w2 == WireVarint) value = d.Input.ReadInt64();
                    else if (f2 == 2 && w2 == WireLengthDelimited) param = d.ReadString();
                    else d.Skip(w2);
                }

                dims.Add(new OnnxDim(value, param));
            }
            else
            {
                r.Skip(wire);
            }
        }

        return dims.ToArray();
    }

    private static OnnxTensorProto ReadTensor(byte[] b, int off, int len)
    {
        var t = new OnnxTensorProto();
        var dims = new List<long>();
        (int Offset, int Length)? raw = null, floatData = null, doubleData = null;
        var int32 = new List<long>();
        var int64 = new List<long>();
        int floatCount = 0;
        var r = new Cursor(b, off, len, "TensorProto");
        while (r.Next(out int field, out int wire))
        {
            switch (field)
            {
                case 1:
                    r.ReadVarints(wire, dims);
                    if (dims.Count > MaxRank)
                    {
                        throw new ModelFormatException($"A tensor has more than {MaxRank} dimensions.");
                    }

                    break;
                case 2 when wire == WireVarint: t.DataType = (OnnxDataType)r.Input.ReadInt32(); break;
                case 4 when wire == WireLengthDelimited: floatData = r.ReadSpan(); floatCount = floatData.Value.Length / 4; break;
                case 4 when wire == WireFixed32: throw new ModelFormatException("Unpacked float_data is not supported; re-save the model with packed or raw data.");
                case 5: r.ReadVarints(wire, int32, signed32: true); break;
                case 7: r.ReadVarints(wire, int64); break;
                case 8 when wire == WireLengthDelimited: t.Name = r.ReadString(); break;
                case 9 when wire == WireLengthDelimited: raw = r.ReadSpan(); break;
                case 10 when wire == WireLengthDelimited: doubleData = r.ReadSpan(); break;
                case 13 when wire == WireLengthDelimited:
                    throw new ModelFormatException("The model uses external tensor data (a separate weights file), which is not supported; save the model with all weights inside the .onnx file.");
                case 14 when wire == WireVarint:
                    if (r.Input.ReadInt32() != 0)
                    {
                        throw new ModelFormatException("The model uses external tensor data (data_location = EXTERNAL), which is not supported.");
                    }

                    break;
                case 6 when wire == WireLengthDelimited:
                    throw new ModelFormatException("String tensors are not supported.");
                default: r.Skip(wire); break;
            }
        }

        t.Dims = dims.ToArray();
        string who = t.Name.Length > 0 ? $"Tensor '{t.Name}'" : "A tensor";
        long count = 1;
        foreach (long d in t.Dims)
        {
            if (d < 0)
            {
                throw new ModelFormatException($"{who} has a negative dimension ({d}).");
            }

            if (d != 0 && count > MaxTensorElements / d)
            {
                throw new ModelFormatException($"{who} claims more than {MaxTensorElements} elements (dims [{string.Join(", ", t.Dims)}]); the limit guards against corrupt files.");
            }

            count *= d;
        }

        int n = (int)count;
        int elementSize = t.DataType switch
        {
            OnnxDataType.Float or OnnxDataType.Int32 or OnnxDataType.UInt32 => 4,
            OnnxDataType.Float16 or OnnxDataType.BFloat16 or OnnxDataType.Int16 or OnnxDataType.UInt16 => 2,
            OnnxDataType.Double or OnnxDataType.Int64 or OnnxDataType.UInt64 => 8,
            OnnxDataType.Bool or OnnxDataType.UInt8 or OnnxDataType.Int8 => 1,
            _ => throw new ModelFormatException($"{who} has data type {t.DataType} ({(int)t.DataType}), which is not supported (float32, float16, bfloat16, double, int8–int64, uint8–uint32 and bool are)."),
        };

        if (raw is { } rw)
        {
            if ((long)n * elementSize != rw.Length)
            {
                throw new ModelFormatException($"{who} has {rw.Length} bytes of raw_data, but its dims [{string.Join(", ", t.Dims)}] of {t.DataType} need {(long)n * elementSize}.");
            }

            DecodeRaw(t, new ReadOnlySpan<byte>(b, rw.Offset, rw.Length), n);
            return t;
        }

        switch (t.DataType)
        {
            case OnnxDataType.Float:
                {
                    int have = floatData?.Length ?? 0;
                    if (have != (long)n * 4)
                    {
                        throw new ModelFormatException($"{who} has {floatCount} float_data values, but its dims [{string.Join(", ", t.Dims)}] need {n}.");
                    }

                    var f = new float[n];
                    if (n > 0)
                    {
                        var src = new ReadOnlySpan<byte>(b, floatData!.Value.Offset, floatData.Value.Length);
                        for (int i = 0; i < n; i++) f[i] = BinaryPrimitives.ReadSingleLittleEndian(src.Slice(i * 4, 4));
                    }

                    t.FloatData = f;
                    break;
                }

            case OnnxDataType.Double:
                {
                    int have = doubleData?.Length ?? 0;
                    if (have != (long)n * 8)
                    {
                        throw new ModelFormatException($"{who} has {have / 8} double_data values, but its dims need {n}.");
                    }

                    var f = new float[n];
                    var src = n > 0 ? new ReadOnlySpan<byte>(b, doubleData!.Value.Offset, doubleData.Value.Length) : default;
                    for (int i = 0; i < n; i++) f[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(src.Slice(i * 8, 8));
                    t.FloatData = f;
                    break;
                }

            case OnnxDataType.Float16 or OnnxDataType.BFloat16:
                {
                    CheckCount(who, int32.Count, n, "int32_data");
                    var f = new float[n];
                    for (int i = 0; i < n; i++) f[i] = HalfBits(t.DataType, (ushort)int32[i]);
                    t.FloatData = f;
                    break;
                }

            case OnnxDataType.Int64:
                CheckCount(who, int64.Count, n, "int64_data");
                t.IntData = int64.ToArray();
                break;
            case OnnxDataType.UInt64:
                CheckCount(who, int64.Count, n, "uint64_data");
                t.IntData = int64.ToArray();
                break;
            default:
                CheckCount(who, int32.Count, n, "int32_data");
                t.IntData = int32.ToArray();
                break;
        }

        return t;
    }

    private static void CheckCount(string who, int have, int need, string field)
    {
        if (have != need)
        {
            throw new ModelFormatException($"{who} has {have} {field} values, but its dims need {need}.");
        }
    }

    private static float HalfBits(OnnxDataType type, ushort bits) =>
        type == OnnxDataType.BFloat16 ? BitConverter.Int32BitsToSingle(bits << 16) : (float)BitConverter.UInt16BitsToHalf(bits);

    private static void DecodeRaw(OnnxTensorProto t, ReadOnlySpan<byte> src, int n)
    {
        switch (t.DataType)
        {
            case OnnxDataType.Float:
                {
                    var f = new float[n];
                    for (int i = 0; i < n; i++) f[i] = BinaryPrimitives.ReadSingleLittleEndian(src.Slice(i * 4));
                    t.FloatData = f;
                    return;
                }

            case OnnxDataType.Double:
                {
                    var f = new float[n];
                    for (int i = 0; i < n; i++) f[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(src.Slice(i * 8));
                    t.FloatData = f;
                    return;
                }

            case OnnxDataType.Float16 or OnnxDataType.BFloat16:
                {
                    var f = new float[n];
                    for (int i = 0; i < n; i++) f[i] = HalfBits(t.DataType, BinaryPrimitives.ReadUInt16LittleEndian(src.Slice(i * 2)));
                    t.FloatData = f;
                    return;
                }
        }

        var l = new long[n];
        for (int i = 0; i < n; i++)
        {
            l[i] = t.DataType switch
            {
                OnnxDataType.Int64 or OnnxDataType.UInt64 => BinaryPrimitives.ReadInt64LittleEndian(src.Slice(i * 8)),
                OnnxDataType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(src.Slice(i * 4)),
                OnnxDataType.UInt32 => BinaryPrimitives.ReadUInt32LittleEndian(src.Slice(i * 4)),
                OnnxDataType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(src.Slice(i * 2)),
                OnnxDataType.UInt16 => BinaryPrimitives.ReadUInt16LittleEndian(src.Slice(i * 2)),
                OnnxDataType.Int8 => (sbyte)src[i],
                OnnxDataType.Bool => src[i] != 0 ? 1 : 0,
                _ => src[i],
            };
        }

        t.IntData = l;
    }

    /// <summary>Walks one message's fields over a byte range of the file.</summary>
    private sealed class Cursor
    {
        private readonly byte[] _buffer;
        private readonly int _end;
        private readonly string _message;
        private int _base;
        private long _startPosition;

        public Cursor(byte[] buffer, int offset, int length, string message)
        {
            _buffer = buffer;
            _end = offset + length;
            _message = message;
            Reset(offset);
        }

        public CodedInputStream Input { get; private set; } = null!;

        private int Absolute => checked(_base + (int)(Input.Position - _startPosition));

        public bool Next(out int field, out int wire)
        {
            if (Absolute >= _end)
            {
                field = 0;
                wire = 0;
                return false;
            }

            uint tag = Input.ReadTag();
            if (tag == 0)
            {
                throw new ModelFormatException($"Corrupt {_message}: a field tag of 0.");
            }

            field = WireFormat.GetTagFieldNumber(tag);
            wire = (int)WireFormat.GetTagWireType(tag);
            return true;
        }

        public void Skip(int wire)
        {
            if (wire == WireLengthDelimited)
            {
                ReadSpan();
                return;
            }

            if (wire is not (WireVarint or WireFixed32 or WireFixed64))
            {
                throw new ModelFormatException($"Corrupt {_message}: unsupported protobuf wire type {wire}.");
            }

            Input.SkipLastField();
            CheckInside();
        }

        /// <summary>Reads a length prefix and returns the absolute byte range of the payload, moving past it.</summary>
        public (int Offset, int Length) ReadSpan()
        {
            int length = Input.ReadLength();
            int start = Absolute;
            if (length < 0 || length > _end - start)
            {
                throw new ModelFormatException($"Corrupt {_message}: a field claims {length} bytes but only {Math.Max(0, _end - start)} remain (the file is truncated or corrupt).");
            }

            Reset(start + length);
            return (start, length);
        }

        public ReadOnlySpan<byte> ReadBytesSpan()
        {
            var (o, l) = ReadSpan();
            return new ReadOnlySpan<byte>(_buffer, o, l);
        }

        public string ReadString() => Encoding.UTF8.GetString(ReadBytesSpan());

        public void ReadVarints(int wire, List<long> into, bool signed32 = false)
        {
            if (wire == WireVarint)
            {
                into.Add(signed32 ? Input.ReadInt32() : Input.ReadInt64());
                CheckInside();
                return;
            }

            if (wire != WireLengthDelimited)
            {
                throw new ModelFormatException($"Corrupt {_message}: integer list with wire type {wire}.");
            }

            var (o, l) = ReadSpan();
            var sub = new CodedInputStream(_buffer, o, l);
            long start = sub.Position;
            while (sub.Position - start < l)
            {
                into.Add(signed32 ? sub.ReadInt32() : sub.ReadInt64());
                if (into.Count > MaxTensorElements)
                {
                    throw new ModelFormatException($"Corrupt {_message}: too many integers.");
                }
            }

            if (sub.Position - start != l)
            {
                throw new ModelFormatException($"Corrupt {_message}: a packed integer list overruns its length.");
            }
        }

        public void ReadFloats(int wire, List<float> into)
        {
            if (wire == WireFixed32)
            {
                into.Add(Input.ReadFloat());
                CheckInside();
                return;
            }

            if (wire != WireLengthDelimited)
            {
                throw new ModelFormatException($"Corrupt {_message}: float list with wire type {wire}.");
            }

            var (o, l) = ReadSpan();
            if (l % 4 != 0)
            {
                throw new ModelFormatException($"Corrupt {_message}: a packed float list of {l} bytes.");
            }

            for (int i = 0; i < l; i += 4)
            {
                into.Add(BinaryPrimitives.ReadSingleLittleEndian(new ReadOnlySpan<byte>(_buffer, o + i, 4)));
            }
        }

        private void CheckInside()
        {
            if (Absolute > _end)
            {
                throw new ModelFormatException($"Corrupt {_message}: a field runs past the end of its message.");
            }
        }

        private void Reset(int offset)
        {
            _base = offset;
            Input = new CodedInputStream(_buffer, offset, _end - offset);
            _startPosition = Input.Position;
        }
    }
}
