using Tessera.Gate.Errors;
using Tessera.Vindexes.VSchemas;

namespace Tessera.Gate.Planning;

// Finds the VSchema table a query names: a qualified name in its keyspace, an unqualified one in
// the session's keyspace first and then globally (routing rules apply to both), as Vitess does.
internal static class TableResolver
{
    private static readonly HashSet<string> SystemSchemas = new(StringComparer.OrdinalIgnoreCase)
    {
        "information_schema", "mysql", "performance_schema", "sys",
    };

    public static bool IsSystemSchema(string? qualifier) => qualifier is not null && SystemSchemas.Contains(qualifier);

    public static ResolvedTable Resolve(PlanContext ctx, TableName name)
    {
        try
        {
            if (name.Qualifier is { } ks)
            {
                if (!ctx.VSchema.Keyspaces.ContainsKey(ks))
                {
                    throw GateErrors.KeyspaceNotFound.Create($"Unknown database '{ks}' in table {ks}.{name.Name}");
                }

                return ctx.VSchema.FindTable(ks, name.Name, ctx.TabletType);
            }

            if (ctx.Keyspace is { } current && ctx.VSchema.Keyspaces.ContainsKey(current))
            {
                try
                {
                    return ctx.VSchema.FindTable(current, name.Name, ctx.TabletType);
                }
                catch (VSchemaException)
                {
                    // Not in the session's keyspace: try every keyspace, as an unqualified name may be global.
                }
            }

            return ctx.VSchema.FindTable(null, name.Name, ctx.TabletType);
        }
        catch (VSchemaException e)
        {
            if (ctx.Keyspace is null && ctx.VSchema.Keyspaces.Count == 0)
            {
                throw GateErrors.NoDatabaseSelected.Create("No database selected");
            }

            throw GateErrors.TableNotFound.Create($"table '{name.Name}' does not exist: {e.Message}");
        }
    }
}
