// How `npm run coverage` joins what ran in-process with what ran in child processes.
//
// The two halves come from different instrumenters and do not share locations. The in-process half
// (vitest's AST-aware v8 remapping) has statements, functions and branch arms with exact columns;
// the child half (c8 over the bundle's source maps) has one "statement" per physical line and one
// branch per V8 block. istanbul's merge is a union by location, so a line or block that ran only
// in-process still counted as NOT run whenever the child half listed it with 0 hits: every
// continuation line of a multi-line statement, every comment and closing brace inside a function,
// and every V8 block, of code that only the in-process tests reach (sign-ledger.ts: 94 % of its
// lines in-process, 36 % in children, 66 % "merged").
//
// So, before the union, each half's zeros are checked against the other half's evidence, the way V8
// itself decides a line (the innermost range around it says whether it ran):
// - a child block with 0 hits counts as run when an in-process statement inside it ran;
// - a child line with 0 hits counts as run when the innermost range that holds the line's text (an
//   in-process statement, function or branch arm, or a child block as just decided) ran;
// - an in-process branch arm with 0 hits counts as run when a child line or block lying wholly
//   inside it ran.
// Nothing is counted run without a hit from one of the two halves inside it.
import libCoverage from "istanbul-lib-coverage";

const col = (c) => (c === null || c === undefined ? Number.POSITIVE_INFINITY : c);
const hasPos = (p) => p && typeof p.line === "number";
const le = (a, b) => a.line < b.line || (a.line === b.line && col(a.column) <= col(b.column));
const holds = (outer, inner) => le(outer.start, inner.start) && le(inner.end, outer.end);
const span = (r) => [r.start.line, col(r.start.column), -r.end.line, -col(r.end.column)];
const inner = (a, b) => {
  // The range that starts later (or, starting together, ends sooner) is the inner one.
  const x = span(a);
  const y = span(b);
  for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i] > y[i] ? a : b;
  return a;
};

function rangesOf(fc) {
  const out = [];
  for (const [k, loc] of Object.entries(fc.statementMap))
    out.push({ ...loc, count: fc.s[k], statement: true });
  for (const [k, fn] of Object.entries(fc.fnMap))
    if (hasPos(fn.loc?.start)) out.push({ ...fn.loc, count: fc.f[k] });
  for (const [k, br] of Object.entries(fc.branchMap))
    br.locations.forEach((loc, i) => {
      if (hasPos(loc.start) && hasPos(loc.end)) out.push({ ...loc, count: fc.b[k][i] });
    });
  return out;
}

function innermostHolding(ranges, r) {
  let best;
  for (const x of ranges) if (holds(x, r)) best = best ? inner(best, x) : x;
  return best;
}

/** The line's own text, without its indentation and trailing blanks, as a range. */
function textOf(lines, n) {
  const t = lines[n - 1] ?? "";
  const from = t.search(/\S/);
  if (from < 0) return undefined;
  return { start: { line: n, column: from }, end: { line: n, column: t.trimEnd().length } };
}

/**
 * `inproc` and `child` are the two halves' data for one file (istanbul's JSON), `lines` its source
 * lines. Returns both with the zeros the other half disproves turned into 1.
 */
export function reconcile(inproc, child, lines) {
  const i = JSON.parse(JSON.stringify(inproc));
  const c = JSON.parse(JSON.stringify(child));
  const iRanges = rangesOf(i);
  const ranIn = iRanges.filter((r) => r.statement && r.count > 0);
  const blocks = [];
  for (const [k, br] of Object.entries(c.branchMap))
    br.locations.forEach((loc, n) => {
      if (!hasPos(loc.start) || !hasPos(loc.end)) return;
      if (c.b[k][n] === 0 && ranIn.some((s) => holds(loc, s))) c.b[k][n] = 1;
      blocks.push({ ...loc, count: c.b[k][n] });
    });
  const around = [...iRanges, ...blocks];
  for (const [k, loc] of Object.entries(c.statementMap)) {
    if (c.s[k] > 0) continue;
    const text = textOf(lines, loc.start.line);
    const at = text && innermostHolding(around, text);
    if (at && at.count > 0) c.s[k] = 1;
  }
  const ranInChild = [
    ...Object.entries(c.statementMap)
      .filter(([k]) => c.s[k] > 0 && child.s[k] > 0)
      .map(([, loc]) => textOf(lines, loc.start.line))
      .filter(Boolean),
    ...Object.entries(c.branchMap).flatMap(([k, br]) =>
      br.locations.filter((loc, n) => child.b[k][n] > 0 && hasPos(loc.start)),
    ),
  ];
  for (const [k, br] of Object.entries(i.branchMap))
    br.locations.forEach((loc, n) => {
      if (i.b[k][n] > 0 || !hasPos(loc.start) || !hasPos(loc.end)) return;
      if (ranInChild.some((r) => holds(loc, r))) i.b[k][n] = 1;
    });
  return { inproc: i, child: c };
}

/**
 * The union of two halves already reconciled: every statement, function and branch of either, hits
 * added where both name the same location. (istanbul's own merge would also add the hits of the
 * nearest range around an unmatched one, so a child's line inside an in-process `if` that ran
 * counted as run even when the in-process statement on that line did not.)
 */
export function union(a, b) {
  const out = { path: a.path, statementMap: {}, s: {}, fnMap: {}, f: {}, branchMap: {}, b: {} };
  const key = (loc) => `${loc.start.line}|${loc.start.column}|${loc.end.line}|${loc.end.column}`;
  const add = (mapName, hitName, locOf, plus) => {
    const seen = new Map();
    for (const half of [a, b])
      for (const [k, item] of Object.entries(half[mapName])) {
        const id = `${item.type ?? ""}@${key(locOf(item))}`;
        const at = seen.get(id);
        if (at === undefined) {
          const n = String(seen.size);
          seen.set(id, n);
          out[mapName][n] = item;
          out[hitName][n] = structuredClone(half[hitName][k]);
        } else out[hitName][at] = plus(out[hitName][at], half[hitName][k]);
      }
  };
  add(
    "statementMap",
    "s",
    (x) => x,
    (x, y) => x + y,
  );
  add(
    "fnMap",
    "f",
    (x) => x.loc,
    (x, y) => x + y,
  );
  add(
    "branchMap",
    "b",
    (x) => x.loc,
    (x, y) => (x.length === y.length ? x.map((v, i) => v + y[i]) : x.map((v) => v)),
  );
  return out;
}

/** Both halves (coverage-final.json objects keyed by file) as one istanbul coverage map. */
export function mergeHalves(inproc, child, readLines) {
  const map = libCoverage.createCoverageMap({});
  const files = new Set([...Object.keys(inproc), ...Object.keys(child)]);
  for (const file of files) {
    const a = inproc[file];
    const b = child[file];
    if (a && b) {
      const r = reconcile(a, b, readLines(file));
      map.addFileCoverage(union(r.inproc, r.child));
    } else map.addFileCoverage(structuredClone(a ?? b));
  }
  return map;
}
