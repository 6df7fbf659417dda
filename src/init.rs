//! `primer init DIR`: a minimal site that builds with the built-in default theme.

use anyhow::{bail, Context, Result};
use std::path::Path;

const SITE_TOML: &str = r#"title = "My knowledge base"
description = "A knowledge base built with primer."
language = "en"

[[taxonomies]]
name = "tags"
title = "Tags"
"#;

const HOME: &str = r#"---
title: My knowledge base
description: Start here.
---
Welcome. Write pages in `content/` as markdown with front matter, then run `primer serve`.

- [Getting started](guide/getting-started.md)
"#;

const SECTION: &str = r#"---
title: Guide
description: How this knowledge base is organized.
weight: 1
---
The guide explains how to use this site.
"#;

const PAGE: &str = r#"---
title: Getting started
description: The first page of the guide.
tags: [basics]
---
## Writing pages {#writing}

Each page is a markdown file with a front matter block. Link to other pages by
their relative path, like [the home page](../_index.md).
"#;

pub fn init(dir: &Path) -> Result<()> {
    if dir.exists() && !dir.is_dir() {
        bail!("{} is a file, not a folder; choose a new folder", dir.display());
    }
    if dir.exists() && dir.read_dir().map(|mut d| d.next().is_some()).unwrap_or(true) {
        bail!("{} exists and is not empty; choose a new folder", dir.display());
    }
    let files = [
        ("site.toml", SITE_TOML),
        ("content/_index.md", HOME),
        ("content/guide/_index.md", SECTION),
        ("content/guide/getting-started.md", PAGE),
    ];
    for (name, text) in files {
        let path = dir.join(name);
        if let Some(p) = path.parent() {
            std::fs::create_dir_all(p).with_context(|| format!("cannot create {}", p.display()))?;
        }
        // create_new: a file that appeared since the check above is never overwritten.
        let mut file = std::fs::File::create_new(&path).with_context(|| format!("cannot create {}", path.display()))?;
        std::io::Write::write_all(&mut file, text.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    std::fs::create_dir_all(dir.join("static")).with_context(|| format!("cannot create {}/static", dir.display()))?;
    Ok(())
}
