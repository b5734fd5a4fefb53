using Tessera.Topo.Backend;

namespace Tessera.Topo.File;

public sealed partial class FileTopo
{
    public async Task<ITopoLock> LockAsync(string path, string purpose, TimeSpan timeout, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        TopoPath.Validate(path);
        var file = LockFilePath(path);
        var owner = Guid.NewGuid().ToString("N");
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            using (var mutex = await AcquireMutexAsync(path, cancellationToken))
            {
                var now = DateTimeOffset.UtcNow;
                var held = ReadLock(file);
                if (held is null || held.IsExpired(now) || held.HolderIsDead())
                {
                    WriteAtomically(file, NewRecord(owner, purpose, now + ttl).ToBytes());
                    return new FileTopoLock(this, path, purpose, ttl, owner);
                }
                if (now >= deadline)
                {
                    throw new TopoException(TopoErrorCode.Timeout, path,
                        $"timed out after {timeout} waiting for lock {path} ({purpose}); held by pid {held.Pid} for '{held.Purpose}'");
                }
            }
            var wait = deadline - DateTimeOffset.UtcNow;
            try
            {
                await Task.Delay(wait < LockPollInterval ? (wait > TimeSpan.Zero ? wait : TimeSpan.Zero) : LockPollInterval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw new TopoException(TopoErrorCode.Interrupted, path, $"interrupted waiting for lock {path} ({purpose})");
            }
        }
    }

    internal string LockFilePath(string path) => Path.Combine(LocksDir, Uri.EscapeDataString(path));

    private static FileLockRecord NewRecord(string owner, string purpose, DateTimeOffset expires) =>
        new(owner, Environment.ProcessId, Environment.MachineName, purpose, expires.ToUnixTimeMilliseconds());

    private static FileLockRecord? ReadLock(string file)
    {
        try
        {
            return FileLockRecord.TryParse(System.IO.File.ReadAllBytes(file));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private async Task<bool> RenewLockAsync(string path, string owner, string purpose, TimeSpan ttl)
    {
        var file = LockFilePath(path);
        using var mutex = await AcquireMutexAsync(path, CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        var held = ReadLock(file);
        if (held is null || held.Owner != owner || held.IsExpired(now))
            return false;
        WriteAtomically(file, NewRecord(owner, purpose, now + ttl).ToBytes());
        return true;
    }

    private bool LockHeld(string path, string owner)
    {
        var held = ReadLock(LockFilePath(path));
        return held is not null && held.Owner == owner && !held.IsExpired(DateTimeOffset.UtcNow);
    }

    private async Task ReleaseLockAsync(string path, string owner)
    {
        var file = LockFilePath(path);
        using var mutex = await AcquireMutexAsync(path, CancellationToken.None);
        if (ReadLock(file)?.Owner == owner)
            System.IO.File.Delete(file);
    }

    private sealed class FileTopoLock(FileTopo topo, string path, string purpose, TimeSpan ttl, string owner)
        : RenewingLock(path, purpose, ttl)
    {
        protected override Task<bool> RenewAsync() => topo.RenewLockAsync(Path, owner, Purpose, Ttl);

        protected override Task<bool> StillHeldAsync(CancellationToken cancellationToken) => Task.FromResult(topo.LockHeld(Path, owner));

        protected override Task ReleaseAsync() => topo.ReleaseLockAsync(Path, owner);
    }
}
