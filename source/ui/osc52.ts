/**
 * golive's own clipboard write: OSC 52 through the terminal (works over SSH, and in tmux with
 * allow-passthrough or set-clipboard on). Kept apart from Ink so the headless `golive message`
 * copies the same way without loading the cockpit. The text travels base64-encoded, so nothing in a
 * message can end the sequence early or start another one. Written as bytes: the CLI's sanitising
 * stream (commands/safe-stream.ts) escapes every string, and this is the one sequence golive means.
 */
export function osc52(stdout: NodeJS.WritableStream, env: NodeJS.ProcessEnv, text: string): void {
  const seq = `\x1b]52;c;${Buffer.from(text, "utf8").toString("base64")}\x07`;
  stdout.write(Buffer.from(env.TMUX ? `\x1bPtmux;${seq.replace(/\x1b/g, "\x1b\x1b")}\x1b\\` : seq));
  if (env.TMUX) stdout.write(Buffer.from(seq));
}
