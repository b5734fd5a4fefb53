namespace Tessera.Vindexes.VSchemas;

// Holds the current snapshot for readers (the planner) and swaps it whole on each SrvVSchema
// change, so a query plans against one consistent VSchema. Readers never lock.
public sealed class VSchemaHolder(VindexRegistry? registry = null)
{
    private readonly VindexRegistry _registry = registry ?? VindexRegistry.Default;
    private VSchemaSnapshot _current = VSchemaSnapshot.Empty;

    public VSchemaSnapshot Current => Volatile.Read(ref _current);

    public event Action<VSchemaSnapshot>? Changed;

    // Builds the new snapshot (revision one higher) and publishes it.
    public VSchemaSnapshot Update(SrvVSchema source)
    {
        ArgumentNullException.ThrowIfNull(source);
        while (true)
        {
            VSchemaSnapshot old = Current;
            VSchemaSnapshot next = VSchemaSnapshot.Build(source, _registry, old.Revision + 1);
            if (Interlocked.CompareExchange(ref _current, next, old) == old)
            {
                Changed?.Invoke(next);
                return next;
            }
        }
    }
}
