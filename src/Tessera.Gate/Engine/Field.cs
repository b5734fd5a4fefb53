using QType = Tessera.Rpc.Query.Type;

namespace Tessera.Gate.Engine;

// A result column as a tablet describes it (query.proto Field), kept to what the gate forwards.
public sealed record Field(string Name, QType Type)
{
    public string Table { get; init; } = "";

    public string OrgTable { get; init; } = "";

    public string Database { get; init; } = "";

    public string OrgName { get; init; } = "";

    public uint ColumnLength { get; init; }

    public uint Charset { get; init; }

    public uint Decimals { get; init; }

    public uint Flags { get; init; }
}
