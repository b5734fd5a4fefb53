namespace Tessera.Gate.Engine;

// What a streaming primitive needs beyond IVCursor (Vitess: VCursor.StreamExecuteMulti): one
// shard's rows as the tablet reads them. The first result carries the fields, later ones rows
// only. Ending the enumeration early (disposing the enumerator) cancels that shard's stream, so
// the tablet gives its stream connection back.
internal interface IStreamCursor : IVCursor
{
    IAsyncEnumerable<Result> StreamShardAsync(string keyspace, string shard, BoundQuery query, CancellationToken cancellationToken);
}
