namespace Tessera.Vindexes;

// How a lookup vindex reads and writes its table; the gate implements it over its own sessions
// (Vitess: the VCursor's Execute with a commit order). Reads serve Map and Verify; writes serve
// the DML of the table that owns the vindex (Vitess: lookupInternal.Create / Delete).
public interface ILookupQuery
{
    // `select from, to from table where from in ::values`: for each value, in order, the `to`
    // column values found (empty when none).
    ValueTask<IReadOnlyList<IReadOnlyList<SqlValue>>> LookupAsync(LookupTableSpec table, IReadOnlyList<SqlValue> values, CancellationToken cancellationToken);

    // `select from from table where from = :from and to = :to`: whether the row exists.
    ValueTask<bool> ExistsAsync(LookupTableSpec table, SqlValue from, SqlValue to, CancellationToken cancellationToken);

    // `InsertQuery(rows.Count, ignore)` with `from_i` / `to_i` bound from the rows (each row one
    // value per from column) and the keyspace ids beside them.
    ValueTask CreateAsync(LookupTableSpec table, IReadOnlyList<IReadOnlyList<SqlValue>> fromRows, IReadOnlyList<SqlValue> toValues, bool ignore, CancellationToken cancellationToken);

    // `DeleteQuery` for one row: its from values and the keyspace id it maps to.
    ValueTask DeleteAsync(LookupTableSpec table, IReadOnlyList<SqlValue> from, SqlValue to, CancellationToken cancellationToken);
}

// Which table a lookup vindex uses and how its reads are ordered against the user's transaction.
public sealed record LookupTableSpec(
    string Table,
    IReadOnlyList<string> FromColumns,
    string ToColumn,
    LookupCommitOrder CommitOrder)
{
    // A non-unique autocommit lookup re-writes an existing row instead of failing on it (Vitess:
    // upsert), since its rows outlive the owner rows they were written for.
    public bool Upsert { get; init; }

    // The statements Vitess sends for Map and Verify, with bind variables named after the
    // columns (`::email` a list, `:email` a value). Map and Verify use the first from column.
    public string SelectQuery => $"select {FromColumns[0]}, {ToColumn} from {Table} where {FromColumns[0]} in ::{FromColumns[0]}";

    public string VerifyQuery => $"select {FromColumns[0]} from {Table} where {FromColumns[0]} = :{FromColumns[0]} and {ToColumn} = :{ToColumn}";

    // Vitess's lookup Create: one row per entry, bind variables `<column>_<row>`.
    public string InsertQuery(int rows, bool ignore)
    {
        var sb = new System.Text.StringBuilder(ignore ? "insert ignore into " : "insert into ");
        sb.Append(Table).Append('(').AppendJoin(", ", FromColumns).Append(", ").Append(ToColumn).Append(") values ");
        for (int r = 0; r < rows; r++)
        {
            sb.Append(r == 0 ? "(" : ", (");
            foreach (string c in FromColumns)
            {
                sb.Append(':').Append(RowVariable(c, r)).Append(", ");
            }

            sb.Append(':').Append(RowVariable(ToColumn, r)).Append(')');
        }

        if (Upsert)
        {
            sb.Append(" on duplicate key update ");
            foreach (string c in FromColumns)
            {
                sb.Append(c).Append(" = values(").Append(c).Append("), ");
            }

            sb.Append(ToColumn).Append(" = values(").Append(ToColumn).Append(')');
        }

        return sb.ToString();
    }

    // A non-unique lookup holds one row per owner row, so two owner rows of one keyspace id with
    // the same value have two equal lookup rows: deleting for one owner row takes one of them.
    public bool DeletesOneRow { get; init; }

    // Vitess's lookup Delete: the row of these from values that points at this keyspace id (Vitess
    // deletes every such row; one, `limit 1`, for a non-unique lookup here, see DeletesOneRow).
    public string DeleteQuery => $"delete from {Table} where {string.Join(" and ", FromColumns.Select(c => $"{c} = :{c}"))} and {ToColumn} = :{ToColumn}" + (DeletesOneRow ? " limit 1" : "");

    public static string RowVariable(string column, int row) => column + "_" + row.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

// Vitess's CommitOrder for vindex queries: in the user's transaction (Normal), in a separate
// transaction committed before it (Pre, consistent lookups), or autocommitted.
public enum LookupCommitOrder
{
    Normal,
    Pre,
    Autocommit,
}
