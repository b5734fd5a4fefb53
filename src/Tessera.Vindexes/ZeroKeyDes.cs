using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tessera.Vindexes;

// DES (FIPS 46-3) with the all-zero key, the permutation Vitess's `hash` vindex applies to a
// uint64. Used as a keyed-by-nothing bijection, not as a cipher: with a zero key every round key
// is zero, so a round is just R' = L ^ P(S(E(R))), and encryption is its own inverse (a DES weak
// key). Table-driven so one block costs ~100 table reads instead of a trip through OpenSSL
// (.NET's DES refuses this weak key; TripleDES with three zero keys takes ~1 µs a block).
// The tests check it against .NET's TripleDES on many values, both directions.
internal static class ZeroKeyDes
{
    // FIPS 46-3 tables, 1-based bit positions, bit 1 the most significant.
    private static readonly byte[] InitialPermutation =
    [
        58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4,
        62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
        57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3,
        61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7,
    ];

    private static readonly byte[] Permutation =
    [
        16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10,
        2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25,
    ];

    // S1..S8, each 4 rows of 16.
    private static readonly byte[] SBoxes =
    [
        14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7,
        0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
        4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0,
        15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13,

        15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10,
        3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
        0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15,
        13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9,

        10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8,
        13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
        13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7,
        1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12,

        7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15,
        13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
        10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4,
        3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14,

        2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9,
        14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
        4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14,
        11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3,

        12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11,
        10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
        9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6,
        4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13,

        4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1,
        13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
        1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2,
        6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12,

        13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7,
        1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
        7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8,
        2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11,
    ];

    // Byte-wise lookup tables: [byte index * 256 + byte value] -> that byte's permuted bits.
    private static readonly ulong[] IpTable = BuildPermutationTable(InitialPermutation);
    private static readonly ulong[] FpTable = BuildPermutationTable(Inverse(InitialPermutation));

    // [sbox * 64 + six input bits] -> P(S-box output in its place): the whole round function is
    // the XOR of eight lookups.
    private static readonly uint[] SpTable = BuildSpTable();

    public static ulong Encrypt(ulong block)
    {
        ulong ip = Permute(block, IpTable);
        uint left = (uint)(ip >> 32);
        uint right = (uint)ip;
        ref uint sp = ref MemoryMarshal.GetArrayDataReference(SpTable);

        // Two rounds per step, so the halves trade places without a temporary.
        for (int round = 0; round < 16; round += 2)
        {
            left ^= F(right, ref sp);
            right ^= F(left, ref sp);
        }

        // The last round does not swap: the pre-output block is R16 L16.
        return Permute(((ulong)right << 32) | left, FpTable);
    }

    // With the zero (weak) key, decryption is encryption.
    public static ulong Decrypt(ulong block) => Encrypt(block);

    // Indexes are 6-bit values (>> 26) plus a constant below 512 and bytes plus a constant below
    // 2048, always inside the tables, so reads skip bounds checks.
    private static uint F(uint r, ref uint sp)
    {
        // S-box i reads the six bits at positions 4i .. 4i+5 of R (position 0 is bit 32): the
        // expansion E, done by rotating that window to the top.
        return Unsafe.Add(ref sp, (int)(BitOperations.RotateRight(r, 1) >> 26))
            ^ Unsafe.Add(ref sp, 64 + (int)(BitOperations.RotateLeft(r, 3) >> 26))
            ^ Unsafe.Add(ref sp, 128 + (int)(BitOperations.RotateLeft(r, 7) >> 26))
            ^ Unsafe.Add(ref sp, 192 + (int)(BitOperations.RotateLeft(r, 11) >> 26))
            ^ Unsafe.Add(ref sp, 256 + (int)(BitOperations.RotateLeft(r, 15) >> 26))
            ^ Unsafe.Add(ref sp, 320 + (int)(BitOperations.RotateLeft(r, 19) >> 26))
            ^ Unsafe.Add(ref sp, 384 + (int)(BitOperations.RotateLeft(r, 23) >> 26))
            ^ Unsafe.Add(ref sp, 448 + (int)(BitOperations.RotateLeft(r, 27) >> 26));
    }

    private static ulong Permute(ulong x, ulong[] table)
    {
        ref ulong t = ref MemoryMarshal.GetArrayDataReference(table);
        return Unsafe.Add(ref t, (int)(x >> 56))
            | Unsafe.Add(ref t, 256 + (int)((x >> 48) & 0xFF))
            | Unsafe.Add(ref t, 512 + (int)((x >> 40) & 0xFF))
            | Unsafe.Add(ref t, 768 + (int)((x >> 32) & 0xFF))
            | Unsafe.Add(ref t, 1024 + (int)((x >> 24) & 0xFF))
            | Unsafe.Add(ref t, 1280 + (int)((x >> 16) & 0xFF))
            | Unsafe.Add(ref t, 1536 + (int)((x >> 8) & 0xFF))
            | Unsafe.Add(ref t, 1792 + (int)(x & 0xFF));
    }

    private static byte[] Inverse(byte[] permutation)
    {
        var inverse = new byte[permutation.Length];
        for (int j = 0; j < permutation.Length; j++)
        {
            inverse[permutation[j] - 1] = (byte)(j + 1);
        }

        return inverse;
    }

    private static ulong[] BuildPermutationTable(byte[] permutation)
    {
        var table = new ulong[8 * 256];
        for (int j = 1; j <= 64; j++)
        {
            int source = permutation[j - 1] - 1;
            int byteIndex = source / 8;
            int bitInByte = 7 - (source % 8);
            for (int v = 0; v < 256; v++)
            {
                if (((v >> bitInByte) & 1) != 0)
                {
                    table[(byteIndex * 256) + v] |= 1UL << (64 - j);
                }
            }
        }

        return table;
    }

    private static uint[] BuildSpTable()
    {
        var table = new uint[8 * 64];
        for (int box = 0; box < 8; box++)
        {
            for (int v = 0; v < 64; v++)
            {
                int row = ((v >> 4) & 2) | (v & 1);
                int col = (v >> 1) & 0xF;
                uint s = (uint)SBoxes[(box * 64) + (row * 16) + col] << (28 - (4 * box));
                uint p = 0;
                for (int j = 1; j <= 32; j++)
                {
                    p |= ((s >> (32 - Permutation[j - 1])) & 1) << (32 - j);
                }

                table[(box * 64) + v] = p;
            }
        }

        return table;
    }
}
