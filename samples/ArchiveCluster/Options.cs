using System.Globalization;
using System.Net;

namespace ArchiveCluster;

/// <summary>The <c>--name value</c> pairs of a command line; a bad or missing value is a <see cref="FormatException"/> naming it.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public static Options Parse(ReadOnlySpan<string> args)
    {
        var options = new Options();
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new FormatException($"expected '--name value', got '{args[i]}'");
            }

            options._values[args[i][2..]] = args[i + 1];
        }

        return options;
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string Text(string name, string? fallback) =>
        _values.TryGetValue(name, out string? value) ? value : fallback ?? throw new FormatException($"--{name} is required");

    public int Int(string name, int? fallback, int min = 0) =>
        !_values.TryGetValue(name, out string? value) ? fallback ?? throw new FormatException($"--{name} is required")
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n >= min ? n
        : throw new FormatException($"--{name} '{value}' is not a whole number of at least {min}");

    public IPAddress Address(string name, string fallback)
    {
        string value = Text(name, fallback);
        return IPAddress.TryParse(value, out IPAddress? address) ? address : throw new FormatException($"--{name} '{value}' is not an IP address");
    }

    public IPEndPoint EndPoint(string name, string fallback) => ParseEndPoint(Text(name, fallback));

    /// <summary>HOST:PORT, where HOST is an IP address or a name the resolver knows (localhost, a machine on the network).</summary>
    public static IPEndPoint ParseEndPoint(string text)
    {
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
        {
            throw new FormatException($"'{text}' is not HOST:PORT");
        }

        string host = text[..colon];
        IPAddress address = IPAddress.TryParse(host, out IPAddress? ip) ? ip
            : Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
              ?? throw new FormatException($"'{host}' has no IPv4 address");
        return new IPEndPoint(address, port);
    }
}
