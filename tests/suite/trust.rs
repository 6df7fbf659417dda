//! What primer reads from outside the site (themes), and what it lets through from
//! pages it cannot vouch for (script URLs, raw HTML in `safe` mode).

use crate::harness::{copy_dir, SiteTest};
use std::path::Path;

/// A copy of the built-in theme with a marker stylesheet, at `dir`.
fn theme_at(dir: &Path) {
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"), dir);
    std::fs::write(dir.join("static/marker.css"), "/* from the outside theme */\n").unwrap();
}

const OPT_IN: &str = "add `allow_theme_outside_site = true` to site.toml";

#[test]
fn a_theme_outside_the_site_is_refused_by_default() {
    let t = SiteTest::new("trust/theme");
    let outside = t.scratch().join("shared-theme");
    theme_at(&outside);
    let real = outside.canonicalize().unwrap();

    // A relative path that climbs out of the site (theme names are relative to themes/).
    std::fs::create_dir_all(t.root().join("themes")).unwrap();
    t.write("site.toml", "title = \"Theme fixture\"\ntheme = \"../../shared-theme\"\n[search]\nenabled = false\n");
    let run = t.build();
    run.failure().only_headlines(&[&format!(
        "site.toml:2:9: error: theme `../../shared-theme` is outside the site: themes/../../shared-theme is {}; \
         its files would be copied into the output",
        real.display()
    )]);
    run.stderr_has(OPT_IN);
    assert!(!t.public().exists(), "nothing is written");

    // An absolute path.
    let abs = outside.to_string_lossy().into_owned();
    t.write("site.toml", &format!("title = \"Theme fixture\"\ntheme = {abs:?}\n[search]\nenabled = false\n"));
    let run = t.build();
    run.failure();
    let h = run.headline_with("is outside the site");
    assert!(h.starts_with(&format!("site.toml:2:9: error: theme `{abs}` is outside the site")), "{h}");
    run.stderr_has(OPT_IN);

    // A symbolic link in themes/ that leads out of the site.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, t.root().join("themes/linked")).unwrap();
        t.write("site.toml", "title = \"Theme fixture\"\n\ntheme = \"linked\"\n[search]\nenabled = false\n");
        let run = t.build();
        run.failure().only_headlines(&[&format!(
            "site.toml:3:9: error: theme `linked` is outside the site: themes/linked is {}; \
             its files would be copied into the output",
            real.display()
        )]);
        run.stderr_has(OPT_IN);
    }
    assert!(!t.public().exists(), "nothing is written");
}

#[test]
fn a_theme_outside_the_site_is_used_when_site_toml_allows_it() {
    let t = SiteTest::new("trust/theme");
    theme_at(&t.scratch().join("shared-theme"));
    std::fs::create_dir_all(t.root().join("themes")).unwrap();
    t.write("site.toml", "title = \"Theme fixture\"\ntheme = \"../../shared-theme\"\nallow_theme_outside_site = true\n[search]\nenabled = false\n");
    t.build().clean();
    assert_eq!(t.read("marker.css"), "/* from the outside theme */\n");
}

#[cfg(unix)]
#[test]
fn a_theme_linked_from_inside_the_site_needs_no_opt_in() {
    let t = SiteTest::new("trust/theme");
    theme_at(&t.root().join("vendor/theme"));
    std::fs::create_dir_all(t.root().join("themes")).unwrap();
    std::os::unix::fs::symlink("../vendor/theme", t.root().join("themes/vendored")).unwrap();
    t.write("site.toml", "title = \"Theme fixture\"\ntheme = \"vendored\"\n[search]\nenabled = false\n");
    t.build().clean();
    assert_eq!(t.read("marker.css"), "/* from the outside theme */\n");
}
