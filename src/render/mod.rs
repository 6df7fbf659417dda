//! Render: the resolved site through Tera templates into output files.
//!
//! The only module that knows Tera. Builds small serializable views per page (URLs
//! already made relative to the page, so the output works under any sub-path),
//! renders in parallel, and produces the generated files (sitemap, robots.txt,
//! redirect pages, printable pages). Each file goes to the [`Sink`] the pipeline
//! passes in: no file IO.
//!
//! A stage (the dependency rule is in `lib.rs`): imports the model, the cross-cutting
//! modules and engines (`search`), never another stage.

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::model::TemplateFile;
use crate::model::{PageId, Site};
use std::collections::BTreeMap;

mod extra;
mod nav;
mod pages;
mod parts;
mod print;
mod views;

pub(crate) use extra::*;
pub(crate) use pages::template_name;
#[allow(unused_imports)]
use pages::*;
#[allow(unused_imports)]
use parts::*;
use views::*;

/// Compile all templates (theme first, site overrides by name), with the `asset()`
/// function over `versions` (see [`asset_function`]).
pub(crate) fn templates(
    files: &[TemplateFile],
    versions: BTreeMap<String, String>,
) -> Result<tera::Tera, Vec<Diagnostic>> {
    let mut by_name: BTreeMap<&str, &TemplateFile> = BTreeMap::new();
    for f in files {
        by_name.insert(f.name.as_str(), f);
    }
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.register_function("asset", asset_function(versions));
    let mut list: Vec<(&str, &str)> = by_name.values().map(|f| (f.name.as_str(), f.text.as_str())).collect();
    if let Some(nav) = by_name.get(NAV_PARTIAL) {
        list.push((NAV_TEMPLATE, nav_caller(&nav.text)));
    }
    tera.add_raw_templates(list).map_err(|e| {
        let origin = by_name.values().find(|f| e.to_string().contains(&f.name)).map(|f| f.origin.clone());
        vec![template_error(origin.as_deref().unwrap_or("templates"), "could not compile the templates", &e)]
    })?;
    Ok(tera)
}

/// A site's or theme's own navigation tree: when this partial exists, primer renders
/// the tree through it (see [`nav_caller`]) instead of writing the markup itself.
pub(crate) const NAV_PARTIAL: &str = "partials/nav.html";

/// The internal template that calls [`NAV_PARTIAL`] for a page's tree.
pub(crate) const NAV_TEMPLATE: &str = "__primer/nav.html";

/// How the tree is drawn from `partials/nav.html`: a partial that defines the
/// component `nav_tree(items, root, overview)` (as primer's theme did) is called
/// with the whole tree; any other partial is included, and writes the tree from
/// `nav` (entries with `title`, `path`, `current`, `open`, `lang`, `section` and
/// `children`), `root`, `overview`, `site` and `t`.
fn nav_caller(partial: &str) -> &'static str {
    let component = partial.split("{%").any(|tag| {
        let tag = tag.trim_start_matches('-').trim_start();
        tag.strip_prefix("component").is_some_and(|rest| rest.trim_start().starts_with("nav_tree"))
    });
    if component {
        "{{ <nav_tree items={nav} root={root} overview={overview}/> }}"
    } else {
        "{% include \"partials/nav.html\" %}"
    }
}

/// `asset(path="style.css")` in a template: the URL of a file of the theme's or the
/// site's `static/` folder (or the build's `highlight.css`) from the page, `root`
/// first, with `?v=<hash of its bytes>` where the build versions it (`versions`: the
/// hash by output path, empty for a file whose URL stays plain). `root=""` gives the
/// path from the site's root (the 404 page's loader). A path that names no such file
/// is an error, so a typo does not ship a page with a missing stylesheet.
fn asset_function(
    versions: BTreeMap<String, String>,
) -> impl Fn(tera::Kwargs, &tera::State) -> tera::TeraResult<String> + Send + Sync + 'static {
    move |kwargs: tera::Kwargs, state: &tera::State| {
        let path: String = kwargs.must_get::<&str>("path")?.trim_start_matches('/').to_string();
        let root: String = match kwargs.get::<&str>("root")? {
            Some(r) => r.to_string(),
            None => state.get::<String>("root")?.unwrap_or_default(),
        };
        match versions.get(&path) {
            Some(v) if v.is_empty() => Ok(format!("{root}{path}")),
            Some(v) => Ok(format!("{root}{path}?v={v}")),
            None => Err(tera::Error::message(format!(
                "asset(path=\"{path}\"): no file `{path}` in the theme's or the site's static/ folder \
                 (fix the path, or add the file to static/)"
            ))),
        }
    }
}

/// A template error with the whole cause chain (Tera puts the useful part in causes).
pub(crate) fn template_error(path: &str, what: &str, e: &dyn std::error::Error) -> Diagnostic {
    let mut chain = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(c) = cur {
        chain.push(c.to_string());
        cur = c.source();
    }
    chain.dedup();
    Diagnostic::error(path, 0, 0, format!("{what}: {}", chain.join(": "))).with_hint(
        "fix the template; `{{ x }}` needs `x` in the context (see the theme's templates for the available names)",
    )
}

/// The language a [`Renderer`] renders in, and where the other languages are.
pub(crate) struct LanguageContext<'a> {
    /// The language's place in the site's list (0: the default language).
    pub(crate) index: crate::model::LangId,
    pub(crate) language: &'a crate::model::Language,
    /// The theme's words in this language (`t` in templates).
    pub(crate) strings: &'a crate::model::Table,
    /// Every language's pages (multilingual sites only).
    pub(crate) alternates: Option<&'a crate::model::Alternates>,
}

/// Where rendered pages of earlier builds are kept (the incremental layer implements
/// it; a one-off build keeps nothing). Render does not know how, nor what a page's
/// HTML depends on: it names the page, and renders it when asked to.
pub(crate) trait PageStore: Sync {
    /// Page `page`'s HTML as an earlier build made it from the same inputs, or
    /// `render` it (and keep what it made).
    fn page(
        &self,
        page: PageId,
        render: &mut dyn FnMut() -> Result<std::sync::Arc<[u8]>, Diagnostic>,
    ) -> Result<std::sync::Arc<[u8]>, Diagnostic>;
}

/// Everything one language's pages are made from besides the templates: a
/// [`Renderer`] reads nothing else, so whoever keeps rendered pages (the incremental
/// layer) can key them by this value and the templates' texts.
pub(crate) struct RenderInput<'a> {
    pub(crate) site: &'a Site,
    pub(crate) config: &'a SiteConfig,
    pub(crate) language: LanguageContext<'a>,
    /// Where templates are looked up, for errors (see [`template_folders`]).
    pub(crate) template_folders: String,
}

/// Renders pages of one site with one compiled template set. Made only by
/// [`Renderer::new`] from a [`RenderInput`].
pub(crate) struct Renderer<'a> {
    site: &'a Site,
    config: &'a SiteConfig,
    tera: &'a tera::Tera,
    /// Rendered pages of earlier builds (see [`PageStore`]).
    pages: &'a dyn PageStore,
    template_folders: &'a str,
    language: &'a LanguageContext<'a>,
}

impl<'a> Renderer<'a> {
    /// A renderer of `input`'s pages with the compiled templates `tera`, keeping
    /// them in `pages`.
    pub(crate) fn new(input: &'a RenderInput<'a>, tera: &'a tera::Tera, pages: &'a dyn PageStore) -> Self {
        let RenderInput { site, config, language, template_folders } = input;
        Renderer { site, config, tera, pages, template_folders, language }
    }
}

/// Where templates are looked up, in order: the site's `templates/`, then the theme's.
pub(crate) fn template_folders(files: &[TemplateFile], theme: &str) -> String {
    let theme_dir = if files.iter().any(|f| f.origin.starts_with("(built-in)/")) {
        format!("the built-in `{theme}` theme (themes/{theme}/templates/ does not exist)")
    } else {
        format!("themes/{theme}/templates/")
    };
    format!("templates/ (the site's), then {theme_dir}")
}

fn path_of(url: &str) -> String {
    url.trim_start_matches('/').to_string()
}
