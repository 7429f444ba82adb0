/** Colours, and the same information as symbols and words, so NO_COLOR and a shared screen lose nothing. */
export interface Theme {
  color: boolean;
  c(name: string): string | undefined;
}

export function makeTheme(env: NodeJS.ProcessEnv): Theme {
  const color = !("NO_COLOR" in env) && env.TERM !== "dumb";
  return { color, c: (name) => (color ? name : undefined) };
}

export const COLORS = {
  ok: "green",
  warn: "yellow",
  bad: "red",
  dim: "gray",
  blue: "blue",
  green: "green",
  accent: "cyan",
} as const;
