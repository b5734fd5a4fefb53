namespace Tessera.Binlog.Events;

/// binlog_checksum values as written in FORMAT_DESCRIPTION (enum_binlog_checksum_alg).
public enum ChecksumAlgorithm : byte
{
    Off = 0,
    Crc32 = 1,
    Undefined = 255,
}
