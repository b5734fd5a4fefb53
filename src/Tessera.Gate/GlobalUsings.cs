global using Tessera.Sql.Ast;
global using Tessera.Sql.Ast.Expressions;
global using Tessera.Sql.Ast.Statements;
global using Tessera.Sql.Ast.Tables;
global using Tessera.Sql.Formatting;
