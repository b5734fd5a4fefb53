namespace Tessera.Vindexes;

// The few value shapes a vindex needs to tell apart (Vitess sqltypes: signed, unsigned, binary,
// text, NULL). The gate converts its literals and bind variables to these.
public enum SqlValueKind : byte
{
    Null,
    Int64,
    UInt64,
    Binary,
    Text,
}
