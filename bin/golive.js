#!/usr/bin/env node
// The published entry: the compiled CLI (built by `npm install` through the prepare script).

// The AWS SDK tells every run that releases after January 2027 need Node 22. golive pins its SDK
// and supports Node >= 20.19, so on the lead's screen that notice is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const { main } = await import("../dist/cli.js");
process.exitCode = await main(process.argv.slice(2));
