using System.Buffers.Binary;

namespace Tessera.Binlog.Rows;

/// MariaDB's binary DECIMAL (strings/decimal.c, decimal2bin): digits in groups of nine, each
/// group a big-endian 4-byte integer, leftover digits in 1-4 bytes; sign in the top bit of the
/// first byte (set = positive), negative numbers stored with every byte inverted.
internal static class DecimalCodec
{
    private const int DigitsPerGroup = 9;
    private static readonly int[] BytesForDigits = [0, 1, 1, 2, 2, 3, 3, 4, 4, 4];

    public static int BinarySize(int precision, int scale)
    {
        var integer = precision - scale;
        return (integer / DigitsPerGroup * 4) + BytesForDigits[integer % DigitsPerGroup] +
               (scale / DigitsPerGroup * 4) + BytesForDigits[scale % DigitsPerGroup];
    }

    public static string Format(ReadOnlySpan<byte> data, int precision, int scale)
    {
        var size = BinarySize(precision, scale);
        if (data.Length < size)
            throw new BinlogException($"DECIMAL({precision},{scale}) needs {size} bytes, has {data.Length}");
        Span<byte> buffer = stackalloc byte[size];
        data[..size].CopyTo(buffer);
        var negative = (buffer[0] & 0x80) == 0;
        buffer[0] ^= 0x80;
        if (negative)
        {
            for (var i = 0; i < size; i++)
                buffer[i] = (byte)~buffer[i];
        }

        var integerDigits = precision - scale;
        Span<char> text = stackalloc char[precision + 3];
        var length = 0;
        if (negative)
            text[length++] = '-';
        var start = length;
        var offset = 0;
        var leading = integerDigits % DigitsPerGroup;
        var leadingBytes = BytesForDigits[leading];
        if (leadingBytes > 0)
        {
            AppendDigits(text, ref length, ReadGroup(buffer.Slice(offset, leadingBytes)), leading);
            offset += leadingBytes;
        }
        for (var g = 0; g < integerDigits / DigitsPerGroup; g++, offset += 4)
            AppendDigits(text, ref length, ReadGroup(buffer.Slice(offset, 4)), DigitsPerGroup);

        // Strip leading zeros of the integer part, keeping one.
        var firstNonZero = start;
        while (firstNonZero < length - 1 && text[firstNonZero] == '0')
            firstNonZero++;
        if (length == start)
            text[length++] = '0';
        else if (firstNonZero > start)
        {
            text[firstNonZero..length].CopyTo(text[start..]);
            length -= firstNonZero - start;
        }

        if (scale > 0)
        {
            text[length++] = '.';
            for (var g = 0; g < scale / DigitsPerGroup; g++, offset += 4)
                AppendDigits(text, ref length, ReadGroup(buffer.Slice(offset, 4)), DigitsPerGroup);
            var trailing = scale % DigitsPerGroup;
            if (trailing > 0)
                AppendDigits(text, ref length, ReadGroup(buffer.Slice(offset, BytesForDigits[trailing])), trailing);
        }
        return new string(text[..length]);
    }

    private static uint ReadGroup(ReadOnlySpan<byte> bytes) => bytes.Length switch
    {
        1 => bytes[0],
        2 => BinaryPrimitives.ReadUInt16BigEndian(bytes),
        3 => (uint)((bytes[0] << 16) | (bytes[1] << 8) | bytes[2]),
        _ => BinaryPrimitives.ReadUInt32BigEndian(bytes),
    };

    private static void AppendDigits(Span<char> text, ref int length, uint value, int digits)
    {
        if (value >= Pow10(digits))
            throw new BinlogException($"DECIMAL group value {value} has more than {digits} digits");
        for (var i = digits - 1; i >= 0; i--)
        {
            text[length + i] = (char)('0' + (value % 10));
            value /= 10;
        }
        length += digits;
    }

    private static uint Pow10(int digits)
    {
        uint result = 1;
        for (var i = 0; i < digits; i++)
            result *= 10;
        return result;
    }
}
