/**
 * Phrasing content flattened to one string, with a map back to the text nodes it came from, so a
 * blank or a check box found in the string can be traced to its place in the source.
 */
import type { Nodes, PhrasingContent } from "mdast";

export interface Segment {
  text: string;
  /** Offset of this segment in the flattened string. */
  at: number;
  node: PhrasingContent;
  code: boolean;
}

export interface Flat {
  text: string;
  segments: Segment[];
}

export function flatten(nodes: PhrasingContent[]): Flat {
  const segments: Segment[] = [];
  let text = "";
  const walk = (ns: PhrasingContent[]) => {
    for (const n of ns) {
      if (n.type === "text" || n.type === "inlineCode") {
        segments.push({ text: n.value, at: text.length, node: n, code: n.type === "inlineCode" });
        text += n.value;
      } else if (n.type === "break") {
        text += "\n";
      } else if ("children" in n) {
        walk(n.children as PhrasingContent[]);
      }
    }
  };
  walk(nodes);
  return { text, segments };
}

export function flattenBlocks(nodes: Nodes[]): string {
  return nodes
    .map((n) => {
      if (n.type === "paragraph") return flatten(n.children).text;
      if ("children" in n) return flattenBlocks(n.children as Nodes[]);
      return "";
    })
    .join(" ");
}

export function segmentAt(flat: Flat, at: number): Segment | undefined {
  return flat.segments.find((s) => at >= s.at && at < s.at + s.text.length);
}

/**
 * `Error rate < 1% →` → label `Error rate`, target `< 1%`. The label is on the blank's own line:
 * Markdown's line endings are \n, \r\n and a lone \r.
 */
export function splitLabel(before: string): { label: string; target?: string } {
  let s = before
    .split(/\r\n?|\n/)
    .at(-1)!
    .trim();
  s = s.replace(/[→:>-]+\s*$/u, "").trim();
  const cmp = /^(.*?)\s*([<>]=?\s*\d+(?:\.\d+)?\s*(?:%|ms|s)?)\s*$/s.exec(s);
  if (cmp?.[1]) return { label: cmp[1].trim(), target: cmp[2]!.replace(/\s+/g, " ") };
  return { label: s };
}
