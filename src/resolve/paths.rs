//! Training paths and their knowledge checks.

#[allow(unused_imports)]
use super::*;

/// Training paths and quizzes (needs page analysis for reading times).
pub fn paths_and_quizzes(site: &mut Site, diags: &mut Vec<Diagnostic>) {
    let path_pages: Vec<usize> =
        site.reading_order().into_iter().filter(|&i| matches!(site.pages[i].kind(), Kind::TrainingPath(_))).collect();
    for i in path_pages {
        let p = &site.pages[i];
        let dir = parent_dir(p.rel.as_deref().unwrap_or(""));
        let mut modules = Vec::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for m in &p.fm.modules {
            let count = seen.entry(m.as_str()).or_insert(0);
            let line = p.fm.value_line_nth(&p.text, "modules", m, *count);
            *count += 1;
            let col = column_of(&p.text, line, m);
            let target = normalize(&format!("{dir}/{}", m.split('#').next().unwrap_or(m)));
            match target.as_ref().and_then(|t| site.by_rel.get(t)) {
                Some(&t) if modules.contains(&t) => diags.push(
                    Diagnostic::error(&p.display, line, col, format!("module `{m}` appears twice in this path"))
                        .with_hint("list each module once")
                        .with_source(&p.text, m.chars().count()),
                ),
                Some(&t) => modules.push(t),
                None if target
                    .as_ref()
                    .is_some_and(|t| site.fallback.as_ref().is_some_and(|f| f.by_rel.contains_key(t))) =>
                {
                    let code = site.prefix.trim_end_matches('/');
                    diags.push(
                        Diagnostic::warning(
                            &p.display,
                            line,
                            col,
                            format!("module `{m}` has no `{code}` translation; this language's path leaves it out"),
                        )
                        .with_hint(format!(
                            "translate the module (a `.{code}.md` file beside it) so the path can be taken wholly in this language"
                        ))
                        .with_source(&p.text, m.chars().count()),
                    )
                }
                None => diags.push(
                    Diagnostic::error(&p.display, line, col, format!("module `{m}` does not exist"))
                        .with_hint(missing_hint(site, &dir, m))
                        .with_source(&p.text, m.chars().count()),
                ),
            }
        }
        if let Some(mark) = p.fm.pass_mark.filter(|m| !(0..=100).contains(m)) {
            let line = p.fm.key_lines.get("pass_mark").copied().unwrap_or(1);
            diags.push(
                Diagnostic::error(&p.display, line, 1, format!("pass mark `{mark}` is outside 0-100"))
                    .with_hint("`pass_mark` is the per cent of the knowledge check's questions to answer right, e.g. `pass_mark: 80`")
                    .with_source(&p.text, "pass_mark".len()),
            );
        }
        let id = dir.rsplit('/').next().unwrap_or("").to_string();
        let minutes =
            p.fm.estimated_minutes.unwrap_or_else(|| modules.iter().map(|&m| site.pages[m].reading_minutes()).sum());
        let pi = site.paths.len();
        for (pos, &m) in modules.iter().enumerate() {
            site.pages[m].memberships.push((pi, pos));
        }
        site.paths.push(TrainingPath { id, page: i, modules, minutes });
        site.pages[i].kind = Some(Kind::TrainingPath(pi));
    }
    for p in &site.pages {
        for q in &p.fm.quiz {
            if !q.options.contains(&q.answer) {
                let line =
                    p.fm.value_line(&p.text, "quiz", &format!("answer: {}", q.answer))
                        .max(p.fm.value_line(&p.text, "quiz", &q.answer));
                diags.push(
                    Diagnostic::error(
                        &p.display,
                        line,
                        column_of(&p.text, line, "answer"),
                        format!("quiz answer `{}` is not one of the options", q.answer),
                    )
                    .with_hint(format!("the answer must be exactly one of: {}", q.options.join(" | ")))
                    .with_source(&p.text, 6),
                );
            }
            if q.options.len() < 2 {
                let line = p.fm.value_line(&p.text, "quiz", &q.question);
                diags.push(
                    Diagnostic::error(&p.display, line, 1, "a quiz question needs at least two options")
                        .with_source(&p.text, 1),
                );
            }
        }
    }
}
