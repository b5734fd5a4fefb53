namespace Tessera.Topo.Records;

// Vitess topodata.CellInfo: where a cell's local topo lives. With the file backend every cell
// shares the one directory, so both fields are informational.
public sealed record CellInfo
{
    public string ServerAddress { get; init; } = "";

    public string Root { get; init; } = "";
}
