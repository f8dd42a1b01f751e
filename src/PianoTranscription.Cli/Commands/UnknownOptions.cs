using System.CommandLine;
using System.CommandLine.Parsing;

namespace PianoTranscription.Cli.Commands;

/// <summary>
/// Refuses a token that looks like an option but is none. System.CommandLine has no notion of an unknown option: a
/// token starting with <c>-</c> that names no option is an argument token, so a command whose argument takes any
/// number of values (<c>transcribe INPUT...</c>) takes <c>--fromat</c> as a file name and nothing is unmatched
/// (<see cref="Command.TreatUnmatchedTokensAsErrors"/> only reports tokens no argument could take).
/// </summary>
internal static class UnknownOptions
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> (printed as one line, exit code 2) when <see cref="Find"/> finds an
    /// unknown option.
    /// </summary>
    public static void Reject(ParseResult parse)
    {
        if (Find(parse) is string message)
        {
            throw new ArgumentException(message);
        }
    }

    /// <summary>
    /// The message for the first token before <c>--</c> that starts with <c>-</c> (but is not <c>-</c> alone) and that
    /// the parser took as an argument value of the command or could not match at all, naming the nearest option when
    /// one is close; null when there is none.
    /// </summary>
    public static string? Find(ParseResult parse)
    {
        IReadOnlyList<Token> all = parse.Tokens;
        int doubleDash = all.Count;
        for (int i = 0; i < all.Count; i++)
        {
            if (all[i].Type == TokenType.DoubleDash)
            {
                doubleDash = i;
                break;
            }
        }

        foreach (ArgumentResult argument in parse.CommandResult.Children.OfType<ArgumentResult>())
        {
            foreach (Token token in argument.Tokens)
            {
                if (LooksLikeOption(token.Value) && IndexOf(all, token) < doubleDash)
                {
                    return Message(parse, token.Value);
                }
            }
        }

        foreach (string unmatched in parse.UnmatchedTokens)
        {
            if (LooksLikeOption(unmatched) && all.Take(doubleDash).Any(t => t.Value == unmatched))
            {
                return Message(parse, unmatched);
            }
        }

        return null;
    }

    private static bool LooksLikeOption(string value) => value.Length > 1 && value[0] == '-';

    private static string Message(ParseResult parse, string value)
    {
        int equals = value.IndexOf('=', StringComparison.Ordinal);
        string name = equals > 0 ? value[..equals] : value;
        string? nearest = Nearest(name, KnownNames(parse));
        var path = new List<string>();
        for (SymbolResult? result = parse.CommandResult; result is not null; result = result.Parent)
        {
            if (result is CommandResult c)
            {
                path.Insert(0, c.Command.Name);
            }
        }

        string command = string.Join(' ', path);
        return nearest is not null
            ? $"unknown option '{name}' (did you mean {nearest}?)"
            : $"unknown option '{name}'; see '{command} --help' (a file whose name starts with '-' goes after --)";
    }

    /// <summary>The names and aliases of the options the command takes, its own and those its parents pass down.</summary>
    private static List<string> KnownNames(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? result = parse.CommandResult; result is not null; result = result.Parent)
        {
            if (result is not CommandResult command)
            {
                continue;
            }

            foreach (Option option in command.Command.Options)
            {
                if (ReferenceEquals(command, parse.CommandResult) || option.Recursive)
                {
                    names.Add(option.Name);
                    names.AddRange(option.Aliases);
                }
            }
        }

        return names;
    }

    /// <summary>The known name nearest to <paramref name="name"/>, if it is at most two edits away and the edits leave most of it.</summary>
    private static string? Nearest(string name, List<string> known)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in known)
        {
            int d = Distance(name, candidate);
            if (d < bestDistance || (d == bestDistance && best is not null && candidate.Length > best.Length))
            {
                best = candidate;
                bestDistance = d;
            }
        }

        return best is not null && bestDistance <= 2 && bestDistance * 2 < best.TrimStart('-').Length ? best : null;
    }

    /// <summary>Edit distance counting an insertion, deletion, substitution or swap of neighbours as one edit.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (int j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    private static int IndexOf(IReadOnlyList<Token> tokens, Token token)
    {
        for (int i = 0; i < tokens.Count; i++)
        {
            if (ReferenceEquals(tokens[i], token))
            {
                return i;
            }
        }

        return -1; // not among the parsed tokens (cannot happen): treat it as before any "--"
    }
}
