import { type Disk, nodeDisk } from "../../source/session/disk.js";

/** nodeDisk running `before(n)` ahead of the nth open of `path` (to move or count a file as it is read). */
export function onOpen(path: string, before: (n: number) => void = () => {}): Disk {
  let n = 0;
  return {
    ...nodeDisk,
    open: async (p, f, m) => {
      if (p === path) before(++n);
      return nodeDisk.open(p, f, m);
    },
  };
}
