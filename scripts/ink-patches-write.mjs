// Patches to Ink's terminal write for the idle cockpit (issue 14), applied by ink-patches.mjs while
// bundling: `[from, to]` pairs for its patch().
/**
 * A full-screen frame went to the terminal as three writes (begin synchronized update, the changed
 * rows, end it), each a syscall and a wake-up of the terminal, and a frame that changed no row still
 * wrote the two markers. One write per frame holds all three; a frame with nothing to draw writes
 * nothing. Applied after ink-patches.mjs's changedRowsWrite.
 */
export const oneWritePerFrame = [
  [
    "            if (sync) {\n                this.options.stdout.write(bsu);\n            }\n            this.options.stdout.write(changedRowsWrite(this, ansiEscapes.clearTerminal + this.fullStaticOutput + output, output));\n",
    "            const goliveRows = changedRowsWrite(this, ansiEscapes.clearTerminal + this.fullStaticOutput + output, output);\n            if (goliveRows !== '')\n                this.options.stdout.write(sync ? bsu + goliveRows + esu : goliveRows);\n",
  ],
  [
    "            this.log.sync(outputToRender);\n            if (sync) {\n                this.options.stdout.write(esu);\n            }\n            return;\n",
    "            this.log.sync(outputToRender);\n            return;\n",
  ],
];
