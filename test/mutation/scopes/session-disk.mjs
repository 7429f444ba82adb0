// Scopes over source/session/'s disk side (the kept state, the journal, the lock, the process probe),
// in a file of their own so two helpers on session/ never edit the same scope file. Same shape as
// session.mjs.
export const SCOPES_SESSION_DISK = {};
