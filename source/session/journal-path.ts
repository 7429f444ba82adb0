/** The journal of a session file; a `.bak` restored by hand shares its session's journal. */
export function journalFor(file: string): string {
  return `${file.replace(/\.bak$/, "")}.journal`;
}
