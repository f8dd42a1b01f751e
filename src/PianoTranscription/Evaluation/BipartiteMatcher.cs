namespace PianoTranscription.Evaluation;

/// <summary>
/// Maximum-cardinality bipartite matching, a faithful port of mir_eval's <c>util._bipartite_match</c>
/// (Hopcroft–Karp after David Eppstein), including its visiting order, so that it returns the very same matching —
/// which matters because mir_eval's velocity scores depend on which notes are paired, not only how many.
/// </summary>
/// <remarks>The recursive path search of the original is run with an explicit stack, so long paths cannot overflow.</remarks>
internal static class BipartiteMatcher
{
    private const int Unmatched = -1;

    /// <summary>Finds a maximum matching.</summary>
    /// <param name="keys">Left vertices (estimates) in the original dictionary's insertion order.</param>
    /// <param name="adjacency">For each left vertex, its right vertices (references) in order; null if not a key.</param>
    /// <param name="rightCount">The number of right vertices.</param>
    /// <returns>For each right vertex, its matched left vertex or -1.</returns>
    public static int[] Match(List<int> keys, List<int>?[] adjacency, int rightCount)
    {
        int leftCount = adjacency.Length;
        var matching = new int[rightCount];
        Array.Fill(matching, -1);
        foreach (int u in keys)
        {
            foreach (int v in adjacency[u]!)
            {
                if (matching[v] < 0)
                {
                    matching[v] = u;
                    break;
                }
            }
        }

        var predHas = new bool[leftCount];
        var pred = new int[leftCount];
        var preds = new List<int>?[rightCount];
        var newLayer = new List<int>?[rightCount];
        var newLayerOrder = new List<int>();
        var unmatched = new List<int>();
        var layer = new List<int>();
        var search = new PathSearch(matching, predHas, pred, preds);
        while (true)
        {
            Array.Clear(preds);
            unmatched.Clear();
            Array.Clear(predHas);
            foreach (int u in keys)
            {
                predHas[u] = true;
                pred[u] = Unmatched;
            }

            foreach (int u in matching)
            {
                if (u >= 0)
                {
                    predHas[u] = false;
                }
            }

            layer.Clear();
            foreach (int u in keys)
            {
                if (predHas[u])
                {
                    layer.Add(u);
                }
            }

            while (layer.Count > 0 && unmatched.Count == 0)
            {
                newLayerOrder.Clear();
                foreach (int u in layer)
                {
                    foreach (int v in adjacency[u]!)
                    {
                        if (preds[v] is null)
                        {
                            if (newLayer[v] is not { } list)
                            {
                                newLayer[v] = list = [];
                                newLayerOrder.Add(v);
                            }

                            list.Add(u);
                        }
                    }
                }

                layer.Clear();
                foreach (int v in newLayerOrder)
                {
                    preds[v] = newLayer[v];
                    newLayer[v] = null;
                    int u = matching[v];
                    if (u >= 0)
                    {
                        layer.Add(u);
                        predHas[u] = true;
                        pred[u] = v;
                    }
                    else
                    {
                        unmatched.Add(v);
                    }
                }
            }

            if (unmatched.Count == 0)
            {
                return matching;
            }

            foreach (int v in unmatched)
            {
                search.Run(v);
            }
        }
    }

    /// <summary>The original's nested <c>recurse(v)</c>, run iteratively.</summary>
    private sealed class PathSearch(int[] matching, bool[] predHas, int[] pred, List<int>?[] preds)
    {
        private readonly List<(int V, List<int> L, int Index, int U)> stack = [];

        public bool Run(int start)
        {
            if (!Enter(start))
            {
                return false;
            }

            bool? result = null;
            while (stack.Count > 0)
            {
                int top = stack.Count - 1;
                if (result == true)
                {
                    matching[stack[top].V] = stack[top].U;
                    stack.RemoveAt(top);
                    continue;
                }

                result = null;
                bool handled = false;
                while (stack[top].Index < stack[top].L.Count)
                {
                    (int v, List<int> l, int index, _) = stack[top];
                    int u = l[index];
                    stack[top] = (v, l, index + 1, u);
                    if (!predHas[u])
                    {
                        continue;
                    }

                    int pu = pred[u];
                    predHas[u] = false;
                    if (pu == Unmatched)
                    {
                        matching[v] = u;
                        stack.RemoveAt(top);
                        result = true;
                        handled = true;
                        break;
                    }

                    if (Enter(pu))
                    {
                        handled = true;
                        break;
                    }
                }

                if (!handled)
                {
                    stack.RemoveAt(top);
                    result = false;
                }
            }

            return result == true;
        }

        private bool Enter(int v)
        {
            if (preds[v] is not { } l)
            {
                return false;
            }

            preds[v] = null;
            stack.Add((v, l, 0, -1));
            return true;
        }
    }
}
