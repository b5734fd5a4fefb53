namespace Tessera.Topo.Backend;

// An opaque node version, as Vitess's topo.Version. Backends hand out values from one
// store-wide revision counter (etcd's mod revision, the file backend's revision file), so a node
// that is deleted and re-created never gets a version an old reader still holds.
public readonly record struct TopoVersion(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

// A node's bytes and the version they were read at.
public sealed record TopoNode(byte[] Data, TopoVersion Version);
