namespace Tessera.Gate.Engine;

// One merge-sort or in-memory sort key: a column offset and its direction. FromEnd counts from the
// last column (used when the query selects `*` and the key was appended after it).
internal sealed record OrderByParam(int Offset, bool Descending, bool FromEnd = false)
{
    public int Resolve(int columnCount) => FromEnd ? columnCount - 1 - Offset : Offset;

    public override string ToString() => (FromEnd ? $"[-{Offset + 1}]" : Offset.ToString(System.Globalization.CultureInfo.InvariantCulture)) + (Descending ? " DESC" : " ASC");

    public static int CompareRows(IReadOnlyList<OrderByParam> keys, Value[] a, Value[] b)
    {
        foreach (var k in keys)
        {
            var i = k.Resolve(a.Length);
            var c = Value.Compare(a[i], b[i]);
            if (c != 0)
            {
                return k.Descending ? -c : c;
            }
        }

        return 0;
    }
}
