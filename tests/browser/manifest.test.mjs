// SCORM manifests (issue 18) against the standard's XML Schemas: every package
// `primer package` writes for the portal (its three paths, in English and Chinese) and
// for the browser fixture, in SCORM 1.2 and in SCORM 2004 4th Edition
// (`--scorm 2004`), is unzipped, and its imsmanifest.xml is validated by libxml2
// (`xmllint-wasm`, libxml2 compiled to WebAssembly) against the edition's published
// schema files (src/package/xsd/scorm12/ and scorm2004/, see their READMEs), which the
// package must also carry at its root, byte for byte. One case per edition feeds
// manifests broken on purpose and expects the validator's errors, so a validator that
// accepts anything fails the test.

import { test, describe, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { validateXML } from "xmllint-wasm";
import { PRIMER_BIN, REPO, site } from "./lib/common.mjs";

const XSD = path.join(REPO, "src", "package", "xsd");

/** A driver schema importing each namespace a manifest mixes (`[namespace, file]`):
    the CP schemas' wildcards are strict, so every element and attribute of another
    namespace is checked against its declaration. */
const driver = (imports) => `<?xml version="1.0"?>
<xsd:schema xmlns:xsd="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:primer:test:driver">
${imports.map(([ns, f]) => `  <xsd:import namespace="${ns}" schemaLocation="${f}"/>`).join("\n")}
</xsd:schema>`;

const EDITIONS = {
  "1.2": {
    dir: path.join(XSD, "scorm12"),
    files: ["imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "ims_xml.xsd"],
    version: /<schemaversion>1\.2<\/schemaversion>/,
    imports: [
      ["http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"],
      ["http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"],
    ],
  },
  "2004": {
    dir: path.join(XSD, "scorm2004"),
    files: [
      "imscp_v1p1.xsd", "adlcp_v1p3.xsd", "adlseq_v1p3.xsd", "adlnav_v1p3.xsd", "imsss_v1p0.xsd",
      "imsss_v1p0auxresource.xsd", "imsss_v1p0control.xsd", "imsss_v1p0delivery.xsd", "imsss_v1p0limit.xsd",
      "imsss_v1p0objective.xsd", "imsss_v1p0random.xsd", "imsss_v1p0rollup.xsd", "imsss_v1p0seqrule.xsd",
      "imsss_v1p0util.xsd", "xml.xsd", "XMLSchema.dtd", "datatypes.dtd",
    ],
    version: /<schemaversion>2004 4th Edition<\/schemaversion>/,
    imports: [
      ["http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"],
      ["http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"],
      ["http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"],
      ["http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"],
      ["http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"],
    ],
  },
};

/** libxml2's verdict on one manifest: { valid, errors: [raw messages] }. */
async function validate(edition, name, xml) {
  const e = EDITIONS[edition];
  const r = await validateXML({
    xml: [{ fileName: name, contents: xml }],
    schema: [{ fileName: "driver.xsd", contents: driver(e.imports) }],
    preload: e.files.map((f) => ({ fileName: f, contents: fs.readFileSync(path.join(e.dir, f), "utf8") })),
  });
  return { valid: r.valid, errors: r.errors.map((x) => x.rawMessage) };
}

/** Every file of a zip, by name (the system `unzip`, as scorm.test.mjs uses). */
function unzip(zip, dir) {
  fs.mkdirSync(dir, { recursive: true });
  execFileSync("unzip", ["-q", zip, "-d", dir]);
  return dir;
}

let work;
/** [edition, label, unzipped folder] of every package made. */
const packages = [];

describe("SCORM manifests against the SCORM 1.2 and 2004 4th Edition schemas (libxml2)", () => {
  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "primer-manifest-"));
    const sources = [
      ["portal", process.env.PRIMER_REPO_SRC || REPO],
      ["fixture", site("fixture").src],
    ];
    for (const edition of Object.keys(EDITIONS)) {
      for (const [source, src] of sources) {
        const label = `${edition}/${source}`;
        const zips = path.join(work, label);
        execFileSync(PRIMER_BIN, ["package", "--scorm", edition, "--root", src, "--output", zips], { stdio: "pipe" });
        for (const z of fs.readdirSync(zips).filter((f) => f.endsWith(".zip")).sort()) {
          packages.push([edition, `${label}/${z}`, unzip(path.join(zips, z), path.join(work, "unzipped", label, z))]);
        }
      }
    }
  });
  after(() => {
    if (work && !process.env.KEEP_BUILDS) fs.rmSync(work, { recursive: true, force: true });
  });

  test("the portal's three paths (English and Chinese) and the fixture's path were packaged", () => {
    const names = packages.map(([, l]) => l);
    for (const edition of Object.keys(EDITIONS)) {
      for (const id of ["managers", "project-staff", "technical-staff"]) {
        assert.ok(names.includes(`${edition}/portal/${id}.zip`), `${id}.zip in ${names}`);
        assert.ok(names.includes(`${edition}/portal/${id}.zh.zip`), `${id}.zh.zip in ${names}`);
      }
      assert.ok(names.includes(`${edition}/fixture/basics.zip`), `basics.zip in ${names}`);
    }
  });

  test("every package's imsmanifest.xml is valid against its edition's schemas", async () => {
    assert.ok(packages.length >= 14);
    const verdicts = [];
    for (const [edition, label, dir] of packages) {
      const xml = fs.readFileSync(path.join(dir, "imsmanifest.xml"), "utf8");
      const { valid, errors } = await validate(edition, `${label}/imsmanifest.xml`, xml);
      verdicts.push(`${label}: ${valid ? "valid" : errors.join("; ")}`);
      assert.ok(valid, `${label}: ${errors.join("\n")}`);
      assert.match(xml, EDITIONS[edition].version);
    }
    console.log(`# ${verdicts.join("\n# ")}`);
  });

  test("every package carries the schema files its manifest names, as published", () => {
    for (const [edition, label, dir] of packages) {
      const { files, dir: published } = EDITIONS[edition];
      const xml = fs.readFileSync(path.join(dir, "imsmanifest.xml"), "utf8");
      const pairs = xml.match(/xsi:schemaLocation="([^"]*)"/)[1].trim().split(/\s+/);
      assert.equal(pairs.length % 2, 0, `${label}: namespace and location pairs`);
      for (let i = 1; i < pairs.length; i += 2) {
        const f = pairs[i];
        assert.ok(files.includes(f), `${label}: ${f} is one of the SCORM ${edition} schema files`);
        assert.ok(fs.existsSync(path.join(dir, f)), `${label}: ${f} at the package's root`);
      }
      for (const f of files) {
        assert.ok(fs.readFileSync(path.join(dir, f)).equals(fs.readFileSync(path.join(published, f))), `${label}: ${f} byte for byte`);
      }
    }
  });

  test("the validator rejects SCORM 2004 manifests broken on purpose", async () => {
    const [, label, dir] = packages.find(([, l]) => l === "2004/portal/managers.zip");
    const good = fs.readFileSync(path.join(dir, "imsmanifest.xml"), "utf8");
    const broken = [
      // A SCO type outside ADL's enumeration (the 1.2 test's value in 2004's attribute).
      [good.replace('adlcp:scormType="sco"', 'adlcp:scormType="lesson"'), /'lesson' is not an element of the set/],
      // A pass mark outside the measure's range.
      [good.replace(/<imsss:minNormalizedMeasure>[^<]*</, "<imsss:minNormalizedMeasure>80<"), /minNormalizedMeasure/],
      // Sequencing out of place: before the resource's files (extensions come last).
      [good.replace('href="launch.html">', 'href="launch.html"><imsss:sequencing/>'), /file': This element is not expected/],
    ];
    for (const [xml, error] of broken) {
      assert.notEqual(xml, good, "the manifest was changed");
      const { valid, errors } = await validate("2004", `${label}/broken.xml`, xml);
      assert.equal(valid, false, `a broken manifest is rejected: ${error}`);
      assert.ok(errors.some((e) => error.test(e)), `${error} among ${errors.join("\n")}`);
    }
  });

  test("the validator rejects SCORM 1.2 manifests broken on purpose", async () => {
    const [, label, dir] = packages.find(([, l]) => l === "1.2/portal/managers.zip");
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
      const { valid, errors } = await validate("1.2", `${label}/broken.xml`, xml);
      assert.equal(valid, false, `a broken manifest is rejected: ${error}`);
      assert.ok(errors.some((e) => error.test(e)), `${error} among ${errors.join("\n")}`);
    }
  });
});
