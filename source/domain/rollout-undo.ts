/** What an undo goes back to: the revision before, or the one the session recorded. */
import type { RevisionView, RolloutView } from "./rollout-views.js";

/** The revision `kubectl rollout undo` goes back to: the given one, or the newest before the current. */
export function undoTarget(v: RolloutView, toRevision?: number): RevisionView | { error: string } {
  const others = v.revisions.filter((r) => r.revision !== v.revision).sort((a, b) => b.revision - a.revision);
  if (toRevision !== undefined) {
    const r = v.revisions.find((x) => x.revision === toRevision);
    if (!r)
      return {
        error: `revision ${toRevision} of ${v.deployment} not found (have ${v.revisions.map((x) => x.revision).join(", ")})`,
      };
    if (r.revision === v.revision)
      return { error: `revision ${toRevision} is the current one: nothing to undo` };
    return r;
  }
  return others[0] ?? { error: `${v.deployment} has no previous revision to go back to` };
}

/**
 * The revision a rollback goes to when the session already recorded one (its images): never
 * "the previous revision" again, which after one undo is the bad one (`kubectl rollout undo` run
 * twice toggles back). Already on those images: nothing to undo, said so.
 */
export function recordedUndoTarget(
  v: RolloutView,
  recorded: { revision?: number; images: string[] },
): RevisionView | { error: string } {
  const current = v.revisions.find((r) => r.revision === v.revision);
  if (sameImages(current?.images, recorded.images))
    return {
      error: `${v.deployment} already runs ${recorded.images.join(", ")}, the rollback target this session recorded: nothing to undo (a second undo would go forward again; --to-revision N picks one)`,
    };
  const to = newestWithImages(v, recorded.images);
  return (
    to ?? {
      error: `no revision of ${v.deployment} runs ${recorded.images.join(", ")} (the rollback target this session recorded) any more (revisions ${v.revisions.map((r) => r.revision).join(", ")}); --to-revision N picks one`,
    }
  );
}

/** The images a revision runs, compared as one value (order kept: containers are ordered). */
export function sameImages(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  return !!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The newest revision whose template runs exactly `images` (a rollback's recorded target). */
export function newestWithImages(v: RolloutView, images: readonly string[]): RevisionView | undefined {
  return [...v.revisions].sort((a, b) => b.revision - a.revision).find((r) => sameImages(r.images, images));
}
