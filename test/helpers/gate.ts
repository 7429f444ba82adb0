/**
 * A gate that in-memory ports await (a slow disk, a poll still running): open, `wait` is undefined
 * and passes at once; `shut()` closes it and returns the function that opens it again.
 */
export function gate(): { readonly wait: Promise<void> | undefined; shut(): () => void } {
  let closed: Promise<void> | undefined;
  return {
    get wait() {
      return closed;
    },
    shut() {
      let open = () => {};
      closed = new Promise((r) => {
        open = r;
      });
      return () => {
        closed = undefined;
        open();
      };
    },
  };
}
