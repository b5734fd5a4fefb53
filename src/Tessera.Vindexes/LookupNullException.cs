namespace Tessera.Vindexes;

// A row of an owner table gives NULL for a lookup vindex column that does not ignore NULLs
// (Vitess: VT03028, MySQL's ER_BAD_NULL_ERROR): there is no lookup row to write for it.
public sealed class LookupNullException : Exception
{
    public LookupNullException()
    {
        Column = "";
    }

    public LookupNullException(string message)
        : base(message)
    {
        Column = "";
    }

    public LookupNullException(string message, Exception innerException)
        : base(message, innerException)
    {
        Column = "";
    }

    public LookupNullException(string column, int row, int col)
        : base($"Column '{column}' cannot be null on row {row}, col {col}")
    {
        Column = column;
    }

    public string Column { get; }
}
