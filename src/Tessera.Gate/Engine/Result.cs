namespace Tessera.Gate.Engine;

// One statement's answer: columns and rows for a query, affected rows and insert id for DML.
public sealed class Result
{
    public static Result Empty => new();

    public IReadOnlyList<Field> Fields { get; set; } = [];

    public List<Value[]> Rows { get; set; } = [];

    public ulong RowsAffected { get; set; }

    public ulong InsertId { get; set; }

    public Result()
    {
    }

    public Result(IReadOnlyList<Field> fields, List<Value[]> rows)
    {
        Fields = fields;
        Rows = rows;
    }

    // A copy with only the first `count` columns (hidden ORDER BY / GROUP BY columns dropped).
    public Result Truncate(int count)
    {
        if (count >= Fields.Count)
        {
            return this;
        }

        var rows = new List<Value[]>(Rows.Count);
        foreach (var r in Rows)
        {
            rows.Add(r[..count]);
        }

        return new Result([.. Fields.Take(count)], rows) { RowsAffected = RowsAffected, InsertId = InsertId };
    }
}
