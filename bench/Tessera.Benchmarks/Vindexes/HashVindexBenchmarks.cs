using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Tessera.Keys;
using Tessera.Vindexes;

namespace Tessera.Benchmarks.Vindexes;

// Routing one row: the `hash` vindex mapping one integer. Target < 200 ns, and no allocation
// beyond the result (the 8-byte keyspace id and its Destination).
[MemoryDiagnoser]
public class HashVindexBenchmarks
{
    private readonly HashVindex _hash = new("hash");
    private readonly XxHashVindex _xxhash = new("xxhash");
    private readonly UnicodeLooseVindex _unicodeLoose = new("u", UnicodeLooseVindex.Md5Type);
    private readonly SqlValue _id = SqlValue.FromInt64(123456789);
    private readonly SqlValue _email = SqlValue.FromString("Alice@Domain.com");
    private readonly byte[] _block = new byte[8];
    private readonly byte[] _output = new byte[8];
    private readonly TripleDES _tripleDes;
    private readonly ICryptoTransform _transform;

    public HashVindexBenchmarks()
    {
        _tripleDes = TripleDES.Create();
        _tripleDes.Mode = CipherMode.ECB;
        _tripleDes.Padding = PaddingMode.None;
        _transform = _tripleDes.CreateEncryptor(new byte[24], null);
    }

    [Benchmark(Baseline = true)]
    public Destination HashMap() => _hash.Map(_id);

    [Benchmark]
    public KeyspaceId HashTryHash()
    {
        _hash.TryHash(_id, out KeyspaceId id, out _);
        return id;
    }

    // The DES block alone, table-driven, against the same block through .NET's TripleDES (three
    // zero keys; .NET's DES refuses the weak key) with a reused transform: why hash does not use
    // the latter.
    [Benchmark]
    public ulong ZeroKeyDesBlock() => ZeroKeyDes.Encrypt(123456789);

    [Benchmark]
    public byte TripleDesTransformBlock()
    {
        _transform.TransformBlock(_block, 0, 8, _output, 0);
        return _output[0];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _transform.Dispose();
        _tripleDes.Dispose();
    }

    [Benchmark]
    public Destination XxHashMap() => _xxhash.Map(_id);

    [Benchmark]
    public Destination UnicodeLooseMd5Map() => _unicodeLoose.Map(_email);
}
