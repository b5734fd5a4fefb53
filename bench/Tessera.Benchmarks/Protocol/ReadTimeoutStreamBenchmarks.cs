using BenchmarkDotNet.Attributes;
using Tessera.Protocol.Client;

namespace Tessera.Benchmarks.Protocol;

/// What the client's per-read timeout costs a read: a point-select answer (~200 bytes) read
/// straight from the stream vs through ReadTimeoutStream (which stamps the read's start and end).
[MemoryDiagnoser]
public class ReadTimeoutStreamBenchmarks
{
    private readonly byte[] buffer = new byte[16 * 1024];
    private Stream direct = null!;
    private Stream timed = null!;

    [GlobalSetup]
    public void Setup()
    {
        direct = new AnswerStream();
        timed = new ReadTimeoutStream(new AnswerStream(), TimeSpan.FromSeconds(30));
    }

    [GlobalCleanup]
    public void Cleanup() => timed.Dispose();

    [Benchmark(Baseline = true)]
    public ValueTask<int> Direct() => direct.ReadAsync(buffer);

    [Benchmark]
    public ValueTask<int> WithReadTimeout() => timed.ReadAsync(buffer);

    // A socket whose answer is always already there: 200 bytes per read, completed synchronously.
    private sealed class AnswerStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Math.Min(count, 200);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Math.Min(buffer.Length, 200));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
