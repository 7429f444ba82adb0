/**
 * CloudWatch metric math, the subset golive uses in GetMetricData: + - * / ( ), numbers, ids of
 * other queries, and FILL(series, number). Series are datapoints by timestamp.
 */
import { AwsError } from "./protocol.js";

export type Series = Map<number, number>;

type Value = Series | number;

export function toSeries(v: Value): Series {
  return typeof v === "number" ? new Map() : v;
}

export function evaluate(
  expr: string,
  id: string,
  values: Map<string, Series>,
  ids: Set<string>,
  r: { start: number; end: number; period: number },
): Value {
  const tokens = expr.match(/\s*(\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|[-+*/(),])\s*/g);
  if (!tokens || tokens.join("").replace(/\s/g, "") !== expr.replace(/\s/g, "")) {
    throw new AwsError("ValidationError", `Error in expression ${id}: Unrecognized token in "${expr}"`);
  }
  const toks = tokens.map((t) => t.trim());
  let i = 0;
  const fail = (msg: string): never => {
    throw new AwsError("ValidationError", `Error in expression ${id}: ${msg}`);
  };
  const peek = () => toks[i];
  const take = (want?: string) => {
    const t = toks[i++];
    if (want !== undefined && t !== want) fail(`expected "${want}" but found "${t ?? "end of expression"}"`);
    return t;
  };
  const binary = (a: Value, b: Value, f: (x: number, y: number) => number): Value => {
    if (typeof a === "number" && typeof b === "number") return f(a, b);
    const out: Series = new Map();
    if (typeof a === "number") for (const [t, v] of b as Series) put(out, t, f(a, v));
    else if (typeof b === "number") for (const [t, v] of a) put(out, t, f(v, b));
    else for (const [t, v] of a) if (b.has(t)) put(out, t, f(v, b.get(t)!));
    return out;
  };
  const primary = (): Value => {
    const t = take();
    if (t === undefined) return fail("unexpected end of expression");
    if (t === "(") {
      const v = sum();
      take(")");
      return v;
    }
    if (t === "-") return binary(0, primary(), (a, b) => a - b);
    if (/^\d/.test(t)) return Number(t);
    if (peek() === "(") {
      take("(");
      const fn = t.toUpperCase();
      if (fn !== "FILL") fail(`unsupported function ${t}`);
      const series = sum();
      take(",");
      const fillTok = take();
      const fill = Number(fillTok);
      if (!Number.isFinite(fill)) fail(`FILL needs a number, got "${fillTok}"`);
      take(")");
      const out: Series = new Map(typeof series === "number" ? [] : series);
      for (let ts = Math.floor(r.start / r.period) * r.period; ts < r.end; ts += r.period)
        if (!out.has(ts)) out.set(ts, fill);
      return out;
    }
    if (!ids.has(t)) fail(`Unrecognized metric or expression id "${t}"`);
    return values.get(t) ?? new Map();
  };
  const product = (): Value => {
    let v = primary();
    while (peek() === "*" || peek() === "/") {
      const op = take();
      const rhs = primary();
      v = binary(v, rhs, op === "*" ? (a, b) => a * b : (a, b) => a / b);
    }
    return v;
  };
  const sum = (): Value => {
    let v = product();
    while (peek() === "+" || peek() === "-") {
      const op = take();
      const rhs = product();
      v = binary(v, rhs, op === "+" ? (a, b) => a + b : (a, b) => a - b);
    }
    return v;
  };
  const result = sum();
  if (i < toks.length) fail(`unexpected "${toks[i]}"`);
  return result;
}

export function put(s: Series, t: number, v: number) {
  if (Number.isFinite(v)) s.set(t, v);
}
