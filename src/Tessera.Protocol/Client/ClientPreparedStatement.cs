using Tessera.Protocol.Payloads;

namespace Tessera.Protocol.Client;

/// A statement prepared on the server by COM_STMT_PREPARE; executions return binary rows.
public sealed record ClientPreparedStatement(uint Id, int ParameterCount, IReadOnlyList<ColumnDefinition> Columns);
