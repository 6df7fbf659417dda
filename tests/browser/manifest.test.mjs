// SCORM manifests (issue 18) against the standard's XML Schemas: every package
// `primer package` writes for the portal (its three paths, in English and Chinese) and
// for the browser fixture is unzipped, and its imsmanifest.xml is validated by libxml2
// (`xmllint-wasm`, libxml2 compiled to WebAssembly) against the SCORM 1.2 schema files
// ADL publishes (src/package/xsd/scorm12/, see its README), which the package must also
// carry at its root, byte for byte. One case feeds manifests broken on purpose and
// expects the validator's errors, so a validator that accepts anything fails the test.

import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { validateXML } from "xmllint-wasm";
import { PRIMER_BIN, REPO, site } from "./lib/common.mjs";

const XSD12 = path.join(REPO, "src", "package", "xsd", "scorm12");
const SCHEMAS12 = ["imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "ims_xml.xsd"];

// The manifest mixes two namespaces (IMS CP for the structure, ADL's for scormtype and
// masteryscore), and CP's wildcards are strict: a driver schema imports both, so an
// element or attribute of either namespace is checked against its declaration.
const DRIVER12 = `<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:primer:test:scorm12">
  <xsd:import namespace="http://www.imsproject.org/xsd/imscp_rootv1p1p2" schemaLocation="imscp_rootv1p1p2.xsd"/>
  <xsd:import namespace="http://www.adlnet.org/xsd/adlcp_rootv1p2" schemaLocation="adlcp_rootv1p2.xsd"/>
</xsd:schema>`;

/** libxml2's verdict on one manifest: { valid, errors: [raw messages] }. */
async function validate12(name, xml) {
  const r = await validateXML({
    xml: [{ fileName: name, contents: xml }],
    schema: [{ fileName: "driver.xsd", contents: DRIVER12 }],
    preload: SCHEMAS12.map((f) => ({ fileName: f, contents: fs.readFileSync(path.join(XSD12, f), "utf8") })),
  });
  return { valid: r.valid, errors: r.errors.map((e) => e.rawMessage) };
}

/** Every file of a zip, by name (the system `unzip`, as scorm.test.mjs uses). */
function unzip(zip, dir) {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync("unzip", ["-q", zip, "-d", dir]);
  return dir;
}

let work;
/** [label, unzipped folder] of every package made. */
const packages = [];

describe("SCORM manifests against the SCORM 1.2 schemas (libxml2)", () => {
  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "primer-manifest-"));
    const sources = [
      ["portal", process.env.PRIMER_REPO_SRC || REPO],
      ["fixture", site("fixture").src],
    ];
    for (const [label, src] of sources) {
      const zips = path.join(work, label);
      execFileSync(PRIMER_BIN, ["package", "--root", src, "--output", zips], { stdio: "pipe" });
      for (const z of fs.readdirSync(zips).filter((f) => f.endsWith(".zip")).sort()) {
        packages.push([`${label}/${z}`, unzip(path.join(zips, z), path.join(work, "unzipped", label, z))]);
      }
    }
  });
  after(() => {
    if (work && !process.env.KEEP_BUILDS) fs.rmSync(work, { recursive: true, force: true });
  });

  test("the portal's three paths (English and Chinese) and the fixture's path were packaged", () => {
    const names = packages.map(([l]) => l);
    for (const id of ["managers", "project-staff", "technical-staff"]) {
      assert.ok(names.includes(`portal/${id}.zip`), `${id}.zip in ${names}`);
      assert.ok(names.includes(`portal/${id}.zh.zip`), `${id}.zh.zip in ${names}`);
    }
    assert.ok(names.includes("fixture/basics.zip"), `basics.zip in ${names}`);
  });

  test("every package's imsmanifest.xml is valid against the SCORM 1.2 schemas", async () => {
    assert.ok(packages.length >= 7);
    const verdicts = [];
    for (const [label, dir] of packages) {
      const xml = fs.readFileSync(path.join(dir, "imsmanifest.xml"), "utf8");
      const { valid, errors } = await validate12(`${label}/imsmanifest.xml`, xml);
      verdicts.push(`${label}: ${valid ? "valid" : errors.join("; ")}`);
      assert.ok(valid, `${label}: ${errors.join("\n")}`);
      assert.match(xml, /<schemaversion>1\.2<\/schemaversion>/);
    }
    console.log(`# ${verdicts.join("\n# ")}`);
  });

  test("every package carries the schema files its manifest names, as published", () => {
    for (const [label, dir] of packages) {
      const xml = fs.readFileSync(path.join(dir, "imsmanifest.xml"), "utf8");
      const pairs = xml.match(/xsi:schemaLocation="([^"]*)"/)[1].trim().split(/\s+/);
      assert.equal(pairs.length % 2, 0, `${label}: namespace and location pairs`);
      for (let i = 1; i < pairs.length; i += 2) {
        const f = pairs[i];
        assert.ok(SCHEMAS12.includes(f), `${label}: ${f} is one of the SCORM 1.2 schema files`);
        assert.ok(fs.existsSync(path.join(dir, f)), `${label}: ${f} at the package's root`);
      }
      for (const f of SCHEMAS12) {
        assert.ok(fs.readFileSync(path.join(dir, f)).equals(fs.readFileSync(path.join(XSD12, f))), `${label}: ${f} byte for byte`);
      }
    }
  });

  test("the validator rejects manifests broken on purpose", async () => {
    const [label, dir] = packages.find(([l]) => l === "portal/managers.zip");
    const good = fs.readFileSync(path.join(dir, "imsmanifest.xml"), "utf8");
    const broken = [
      // An attribute value outside ADL's enumeration.
      [good.replace('adlcp:scormtype="sco"', 'adlcp:scormtype="lesson"'), /'lesson' is not an element of the set/],
      // A misspelt required element of IMS CP.
      [good.replace("<organizations", "<organisations").replace("</organizations>", "</organisations>"), /organisations': This element is not expected/],
      // An ADL element that does not exist (CP's wildcard is strict).
      [good.replace(/adlcp:masteryscore>/g, "adlcp:masteryScore>"), /masteryScore': No matching global element declaration/],
      // A resource without its required identifier.
      [good.replace(/<resource identifier="[^"]*"/, "<resource"), /attribute 'identifier' is required/],
    ];
    for (const [xml, error] of broken) {
      assert.notEqual(xml, good, "the manifest was changed");
      const { valid, errors } = await validate12(`${label}/broken.xml`, xml);
      assert.equal(valid, false, `a broken manifest is rejected: ${error}`);
      assert.ok(errors.some((e) => error.test(e)), `${error} among ${errors.join("\n")}`);
    }
  });
});
