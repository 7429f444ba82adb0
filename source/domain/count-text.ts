/**
 * A count as en-US writes it ("12,345"), without the runtime's Intl: formatting one number through
 * ICU maps ~5 MB of its locale data into the process for good, a twentieth of the cockpit's RSS
 * (bench/RESULTS.md §0zn). Anything but a safe integer is left to toLocaleString, which it equals.
 */
export function countText(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString("en-US");
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+$)/g, ",");
  return n < 0 || Object.is(n, -0) ? `-${digits}` : digits;
}
