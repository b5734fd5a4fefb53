namespace Tessera.Vindexes;

// How a lookup vindex reads its table; the gate implements it over its own sessions (Vitess:
// the VCursor's Execute with a commit order). Kept to what Map and Verify need; the gate's issue
// adds the owner writes (create/update/delete of lookup rows).
public interface ILookupQuery
{
    // `select from, to from table where from in ::values`: for each value, in order, the `to`
    // column values found (empty when none).
    ValueTask<IReadOnlyList<IReadOnlyList<SqlValue>>> LookupAsync(LookupTableSpec table, IReadOnlyList<SqlValue> values, CancellationToken cancellationToken);

    // `select from from table where from = :from and to = :to`: whether the row exists.
    ValueTask<bool> ExistsAsync(LookupTableSpec table, SqlValue from, SqlValue to, CancellationToken cancellationToken);
}

// Which table a lookup vindex uses and how its reads are ordered against the user's transaction.
public sealed record LookupTableSpec(
    string Table,
    IReadOnlyList<string> FromColumns,
    string ToColumn,
    LookupCommitOrder CommitOrder)
{
    // The statements Vitess sends for Map and Verify, with bind variables named after the
    // columns (`::email` a list, `:email` a value). Map and Verify use the first from column.
    public string SelectQuery => $"select {FromColumns[0]}, {ToColumn} from {Table} where {FromColumns[0]} in ::{FromColumns[0]}";

    public string VerifyQuery => $"select {FromColumns[0]} from {Table} where {FromColumns[0]} = :{FromColumns[0]} and {ToColumn} = :{ToColumn}";
}

// Vitess's CommitOrder for vindex queries: in the user's transaction (Normal), in a separate
// transaction committed before it (Pre, consistent lookups), or autocommitted.
public enum LookupCommitOrder
{
    Normal,
    Pre,
    Autocommit,
}
