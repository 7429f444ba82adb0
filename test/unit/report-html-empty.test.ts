/**
 * The HTML record of a session with nothing but its creation, for a one-item runbook: the page holds
 * only what is there (no banner, no checkpoint, nothing ticked), pinned byte for
 * byte as the night's page is (`golive verify` rejects a page that differs by one byte).
 */
import { expect, it } from "vitest";
import { renderReportHtml } from "../../source/domain/report/html.js";
import { chainOf, created, pageInput } from "../helpers/report-night.js";

it("a session with nothing recorded, for a one-item runbook: only what is there", async () => {
  const html = renderReportHtml(
    pageInput(chainOf([created()]), "# Quiet runbook\n\n- [ ] one thing to tick\n"),
  );
  expect(html).not.toContain('class="banner"');
  await expect(html.slice(html.indexOf("<body>"))).toMatchFileSnapshot("../fixtures/report/empty-body.html");
});
