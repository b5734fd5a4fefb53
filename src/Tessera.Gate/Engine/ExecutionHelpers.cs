namespace Tessera.Gate.Engine;

internal static class ExecutionHelpers
{
    // Bind variables plus a few more, without changing the caller's dictionary.
    public static Dictionary<string, BindValue> With(IReadOnlyDictionary<string, BindValue> bindVariables, int extra = 4)
    {
        var d = new Dictionary<string, BindValue>(bindVariables.Count + extra, StringComparer.Ordinal);
        foreach (var (k, v) in bindVariables)
        {
            d[k] = v;
        }

        return d;
    }
}
