using Tessera.Topo.Backend;
using Tessera.Topo.Records;

namespace Tessera.Topo;

// Where each record lives, following Vitess's global / cell split (go/vt/topo/server.go):
// global records under keyspaces/ and RoutingRules, each cell's records under cells/<cell>/
// (Vitess keeps those in a per-cell topo; one store with a per-cell prefix serves the file
// backend, and an etcd backend can map the prefix to a cell's own root).
internal static class TopoPaths
{
    public const string Keyspaces = "keyspaces";
    public const string Cells = "cells";
    public const string RoutingRules = "RoutingRules";

    public static string Keyspace(string keyspace) => $"{Keyspaces}/{Name("keyspace", keyspace)}";

    public static string KeyspaceFile(string keyspace) => $"{Keyspace(keyspace)}/Keyspace";

    public static string VSchema(string keyspace) => $"{Keyspace(keyspace)}/VSchema";

    public static string Shards(string keyspace) => $"{Keyspace(keyspace)}/shards";

    public static string Shard(string keyspace, string shard) => $"{Shards(keyspace)}/{Name("shard", shard)}";

    public static string ShardFile(string keyspace, string shard) => $"{Shard(keyspace, shard)}/Shard";

    public static string Cell(string cell) => $"{Cells}/{Name("cell", cell)}";

    public static string CellInfo(string cell) => $"{Cell(cell)}/CellInfo";

    public static string SrvVSchema(string cell) => $"{Cell(cell)}/SrvVSchema";

    public static string CellKeyspaces(string cell) => $"{Cell(cell)}/keyspaces";

    public static string SrvKeyspace(string cell, string keyspace) => $"{CellKeyspaces(cell)}/{Name("keyspace", keyspace)}/SrvKeyspace";

    public static string Tablets(string cell) => $"{Cell(cell)}/tablets";

    public static string Tablet(TabletAlias alias) => $"{Tablets(alias.Cell)}/{alias}/Tablet";

    // A name used as one path segment; refused with a message naming what it is.
    public static string Name(string kind, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name[0] == '.' || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
            throw new TopoException(TopoErrorCode.InvalidPath, name, $"invalid {kind} name '{name}'");
        return name;
    }
}
