/**
 * The sign-off block's roles read from a runbook's fields, on hand-made runbooks: which blanks start a
 * role and which belong to it, sub-sections of the block at any depth, and which role a name finds.
 * Stryker's domain-signoff run (2026-12-03 14:05 UTC) left these untested: signoff-roles.ts 75 %,
 * with the seeds' one block of two roles the only runbook its tests read.
 */
import { describe, expect, it } from "vitest";
import type { Field, Runbook, Section } from "../../source/domain/runbook.js";
import { defaultRole, findRole, type RoleBlank, roleBlanks } from "../../source/domain/signoff-roles.js";

const section = (id: string, title: string, parent?: string): Section =>
  ({ id, number: id, title, depth: 1, position: {}, ...(parent ? { parent } : {}) }) as Section;
let n = 0;
const blank = (label: string, sectionId: string, over: Partial<Field> = {}): Field =>
  ({ id: `f${++n}`, kind: "blank", label, section: sectionId, position: {}, ...over }) as Field;
const runbook = (sections: Section[], fields: Field[]): Runbook =>
  ({ sections, fields }) as unknown as Runbook;
/** Each role as `role: name date time signature` by the labels of its blanks. */
const shape = (roles: RoleBlank[]) =>
  roles.map((r) => [r.role, r.name.label, r.date?.label, r.time?.label, r.signature?.label].join(" | "));

describe("roleBlanks", () => {
  const sections = [
    section("s1", "Prepare"),
    section("s2", "Sign-Off (T+1h)"),
    section("s3", "Release team", "s2"),
    section("s4", "Approvers", "s3"),
    section("s5", "Rollback", "s1"),
  ];

  it("a role starts at a person's blank; date, time and signature blanks after it are its own", () => {
    const rb = runbook(sections, [
      blank("Owner", "s1"),
      blank("Date:", "s2"),
      blank("**Deployment Lead:** ", "s2"),
      blank("Date:", "s2"),
      blank("Date", "s2"),
      blank("Time", "s2"),
      blank("Signature", "s2"),
      blank("Signature", "s2"),
      blank("Release Manager", "s3"),
      blank("signed at", "s3"),
      blank("Approver", "s4"),
      blank("Initials", "s4"),
      blank("On call", "s5"),
      blank("Status", "s2", { kind: "choice", options: ["SUCCESS"] }),
      blank("QA", "s2", { table: { id: "t1", row: 1, column: 1 } }),
      blank(" **:** ", "s4"),
    ]);
    expect(shape(roleBlanks(rb))).toEqual([
      "Deployment Lead | **Deployment Lead:**  | Date: | Time | Signature",
      "Release Manager | Release Manager |  | signed at | ",
      "Approver | Approver |  |  | Initials",
      "Signer |  **:**  |  |  | ",
    ]);
  });

  it("a runbook without a sign-off section has no roles", () => {
    expect(roleBlanks(runbook([section("s1", "Prepare")], [blank("Deployment Lead", "s1")]))).toEqual([]);
  });
});

describe("findRole and defaultRole", () => {
  const role = (name: string): RoleBlank => ({ role: name, name: blank(name, "s2") });
  const roles = [role("Lead Approver"), role("Approver"), role("Release Manager")];

  it("exact words win over a part, in any case and with blanks around", () => {
    expect(findRole(roles, " APPROVER")?.role).toBe("Approver");
    expect(findRole(roles, "lead approver")?.role).toBe("Lead Approver");
  });

  it("a part of a role's name finds it, and so does a name holding the role's", () => {
    expect(findRole(roles, "release")?.role).toBe("Release Manager");
    expect(findRole(roles, "Release Manager (Bob)")?.role).toBe("Release Manager");
    expect(findRole(roles, "QA")).toBeUndefined();
  });

  it("the default is the lead or manager role, else the first", () => {
    expect(defaultRole([role("Approver"), role("Release Manager")])?.role).toBe("Release Manager");
    expect(defaultRole([role("Approver"), role("QA")])?.role).toBe("Approver");
    expect(defaultRole([])).toBeUndefined();
  });
});
