using System.Globalization;
using System.Text.Json.Nodes;
using Tessera.Gate.Evaluation;
using QType = Tessera.Rpc.Query.Type;

namespace Tessera.Gate.Engine;

// Merges per-shard partial aggregates. Its input comes sorted by the GROUP BY columns (the route
// below pushed them into ORDER BY and merge-sorts), so equal groups are adjacent and one pass
// suffices; output keeps that order, which is also MariaDB's implicit GROUP BY order. Without
// GROUP BY (Scalar) there is always exactly one row, as MySQL answers `count(*)` on no rows.
// Columns that are neither grouped nor aggregated keep the group's first value (MySQL's "any").
// Vitess: engine.OrderedAggregate / ScalarAggregate.
internal sealed partial class OrderedAggregate(IPrimitive input, IReadOnlyList<AggregateParam> aggregates, IReadOnlyList<int> groupBy, bool scalar) : IPrimitive
{
    public async ValueTask<Result> ExecuteAsync(IVCursor cursor, IReadOnlyDictionary<string, BindValue> bindVariables, CancellationToken cancellationToken)
    {
        var result = await input.ExecuteAsync(cursor, bindVariables, cancellationToken).ConfigureAwait(false);
        var rows = new List<Value[]>();
        var grouping = new Grouping(this);
        foreach (var row in result.Rows)
        {
            grouping.Add(row, rows);
        }

        grouping.End(rows, result.Fields.Count);
        return new Result(Fields(result.Fields), rows);
    }

    private bool SameGroup(Value[] a, Value[] b)
    {
        foreach (var g in groupBy)
        {
            if (Value.Compare(a[g], b[g]) != 0)
            {
                return false;
            }
        }

        return true;
    }

    private bool IsScalar => scalar;

    private Accumulator[] NewAccumulators() => [.. aggregates.Select(a => new Accumulator(a))];

    private static Value[] Finish(Value[] first, Accumulator[] acc)
    {
        var row = (Value[])first.Clone();
        foreach (var a in acc)
        {
            row[a.Param.Column] = a.Result();
        }

        return row;
    }

    // One pass over rows sorted by the group keys, fed a row at a time (a whole result, or batches
    // as they stream in): a group's row is output when the next group starts, and the last at End.
    private sealed class Grouping(OrderedAggregate owner)
    {
        private Accumulator[]? _acc;
        private Value[]? _current;

        public void Add(Value[] row, List<Value[]> output)
        {
            if (_current is null || !owner.SameGroup(_current, row))
            {
                if (_current is not null)
                {
                    output.Add(Finish(_current, _acc!));
                }

                _current = row;
                _acc = owner.NewAccumulators();
            }

            foreach (var a in _acc!)
            {
                a.Add(row);
            }
        }

        // Without GROUP BY there is always one row, also over no rows (`count(*)` answers 0).
        public void End(List<Value[]> output, int columns)
        {
            if (_current is not null)
            {
                output.Add(Finish(_current, _acc!));
            }
            else if (owner.IsScalar)
            {
                output.Add(Finish(new Value[columns], owner.NewAccumulators()));
            }

            _current = null;
        }
    }

    private IReadOnlyList<Field> Fields(IReadOnlyList<Field> fields)
    {
        var list = fields.ToList();
        foreach (var a in aggregates)
        {
            if (a.Column >= list.Count)
            {
                continue;
            }

            var t = a.Opcode switch
            {
                AggregateOpcode.SumCount or AggregateOpcode.CountDistinct => QType.Int64,
                AggregateOpcode.Sum or AggregateOpcode.Avg or AggregateOpcode.SumDistinct =>
                    list[a.Column].Type is QType.Float32 or QType.Float64 ? QType.Float64 : QType.Decimal,
                _ => list[a.Column].Type,
            };
            list[a.Column] = list[a.Column] with { Name = a.Alias, Type = t };
        }

        return list;
    }

    public JsonObject Describe()
    {
        var o = new JsonObject
        {
            ["OperatorType"] = "Aggregate",
            ["Variant"] = scalar ? "Scalar" : "Ordered",
            ["Aggregates"] = string.Join(", ", aggregates),
        };
        if (groupBy.Count > 0)
        {
            o["GroupBy"] = string.Join(", ", groupBy);
        }

        o["Inputs"] = new JsonArray(input.Describe());
        return o;
    }

    private sealed class Accumulator(AggregateParam param)
    {
        private long _count;
        private decimal _sum;
        private double _fsum;
        private bool _float;
        private bool _any;
        private int _scale;
        private Value _minMax;
        private Value _lastDistinct;
        private bool _seenDistinct;

        public AggregateParam Param => param;

        public void Add(Value[] row)
        {
            var v = row[param.Column];
            switch (param.Opcode)
            {
                case AggregateOpcode.SumCount:
                    _count += v.TryGetInt64(out var n) ? n : 0;
                    break;
                case AggregateOpcode.Sum:
                    AddSum(v);
                    break;
                case AggregateOpcode.Avg:
                    AddSum(v);
                    _count += row[param.CountColumn].TryGetInt64(out var c) ? c : 0;
                    break;
                case AggregateOpcode.Min or AggregateOpcode.Max:
                    if (!v.IsNull && (_minMax.IsNull || (param.Opcode == AggregateOpcode.Min ? Value.Compare(v, _minMax) < 0 : Value.Compare(v, _minMax) > 0)))
                    {
                        _minMax = v;
                    }

                    break;
                case AggregateOpcode.CountDistinct or AggregateOpcode.SumDistinct:
                    if (!v.IsNull && (!_seenDistinct || Value.Compare(v, _lastDistinct) != 0))
                    {
                        _seenDistinct = true;
                        _lastDistinct = v;
                        _count++;
                        AddSum(v);
                    }

                    break;
            }
        }

        private void AddSum(Value v)
        {
            if (v.IsNull)
            {
                return;
            }

            _any = true;
            if (v.IsFloat || _float || !v.TryGetDecimal(out var d))
            {
                if (!_float)
                {
                    _float = true;
                    _fsum = (double)_sum;
                }

                _fsum += v.ToDouble();
                return;
            }

            _scale = Math.Max(_scale, ArithmeticEval.Scale(d));
            _sum += d;
        }

        public Value Result() => param.Opcode switch
        {
            AggregateOpcode.SumCount or AggregateOpcode.CountDistinct => Value.FromInt64(_count),
            AggregateOpcode.Sum or AggregateOpcode.SumDistinct => !_any ? Value.Null : _float ? Value.FromDouble(_fsum) : Value.FromDecimal(ArithmeticEval.Fixed(_sum, _scale)),
            AggregateOpcode.Avg => !_any || _count == 0 ? Value.Null
                : _float ? Value.FromDouble(_fsum / _count)
                : Value.FromString(ArithmeticEval.Fixed(_sum / _count, _scale + 4).ToString("F" + (_scale + 4).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture), QType.Decimal),
            _ => _minMax,
        };
    }
}
