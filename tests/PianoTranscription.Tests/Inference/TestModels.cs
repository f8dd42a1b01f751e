using Google.Protobuf;

namespace PianoTranscription.Tests.Inference;

/// <summary>Hand-built ONNX protobuf messages for loader tests (field numbers from onnx.proto).</summary>
internal static class TestModels
{
    /// <summary>A model with one float input "x" [dynamic], one node and output "y".</summary>
    public static byte[] SingleNode(string opType, long opset = 17, Msg? initializer = null, string[]? extraInputs = null, long irVersion = 8, string domain = "")
    {
        var node = new Msg().Str(1, "x");
        foreach (var i in extraInputs ?? []) node.Str(1, i);
        node.Str(2, "y").Str(4, opType);
        if (domain.Length > 0) node.Str(7, domain);
        var graph = new Msg().Sub(1, node).Str(2, "g");
        if (initializer is not null) graph.Sub(5, initializer);
        graph.Sub(11, ValueInfo("x", 1, "n")).Sub(12, ValueInfo("y", 1, "n"));
        return new Msg().Int(1, irVersion).Str(2, "test").Sub(7, graph).Sub(8, new Msg().Str(1, "").Int(2, opset)).ToArray();
    }

    public static Msg ValueInfo(string name, long elemType, params object[] dims)
    {
        var shape = new Msg();
        foreach (var d in dims)
        {
            shape.Sub(1, d is string s ? new Msg().Str(2, s) : new Msg().Int(1, Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture)));
        }

        return new Msg().Str(1, name).Sub(2, new Msg().Sub(1, new Msg().Int(1, elemType).Sub(2, shape)));
    }

    /// <summary>A minimal protobuf message writer.</summary>
    internal sealed class Msg
    {
        private readonly List<byte> _bytes = [];

        public Msg Int(int field, long value) => Write(o =>
        {
            o.WriteTag(field, WireFormat.WireType.Varint);
            o.WriteInt64(value);
        });

        public Msg Str(int field, string value) => Write(o =>
        {
            o.WriteTag(field, WireFormat.WireType.LengthDelimited);
            o.WriteString(value);
        });

        public Msg Bytes(int field, byte[] value) => Write(o =>
        {
            o.WriteTag(field, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(value));
        });

        public Msg Sub(int field, Msg value) => Bytes(field, value.ToArray());

        public Msg PackedInts(int field, params long[] values)
        {
            var inner = new Msg();
            foreach (long v in values) inner.Write(o => o.WriteInt64(v));
            return Bytes(field, inner.ToArray());
        }

        public byte[] ToArray() => _bytes.ToArray();

        private Msg Write(Action<CodedOutputStream> write)
        {
            using var ms = new MemoryStream();
            using (var o = new CodedOutputStream(ms, leaveOpen: true))
            {
                write(o);
            }

            _bytes.AddRange(ms.ToArray());
            return this;
        }
    }
}
