//! SCORM packages (`primer package`, issue 18): one zip per training path with a SCORM
//! 1.2 manifest, the path's pages and the files they use, and nothing else of the site.

use crate::harness::{primer, SiteTest};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

/// `primer package --root <root> --output <scratch>/packages <args…>`.
fn package(t: &SiteTest, args: &[&str]) -> crate::harness::Run {
    let root = t.root().to_string_lossy().into_owned();
    let out = t.scratch().join("packages").to_string_lossy().into_owned();
    let mut all = vec!["package", "--root", root.as_str(), "--output", out.as_str()];
    all.extend_from_slice(args);
    primer(&all, t.scratch())
}

/// Every file of a zip, by name.
fn unzip(path: &std::path::Path) -> BTreeMap<String, Vec<u8>> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        out.insert(f.name().unwrap().to_string(), bytes);
    }
    out
}

fn text(files: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(files.get(name).unwrap_or_else(|| panic!("{name} not in the package")).clone()).unwrap()
}

/// (element name, attributes) of every element of an XML text, in order.
fn xml_elements(xml: &str) -> Vec<(String, BTreeMap<String, String>)> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name().as_ref().to_string();
                let attrs = e
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        (
                            a.key.as_ref().to_string(),
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().into_owned(),
                        )
                    })
                    .collect();
                out.push((name, attrs));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn a_path_becomes_a_scorm_1_2_package_with_its_pages_and_nothing_else() {
    let t = SiteTest::new("browser/site");
    let run = package(&t, &[]);
    run.success();
    let zip = t.scratch().join("packages/basics.zip");
    let files = unzip(&zip);
    let manifest = text(&files, "imsmanifest.xml");
    let els = xml_elements(&manifest);
    let (root, attrs) = &els[0];
    assert_eq!(root, "manifest");
    assert_eq!(attrs["xmlns"], "http://www.imsproject.org/xsd/imscp_rootv1p1p2");
    assert_eq!(attrs["xmlns:adlcp"], "http://www.adlnet.org/xsd/adlcp_rootv1p2");
    assert!(attrs.contains_key("identifier") && attrs.contains_key("xsi:schemaLocation"));
    assert!(manifest.contains("<schema>ADL SCORM</schema>") && manifest.contains("<schemaversion>1.2</schemaversion>"));
    // The required structure: metadata, organizations (default = an organization with an
    // item pointing at a resource), resources with one SCO resource listing the files.
    let names: Vec<&str> = els.iter().map(|(n, _)| n.as_str()).collect();
    for n in ["metadata", "organizations", "organization", "item", "adlcp:masteryscore", "resources", "resource"] {
        assert!(names.contains(&n), "manifest lacks <{n}>");
    }
    let orgs = &els.iter().find(|(n, _)| n == "organizations").unwrap().1;
    let org = &els.iter().find(|(n, _)| n == "organization").unwrap().1;
    assert_eq!(orgs["default"], org["identifier"]);
    let item = &els.iter().find(|(n, _)| n == "item").unwrap().1;
    let res = &els.iter().find(|(n, _)| n == "resource").unwrap().1;
    assert_eq!(item["identifierref"], res["identifier"]);
    assert_eq!(res["adlcp:scormtype"], "sco");
    assert_eq!(res["type"], "webcontent");
    assert_eq!(res["href"], "launch.html");
    assert!(manifest.contains("<adlcp:masteryscore>80</adlcp:masteryscore>"), "the default pass mark");
    let listed: BTreeSet<String> = els.iter().filter(|(n, _)| n == "file").map(|(_, a)| a["href"].clone()).collect();
    let held: BTreeSet<String> =
        files.keys().filter(|k| *k != "imsmanifest.xml" && !k.ends_with(".xsd")).cloned().collect();
    assert_eq!(listed, held, "the manifest lists exactly the package's files");
    // The schema files the manifest names are at the root, exact copies of the published ones.
    let schema_location = &attrs["xsi:schemaLocation"];
    for (xsd, published) in [
        ("imscp_rootv1p1p2.xsd", include_bytes!("../../src/package/xsd/scorm12/imscp_rootv1p1p2.xsd").as_slice()),
        ("adlcp_rootv1p2.xsd", include_bytes!("../../src/package/xsd/scorm12/adlcp_rootv1p2.xsd").as_slice()),
        ("ims_xml.xsd", include_bytes!("../../src/package/xsd/scorm12/ims_xml.xsd").as_slice()),
    ] {
        assert_eq!(files.get(xsd).map(Vec::as_slice), Some(published), "{xsd} shipped as published");
        assert!(xsd == "ims_xml.xsd" || schema_location.contains(xsd), "{xsd} named in xsi:schemaLocation");
    }
    let xsds = files.keys().filter(|k| k.ends_with(".xsd")).count();
    assert_eq!(xsds, 3, "no other schema file");
    // The path's overview and modules, the theme's files they use, the bridge; nothing else.
    for f in [
        "paths/basics/index.html",
        "guide/basics/index.html",
        "decide/choose/index.html",
        "paths/basics/check/index.html",
        "style.css",
        "primer.js",
        "scorm.js",
        "launch.html",
    ] {
        assert!(files.contains_key(f), "{f} missing from the package: {:?}", files.keys());
    }
    for f in files.keys() {
        assert!(
            !f.starts_with("glossary/") && !f.starts_with("pagefind/") && !f.starts_with("sdgs/"),
            "{f} is not part of the path"
        );
    }
    // Links: inside the course by file name; outside it to the published site (base_url).
    let check = text(&files, "paths/basics/check/index.html");
    assert!(check.contains("href=\"../index.html\""), "the overview by its file name");
    assert!(check.contains(
        "href=\"https://example.org/portal/glossary/\" target=\"_blank\" rel=\"noopener\" data-outside-course"
    ));
    assert!(!check.contains("data-pagefind-path"), "the site search is left out");
    let bridge = format!("scorm.js?v={}", &format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&files["scorm.js"]))[..10]);
    assert!(
        check.contains(&format!("src=\"../../../{bridge}\" data-page=\"paths/basics/check/\"")),
        "the bridge is loaded"
    );
    let launch = text(&files, "launch.html");
    assert!(launch.contains("\"pass_mark\":80") && launch.contains("\"check\":\"paths/basics/check/\""), "{launch}");
    // Same input, same bytes.
    let first = std::fs::read(&zip).unwrap();
    package(&t, &[]).success();
    assert_eq!(first, std::fs::read(&zip).unwrap(), "packages are reproducible");
}

#[test]
fn without_base_url_links_out_of_the_course_are_marked_and_lead_nowhere() {
    let t = SiteTest::new("browser/site");
    t.replace("site.toml", "base_url = \"https://example.org/portal/\"", "");
    t.replace("content/paths/basics/_index.md", "audiences: [managers]\n", "audiences: [managers]\npass_mark: 65\n");
    package(&t, &["basics"]).success();
    let files = unzip(&t.scratch().join("packages/basics.zip"));
    let check = text(&files, "paths/basics/check/index.html");
    assert!(check.contains("data-outside-course=\"glossary/\" title=\"Outside this course"), "marked");
    assert!(!check.contains("../../../glossary/"), "no link to a page the package lacks");
    assert!(text(&files, "imsmanifest.xml").contains("<adlcp:masteryscore>65</adlcp:masteryscore>"));
}

#[test]
fn scorm_2004_packages_carry_a_4th_edition_manifest_and_its_schemas() {
    let t = SiteTest::new("browser/site");
    t.replace("content/paths/basics/_index.md", "audiences: [managers]\n", "audiences: [managers]\npass_mark: 65\n");
    package(&t, &["--scorm", "2004", "basics"]).success();
    let files = unzip(&t.scratch().join("packages/basics.zip"));
    let manifest = text(&files, "imsmanifest.xml");
    let els = xml_elements(&manifest);
    let attrs = &els[0].1;
    assert_eq!(attrs["xmlns"], "http://www.imsglobal.org/xsd/imscp_v1p1");
    assert_eq!(attrs["xmlns:adlcp"], "http://www.adlnet.org/xsd/adlcp_v1p3");
    assert_eq!(attrs["xmlns:imsss"], "http://www.imsglobal.org/xsd/imsss");
    assert!(manifest.contains("<schemaversion>2004 4th Edition</schemaversion>"));
    assert!(manifest.contains("<imsss:minNormalizedMeasure>0.65</imsss:minNormalizedMeasure>"), "{manifest}");
    assert!(!manifest.contains("masteryscore"), "no SCORM 1.2 element");
    let res = &els.iter().find(|(n, _)| n == "resource").unwrap().1;
    assert_eq!(res["adlcp:scormType"], "sco");
    assert_eq!(res["href"], "launch.html");
    // Every file named in xsi:schemaLocation is at the root, as published.
    let locations: Vec<&str> = attrs["xsi:schemaLocation"].split_whitespace().skip(1).step_by(2).collect();
    assert_eq!(locations.len(), 5);
    for xsd in locations {
        let published =
            std::fs::read(format!("{}/src/package/xsd/scorm2004/{xsd}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        assert_eq!(files.get(xsd), Some(&published), "{xsd} shipped as published");
    }
    assert!(files.contains_key("imsss_v1p0seqrule.xsd") && files.contains_key("XMLSchema.dtd"), "what they include");
    assert!(!files.contains_key("imscp_rootv1p1p2.xsd"), "no SCORM 1.2 schema");
    assert!(files.contains_key("paths/basics/check/index.html") && files.contains_key("scorm.js"));
    package(&t, &["--scorm", "2005"]).code(2).stderr_has("invalid value '2005'");
}

/// Every `<a …>` tag marked as outside the course in the package's pages.
fn outside_links(files: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut out = Vec::new();
    for (name, bytes) in files.iter().filter(|(n, _)| n.ends_with(".html") && *n != "launch.html") {
        let html = String::from_utf8(bytes.clone()).unwrap_or_else(|_| panic!("{name} is not UTF-8"));
        for tag in html.split("<a ").skip(1).filter_map(|t| t.split_once('>').map(|(t, _)| t)) {
            if tag.contains("data-outside-course") {
                out.push(tag.to_string());
            }
        }
    }
    out
}

#[test]
fn links_out_of_the_course_say_so_in_the_language_of_the_path() {
    // The English path and its Chinese translation, with and without a published site.
    let zh_local = "title=\"课程之外：该页面在门户网站上，不在本课程包中\"";
    let zh_opens = "title=\"课程之外：在新窗口中打开门户网站\"";
    let en_local = "title=\"Outside this course: the page is on the portal, not in this package\"";
    let en_opens = "title=\"Outside this course: opens the portal in a new window\"";
    for published in [true, false] {
        let t = SiteTest::new("i18n/en-zh");
        if !published {
            t.replace("site.toml", "base_url = \"https://example.org/school/\"", "");
        }
        package(&t, &[]).success();
        for (zip, (local, opens)) in [("path.zip", (en_local, en_opens)), ("path.zh.zip", (zh_local, zh_opens))] {
            let links = outside_links(&unzip(&t.scratch().join("packages").join(zip)));
            assert!(!links.is_empty(), "{zip}: its pages link out of the course");
            let want = if published { opens } else { local };
            for tag in &links {
                assert!(tag.contains(want), "{zip}: {tag} says {want}");
                assert_eq!(tag.matches("title=").count(), 1, "{zip}: one title: {tag}");
                assert_eq!(tag.contains("https://example.org/school/"), published, "{zip}: {tag}");
            }
        }
    }
}

#[test]
fn a_pass_mark_outside_0_to_100_is_an_error_at_its_line() {
    let t = SiteTest::new("browser/site");
    t.replace("content/paths/basics/_index.md", "audiences: [managers]\n", "audiences: [managers]\npass_mark: 120\n");
    let run = package(&t, &[]);
    run.failure();
    run.stderr_has("content/paths/basics/_index.md:5");
    run.stderr_has("120 is more than 100");
    assert!(!t.scratch().join("packages").exists(), "nothing written");
    t.build().failure();
}

#[test]
fn a_missing_module_and_a_file_the_site_lacks_are_errors() {
    let t = SiteTest::new("browser/site");
    t.replace("content/paths/basics/_index.md", "  - check.md", "  - check.md\n  - gone.md");
    package(&t, &[])
        .failure()
        .stderr_has("content/paths/basics/_index.md:12:5: error: module `gone.md` does not exist");
    let t = SiteTest::new("browser/site");
    t.modify("content/paths/basics/check.md", |s| format!("{s}\n<img src=\"missing.png\" alt=\"x\">\n"));
    let run = package(&t, &[]);
    run.failure();
    run.stderr_has("content/paths/basics/check.md:");
    run.stderr_has("`missing.png` (in `paths/basics/check/index.html` line");
    run.stderr_has("is not a file of the site, so the SCORM package cannot hold it");
}

#[test]
fn a_file_primer_did_not_write_is_not_overwritten() {
    let t = SiteTest::new("browser/site");
    let dir = t.scratch().join("packages");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("basics.zip"), "mine").unwrap();
    package(&t, &[]).code(2).stderr_has("exists and is not a package primer wrote");
    assert_eq!(std::fs::read_to_string(dir.join("basics.zip")).unwrap(), "mine");
    package(&t, &["nosuch"]).failure().stderr_has("the site has no training path `nosuch`");
}

#[test]
fn the_offline_download_is_a_zip_of_the_copy_linked_from_every_page() {
    let t = SiteTest::new("browser/site");
    t.modify("site.toml", |s| format!("{s}\n[offline]\ndownload = true\n"));
    t.build().success();
    let files = unzip(&t.out("offline.zip"));
    assert!(
        files.contains_key("index.html")
            && files.contains_key("search-index.js")
            && files.contains_key("offline-search.js")
    );
    assert!(text(&files, "primer-offline.txt").contains("made by primer"));
    assert!(
        !files.keys().any(|f| f.starts_with("pagefind/") || f == "offline.zip"),
        "no Pagefind bundle, no zip in the zip"
    );
    assert!(text(&files, "guide/basics/index.html").contains("href=\"../index.html\""), "links name their files");
    assert!(t.exists("pagefind/pagefind.js"), "the website keeps its Pagefind search");
    assert!(t.read("guide/basics/index.html").contains("href=\"../../offline.zip\" download data-offline-download"));
    // Off by default: no zip, no link.
    let t = SiteTest::new("browser/site");
    t.build().success();
    assert!(!t.exists("offline.zip") && !t.read("index.html").contains("offline.zip"));
}

#[test]
fn build_offline_writes_the_copy_into_offline() {
    let t = SiteTest::new("browser/site");
    t.build_with(&["--offline"]).success();
    let out = t.root().join("offline");
    assert!(out.join("search-index.js").is_file() && !out.join("pagefind").exists());
    let home = std::fs::read_to_string(out.join("index.html")).unwrap();
    let v =
        &format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&std::fs::read(out.join("offline-search.js")).unwrap()))[..10];
    assert!(
        home.contains(&format!("data-search-script=\"offline-search.js?v={v}\"")),
        "the search box loads the offline search"
    );
}
