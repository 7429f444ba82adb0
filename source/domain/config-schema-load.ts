/**
 * The environment config's schema, for config.ts. Here it is a plain import; the build replaces this
 * module (scripts/build.mjs, lazyConfigSchema) with one that loads dist/config-schema.js on the
 * first call, so commands that never validate a config (status on a session without one, --help)
 * load neither zod nor the schemas.
 */
import * as schema from "./config-schema.js";

export const loadConfigSchema = (): typeof schema => schema;
