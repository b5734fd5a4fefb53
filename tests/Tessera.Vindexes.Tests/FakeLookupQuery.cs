using Tessera.Vindexes;

namespace Tessera.Vindexes.Tests;

// An in-memory lookup table standing in for the gate's query path: rows of (from, to).
internal sealed class FakeLookupQuery : ILookupQuery
{
    private readonly List<(SqlValue From, SqlValue To)> _rows = [];

    public List<LookupTableSpec> Calls { get; } = [];

    // The writes asked for, as the statement text each would send.
    public List<string> Writes { get; } = [];

    public IEnumerable<(SqlValue From, SqlValue To)> Rows => _rows;

    public FakeLookupQuery Add(SqlValue from, byte[] to)
    {
        _rows.Add((from, SqlValue.FromBinary(to)));
        return this;
    }

    public ValueTask<IReadOnlyList<IReadOnlyList<SqlValue>>> LookupAsync(LookupTableSpec table, IReadOnlyList<SqlValue> values, CancellationToken cancellationToken)
    {
        Calls.Add(table);
        IReadOnlyList<IReadOnlyList<SqlValue>> result =
            [.. values.Select(v => (IReadOnlyList<SqlValue>)[.. _rows.Where(r => r.From == v).Select(r => r.To)])];
        return ValueTask.FromResult(result);
    }

    public ValueTask<bool> ExistsAsync(LookupTableSpec table, SqlValue from, SqlValue to, CancellationToken cancellationToken)
    {
        Calls.Add(table);
        return ValueTask.FromResult(_rows.Any(r => r.From == from && r.To.RawBytes.SequenceEqual(to.RawBytes)));
    }

    public ValueTask CreateAsync(LookupTableSpec table, IReadOnlyList<IReadOnlyList<SqlValue>> fromRows, IReadOnlyList<SqlValue> toValues, bool ignore, CancellationToken cancellationToken)
    {
        Writes.Add(table.InsertQuery(fromRows.Count, ignore));
        for (var i = 0; i < fromRows.Count; i++)
        {
            _rows.Add((fromRows[i][0], toValues[i]));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteAsync(LookupTableSpec table, IReadOnlyList<SqlValue> from, SqlValue to, CancellationToken cancellationToken)
    {
        Writes.Add(table.DeleteQuery);
        _rows.RemoveAll(r => r.From == from[0] && r.To.RawBytes.SequenceEqual(to.RawBytes));
        return ValueTask.CompletedTask;
    }
}
