/// <reference lib="dom" />
/**
 * Issue 22: the HTML sign-off record. A rehearsal on the sandbox (promote 10 → 50 %, a green error
 * fault, its alert, an acknowledgement, a rollback, hostile notes) is exported with the real CLI,
 * verified, tampered with, and loaded in headless Chromium (Debian's, driven by playwright-core):
 * no request leaves the file, no script runs or fails, one chart marker per marked event, each
 * linked to its row, hostile text shown as text. The screenshot is kept for a look.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { golive } from "../helpers/cli.js";
import { engineOnSandbox, minutes } from "../helpers/engine.js";
import { hasTool } from "../helpers/tools.js";

const CHROMIUM = existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined;
const HOSTILE = `<script>document.title="owned"</script><img src=x onerror=alert(1)> \u001b]52;c;cHduZWQ=\u0007 **bold** | cell`;
/** Event types the chart marks — the list: promote, rollback, drift, alert, ack, override, checkpoint (and the Go and sign-off). */
const MARKED = new Set([
  "traffic.shift.requested",
  "traffic.shift.confirmed",
  "traffic.shift.failed",
  "traffic.shift.superseded",
  "traffic.observed",
  "drift.detected",
  "alert.raised",
  "alert.acknowledged",
  "decision.go",
  "checkpoint.recorded",
  "rollback.verified",
  "session.signed",
]);

describe("golive export --format html", () => {
  it("a rehearsal with a promote, a fault, an alert and a rollback: verified, tamper-evident, self-contained in Chromium", async () => {
    const rig = await engineOnSandbox({
      config: (c) => ({ ...c, autoRollback: { enabled: false, consecutiveBreaches: 2 } }),
    });
    const { engine, sb, store } = rig;
    const dir = join(store.file, "..");
    try {
      await store.append("note.added", { text: HOSTILE }, "Ann");
      await engine.controller.promote({ greenPercent: 10, by: "Ann" });
      for (let i = 0; i < 12; i++) {
        minutes(sb, 1);
        await engine.monitor.pollMetrics();
      }
      await engine.controller.promote({
        greenPercent: 50,
        by: "Ann",
        override: `dwell cut short ${HOSTILE}`,
      });
      minutes(sb, 2);
      await engine.monitor.pollMetrics();
      sb.applyFault({ type: "error-rate", target: "green", value: 0.12 });
      for (let i = 0; i < 4; i++) {
        minutes(sb, 1);
        await engine.monitor.pollMetrics();
      }
      expect(store.state.alerts.length).toBeGreaterThan(0);
      await engine.acknowledgeAll("Bob");
      const r = await engine.rollback({ by: "Ann", reason: "green 5xx over the rollback threshold" });
      expect(r.ok).toBe(true);
      sb.applyFault({ type: "clear" });
      for (let i = 0; i < 3; i++) {
        minutes(sb, 1);
        await engine.monitor.pollMetrics();
      }
      await store.close();

      const html = join(dir, "record.html");
      const exp = await golive(["export", "--session", store.file, "--format", "html", "--out", html]);
      expect(exp.stderr).toBe("");
      expect(exp.code).toBe(0);
      const page = readFileSync(html, "utf8");
      expect(page.length).toBeLessThan(2_000_000);

      // The chain inside the page verifies, and the page shows exactly what it holds.
      const v = await golive(["verify", html]);
      expect(v.stdout).toMatch(
        /verified: .*record\.html — \d+ events, chain intact.*the page shows exactly what its chain holds/,
      );
      expect(v.code).toBe(0);
      // A number edited in a table is caught, and so is a second data block.
      const edited = join(dir, "edited.html");
      writeFileSync(edited, page.replace(/(<td>)(\d+\/\d+)( \()/, "$11/1000$3"));
      expect(readFileSync(edited, "utf8")).not.toBe(page);
      const e1 = await golive(["verify", edited]);
      expect(e1.code).toBe(5);
      expect(e1.stderr).toMatch(/NOT VERIFIED: the page differs from what its record shows at line \d+/);
      const doubled = join(dir, "doubled.html");
      const block = page.slice(
        page.indexOf('<script type="application/json"'),
        page.lastIndexOf("</script>") + 9,
      );
      writeFileSync(doubled, page.replace("</body>", `${block}\n</body>`));
      const e2 = await golive(["verify", doubled]);
      expect(e2.code).toBe(5);
      expect(e2.stderr).toMatch(/more than one golive record block/);

      const events = store.events;
      const marked = events.filter((e) => MARKED.has(e.type));
      expect(marked.some((e) => e.type === "alert.raised")).toBe(true);
      expect(marked.some((e) => e.type === "traffic.shift.confirmed" && e.data.kind === "rollback")).toBe(
        true,
      );
      if (!hasTool(CHROMIUM, "chromium", "the HTML report in a browser")) return;

      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
      });
      try {
        const ctx = await browser.newContext({ viewport: { width: 1100, height: 900 } });
        const tab = await ctx.newPage();
        const requests: string[] = [];
        const problems: string[] = [];
        tab.on("request", (q) => requests.push(q.url()));
        tab.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
        tab.on("console", (m) => {
          if (m.type() === "error" || m.type() === "warning")
            problems.push(`console ${m.type()}: ${m.text()}`);
        });
        const url = pathToFileURL(html).href;
        await tab.goto(url, { waitUntil: "load" });
        expect(requests).toEqual([url]);
        expect(problems).toEqual([]);
        const seen = await tab.evaluate(() => {
          const ms = Array.from(document.querySelectorAll("svg a.marker"));
          return {
            title: document.title,
            markers: ms.map((m) => Number(m.getAttribute("data-seq"))),
            dangling: ms.filter((m) => !document.getElementById((m.getAttribute("href") ?? "").slice(1)))
              .length,
            scripts: document.querySelectorAll("script").length,
            images: document.querySelectorAll("img").length,
            // biome-ignore lint/performance/useDomNodeTextContent: what the reader sees rendered, not the raw nodes
            text: document.body.innerText,
          };
        });
        expect(seen.title).toMatch(/^golive sign-off record — /);
        expect(seen.markers).toEqual(marked.map((e) => e.seq));
        expect(seen.dangling).toBe(0);
        expect(seen.scripts).toBe(1); // the inert data block only
        expect(seen.images).toBe(0);
        expect(seen.text).toContain('<script>document.title="owned"</script><img src=x onerror=alert(1)>');
        expect(seen.text).toContain("\\e]52;c;cHduZWQ=\\a");
        // A marker's link lands on its event's row.
        await tab.click(
          `svg a.marker[data-seq="${marked.find((e) => e.type === "alert.raised")!.seq}"] circle`,
        );
        expect(await tab.evaluate(() => location.hash)).toMatch(/^#e-\d+$/);
        await tab.screenshot({ path: join(dir, "report.png"), fullPage: false });
        await tab.evaluate(() => window.scrollTo(0, 0));
        if (process.env.GOLIVE_REPORT_SCREENSHOT)
          await tab.screenshot({ path: process.env.GOLIVE_REPORT_SCREENSHOT, fullPage: false });
      } finally {
        await browser.close();
      }
    } finally {
      await rig.stop();
    }
  }, 120_000);
});
