namespace Tessera.Ctld;

// vtctld's flags: where the topo is, this process's cell, and its two ports.
public sealed record CtldOptions
{
    public const int DefaultGrpcPort = 15999;
    public const int DefaultHttpPort = 15000;

    public string TopoImplementation { get; init; } = "file";

    public string TopoGlobalServerAddress { get; init; } = "";

    public string TopoGlobalRoot { get; init; } = "";

    public string Cell { get; init; } = "zone1";

    public int GrpcPort { get; init; } = DefaultGrpcPort;

    public int HttpPort { get; init; } = DefaultHttpPort;
}
