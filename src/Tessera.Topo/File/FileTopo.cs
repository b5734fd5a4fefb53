using System.Buffers.Binary;
using Tessera.Topo.Backend;

namespace Tessera.Topo.File;

// The embedded backend: a directory that several processes on one machine share.
//
// Layout under the root:
//   <path>/.data      one node: 8-byte little-endian version, then the node's bytes. Written to
//                     .tmp/ first and renamed into place, so a reader sees the old file or the
//                     new one, never a torn write; reads take no lock.
//   .topo.lock        held exclusively (FileShare.None, which .NET maps to flock on Unix) around
//                     every compare-and-swap; its 8 bytes are the store-wide revision counter
//                     that versions come from (etcd-style, so delete + re-create never reuses a
//                     version).
//   .locks/<escaped>  named locks (FileLockRecord), see FileTopoLock.
// A node's directory doubles as the directory of its children, so a path can be both.
// Files are not fsync'd: a crash of the process loses nothing, a power cut may.
public sealed partial class FileTopo : ITopoBackend
{
    internal const string DataFile = ".data";
    private const string MutexFile = ".topo.lock";

    public FileTopo(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(TempDir);
        Directory.CreateDirectory(LocksDir);
        RemoveStaleTempFiles();
    }

    public string Root { get; }

    // How often a watch re-reads its node; changes are seen within this (plus a read).
    public TimeSpan WatchPollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    // How often a waiting LockAsync looks again.
    public TimeSpan LockPollInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    private string TempDir => Path.Combine(Root, ".tmp");

    private string LocksDir => Path.Combine(Root, ".locks");

    public async Task<TopoVersion> CreateAsync(string path, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var file = DataPath(path);
        using var mutex = await AcquireMutexAsync(path, cancellationToken);
        if (System.IO.File.Exists(file))
            throw new TopoException(TopoErrorCode.NodeExists, path);
        return WriteNode(mutex, file, data.Span);
    }

    public Task<TopoNode> GetAsync(string path, CancellationToken cancellationToken = default)
    {
        var node = TryRead(DataPath(path)) ?? throw new TopoException(TopoErrorCode.NoNode, path);
        return Task.FromResult(node);
    }

    public async Task<TopoVersion> UpdateAsync(string path, ReadOnlyMemory<byte> data, TopoVersion? expectedVersion, CancellationToken cancellationToken = default)
    {
        var file = DataPath(path);
        using var mutex = await AcquireMutexAsync(path, cancellationToken);
        if (expectedVersion is { } expected)
        {
            var current = TryReadVersion(file) ?? throw new TopoException(TopoErrorCode.NoNode, path);
            if (current != expected)
                throw new TopoException(TopoErrorCode.BadVersion, path, $"bad node version: {path} (expected {expected}, is {current})");
        }
        return WriteNode(mutex, file, data.Span);
    }

    public async Task DeleteAsync(string path, TopoVersion? expectedVersion, CancellationToken cancellationToken = default)
    {
        var file = DataPath(path);
        using var mutex = await AcquireMutexAsync(path, cancellationToken);
        var current = TryReadVersion(file) ?? throw new TopoException(TopoErrorCode.NoNode, path);
        if (expectedVersion is { } expected && current != expected)
            throw new TopoException(TopoErrorCode.BadVersion, path, $"bad node version: {path} (expected {expected}, is {current})");
        NextRevision(mutex);
        System.IO.File.Delete(file);
        // Prune directories left empty, under the mutex so no create races into them.
        for (var dir = Path.GetDirectoryName(file); dir is not null && dir.Length > Root.Length; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.EnumerateFileSystemEntries(dir).Any())
                break;
            Directory.Delete(dir);
        }
    }

    public Task<IReadOnlyList<string>> ListAsync(string dirPath, CancellationToken cancellationToken = default)
    {
        var segments = TopoPath.Validate(dirPath, allowRoot: true);
        var dir = segments.Length == 0 ? Root : Path.Combine(Root, Path.Combine(segments));
        var names = new List<string>();
        string[] children;
        try
        {
            children = Directory.GetDirectories(dir);
        }
        catch (DirectoryNotFoundException)
        {
            children = [];
        }
        foreach (var child in children)
        {
            var name = Path.GetFileName(child);
            if (name.StartsWith('.'))
                continue;
            try
            {
                // A directory caught between mkdir and its first file, or being pruned by a
                // concurrent delete, is not there.
                if (Directory.EnumerateFileSystemEntries(child).Any())
                    names.Add(name);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
        if (names.Count == 0)
            throw new TopoException(TopoErrorCode.NoNode, dirPath);
        names.Sort(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<string>>(names);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private string DataPath(string path)
    {
        var segments = TopoPath.Validate(path);
        return Path.Combine(Root, Path.Combine(segments), DataFile);
    }

    // Called with the mutex held.
    private TopoVersion WriteNode(FileStream mutex, string file, ReadOnlySpan<byte> data)
    {
        var version = NextRevision(mutex);
        var bytes = new byte[8 + data.Length];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, version.Value);
        data.CopyTo(bytes.AsSpan(8));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        WriteAtomically(file, bytes);
        return version;
    }

    internal void WriteAtomically(string file, byte[] bytes)
    {
        var temp = Path.Combine(TempDir, Guid.NewGuid().ToString("N"));
        System.IO.File.WriteAllBytes(temp, bytes);
        System.IO.File.Move(temp, file, overwrite: true);
    }

    // Temp files of writers that died between write and rename. Only old ones: a young one may
    // be another process's write in flight.
    private void RemoveStaleTempFiles()
    {
        var cutoff = DateTime.UtcNow.AddMinutes(-10);
        foreach (var f in new DirectoryInfo(TempDir).EnumerateFiles())
        {
            try
            {
                if (f.LastWriteTimeUtc < cutoff)
                    f.Delete();
            }
            catch (IOException)
            {
            }
        }
    }

    private static TopoVersion NextRevision(FileStream mutex)
    {
        Span<byte> buffer = stackalloc byte[8];
        mutex.Position = 0;
        var read = mutex.ReadAtLeast(buffer, 8, throwOnEndOfStream: false);
        var revision = read == 8 ? BinaryPrimitives.ReadInt64LittleEndian(buffer) : 0;
        revision++;
        BinaryPrimitives.WriteInt64LittleEndian(buffer, revision);
        mutex.Position = 0;
        mutex.Write(buffer);
        mutex.Flush();
        return new TopoVersion(revision);
    }

    internal static TopoNode? TryRead(string file)
    {
        byte[] bytes;
        try
        {
            bytes = System.IO.File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        if (bytes.Length < 8)
            throw new TopoException(TopoErrorCode.BadData, file, $"corrupt topo node file {file}: {bytes.Length} bytes");
        return new TopoNode(bytes[8..], new TopoVersion(BinaryPrimitives.ReadInt64LittleEndian(bytes)));
    }

    private static TopoVersion? TryReadVersion(string file) => TryRead(file)?.Version;

    // Serialises compare-and-swap across threads and processes. The OS drops the flock when the
    // holder dies, so a crashed writer never wedges the store.
    internal async Task<FileStream> AcquireMutexAsync(string forPath, CancellationToken cancellationToken)
    {
        var file = Path.Combine(Root, MutexFile);
        var backoff = 1;
        while (true)
        {
            try
            {
                return new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
            }
            catch (IOException e) when (e is not (DirectoryNotFoundException or FileNotFoundException))
            {
                try
                {
                    await Task.Delay(Random.Shared.Next(backoff) + 1, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    throw new TopoException(TopoErrorCode.Interrupted, forPath, $"interrupted waiting for the topo store lock ({forPath})");
                }
                backoff = Math.Min(backoff * 2, 16);
            }
        }
    }
}
