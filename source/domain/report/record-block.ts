/**
 * The id of the data block `golive verify` reads back: in a module of its own, so `verify` on a
 * JSON record or a session file finds HTML's block without loading the page renderer.
 */
export const RECORD_BLOCK_ID = "golive-record";
