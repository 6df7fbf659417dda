//! `imsmanifest.xml`, the manifest of a SCORM package, and the schema files it names.
//!
//! SCORM 1.2 follows the content packaging schema of IMS CP 1.1.2 with the ADL
//! extensions, the pass mark as `adlcp:masteryscore`; SCORM 2004 4th Edition that of
//! IMS CP 1.1.4 with ADL's and IMS Simple Sequencing's extensions, the pass mark as the
//! primary objective's `imsss:minNormalizedMeasure`. One function writes both, the
//! edition giving what differs. The schema files ship at the package's root, as the
//! standard asks (see `xsd/*/README.md`).

use crate::html::escape;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The SCORM edition a package is made for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Edition {
    /// SCORM 1.2 (the default: every LMS that takes SCORM takes it).
    Scorm12,
    /// SCORM 2004 4th Edition.
    Scorm2004,
}

/// The package's launch page (the SCO).
pub(crate) const LAUNCH: &str = "launch.html";

/// The schema files of `edition`'s manifest, with their bytes.
pub(super) fn schemas(edition: Edition) -> &'static [(&'static str, &'static [u8])] {
    match edition {
        Edition::Scorm12 => &SCHEMAS_12,
        Edition::Scorm2004 => &SCHEMAS_2004,
    }
}

/// The schema files `imsmanifest.xml` names in `xsi:schemaLocation` (IMS CP 1.1.2, the
/// ADL extensions, and the `xml:` attributes CP imports), exact copies of the files ADL
/// publishes with SCORM 1.2, shipped at the package's root as conforming packages do so
/// that an LMS or a checker can validate the manifest without fetching anything; see
/// `xsd/scorm12/README.md`. They are not files of the SCO, so the resource does not list
/// them.
const SCHEMAS_12: [(&str, &[u8]); 3] = [
    ("imscp_rootv1p1p2.xsd", include_bytes!("xsd/scorm12/imscp_rootv1p1p2.xsd")),
    ("adlcp_rootv1p2.xsd", include_bytes!("xsd/scorm12/adlcp_rootv1p2.xsd")),
    ("ims_xml.xsd", include_bytes!("xsd/scorm12/ims_xml.xsd")),
];

/// The schema files of SCORM 2004 4th Edition that the 2004 manifest names in
/// `xsi:schemaLocation`, with what they include and import (IMS CP 1.1.4, ADL's CP,
/// sequencing and navigation extensions, IMS Simple Sequencing, the W3C's `xml.xsd` and
/// the DTDs it names), exact copies of the published files, at the package's root; see
/// `xsd/scorm2004/README.md`.
const SCHEMAS_2004: [(&str, &[u8]); 17] = [
    ("imscp_v1p1.xsd", include_bytes!("xsd/scorm2004/imscp_v1p1.xsd")),
    ("adlcp_v1p3.xsd", include_bytes!("xsd/scorm2004/adlcp_v1p3.xsd")),
    ("adlseq_v1p3.xsd", include_bytes!("xsd/scorm2004/adlseq_v1p3.xsd")),
    ("adlnav_v1p3.xsd", include_bytes!("xsd/scorm2004/adlnav_v1p3.xsd")),
    ("imsss_v1p0.xsd", include_bytes!("xsd/scorm2004/imsss_v1p0.xsd")),
    ("imsss_v1p0auxresource.xsd", include_bytes!("xsd/scorm2004/imsss_v1p0auxresource.xsd")),
    ("imsss_v1p0control.xsd", include_bytes!("xsd/scorm2004/imsss_v1p0control.xsd")),
    ("imsss_v1p0delivery.xsd", include_bytes!("xsd/scorm2004/imsss_v1p0delivery.xsd")),
    ("imsss_v1p0limit.xsd", include_bytes!("xsd/scorm2004/imsss_v1p0limit.xsd")),
    ("imsss_v1p0objective.xsd", include_bytes!("xsd/scorm2004/imsss_v1p0objective.xsd")),
    ("imsss_v1p0random.xsd", include_bytes!("xsd/scorm2004/imsss_v1p0random.xsd")),
    ("imsss_v1p0rollup.xsd", include_bytes!("xsd/scorm2004/imsss_v1p0rollup.xsd")),
    ("imsss_v1p0seqrule.xsd", include_bytes!("xsd/scorm2004/imsss_v1p0seqrule.xsd")),
    ("imsss_v1p0util.xsd", include_bytes!("xsd/scorm2004/imsss_v1p0util.xsd")),
    ("xml.xsd", include_bytes!("xsd/scorm2004/xml.xsd")),
    ("XMLSchema.dtd", include_bytes!("xsd/scorm2004/XMLSchema.dtd")),
    ("datatypes.dtd", include_bytes!("xsd/scorm2004/datatypes.dtd")),
];

/// The manifest's identifier: `primer-` and the path's id, as XML allows.
fn manifest_id(id: &str) -> String {
    format!("primer-{}", id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect::<String>())
}

/// `<file href="…"/>` for every file of the package, as the SCO resource lists them.
fn file_list(files: &BTreeMap<String, Arc<[u8]>>) -> String {
    files.keys().map(|f| format!("      <file href=\"{}\"/>\n", escape(f))).collect()
}

impl Edition {
    /// The edition as the manifest's comment and `<schemaversion>` name it.
    fn version(self) -> &'static str {
        match self {
            Edition::Scorm12 => "1.2",
            Edition::Scorm2004 => "2004 4th Edition",
        }
    }

    /// The manifest's namespaces: (prefix, namespace, the schema file at the package's
    /// root), the content packaging namespace first. They give both the `xmlns`
    /// declarations and `xsi:schemaLocation`.
    fn namespaces(self) -> &'static [(&'static str, &'static str, &'static str)] {
        match self {
            Edition::Scorm12 => &[
                ("", "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"),
                ("adlcp", "http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"),
            ],
            Edition::Scorm2004 => &[
                ("", "http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"),
                ("adlcp", "http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"),
                ("adlseq", "http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
                ("adlnav", "http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
                ("imsss", "http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"),
            ],
        }
    }

    /// The pass mark, inside the item: 1.2's `adlcp:masteryscore` (0-100); in 2004 the
    /// primary objective's `imsss:minNormalizedMeasure` (0-1), satisfied by the check's
    /// scaled score.
    fn pass_mark(self, id: &str, mark: u8) -> String {
        match self {
            Edition::Scorm12 => format!("        <adlcp:masteryscore>{mark}</adlcp:masteryscore>\n"),
            Edition::Scorm2004 => format!(
                r#"        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="{id}-check" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>{measure}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>
"#,
                measure = f64::from(mark) / 100.0
            ),
        }
    }

    /// The SCO resource's type attribute (spelt `scormtype` in 1.2, `scormType` in 2004).
    fn scorm_type(self) -> &'static str {
        match self {
            Edition::Scorm12 => "adlcp:scormtype",
            Edition::Scorm2004 => "adlcp:scormType",
        }
    }
}

/// `imsmanifest.xml`: one organization with one item holding the pass mark, and the
/// launch page as the one SCO resource listing every file of the package; the edition
/// gives the namespaces, the version, the pass mark's element and the resource's type
/// attribute.
pub(super) fn manifest(
    edition: Edition,
    (path_id, title, pass_mark): (&str, &str, u8),
    files: &BTreeMap<String, Arc<[u8]>>,
) -> String {
    let id = manifest_id(path_id);
    let namespaces = edition.namespaces();
    let declarations: String = namespaces
        .iter()
        .map(|(prefix, ns, _)| {
            let colon = if prefix.is_empty() { "" } else { ":" };
            format!("\n  xmlns{colon}{prefix}=\"{ns}\"")
        })
        .collect();
    let locations: Vec<String> = namespaces.iter().map(|(_, ns, file)| format!("{ns} {file}")).collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- SCORM {version} package made by primer -->
<manifest identifier="{id}" version="1.0"{declarations}
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="{locations}">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>{version}</schemaversion>
  </metadata>
  <organizations default="{id}-org">
    <organization identifier="{id}-org">
      <title>{title}</title>
      <item identifier="{id}-item" identifierref="{id}-sco" isvisible="true">
        <title>{title}</title>
{pass_mark}      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="{id}-sco" type="webcontent" {scorm_type}="sco" href="{LAUNCH}">
{list}    </resource>
  </resources>
</manifest>
"#,
        version = edition.version(),
        locations = locations.join(" "),
        title = escape(title),
        pass_mark = edition.pass_mark(&id, pass_mark),
        scorm_type = edition.scorm_type(),
        list = file_list(files),
    )
}
