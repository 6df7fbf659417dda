//! Training paths and their knowledge checks.

use super::missing_hint;
use super::parent_dir;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::Span;
use crate::model::Kind;
use crate::model::Page;
use crate::model::PageId;
use crate::model::Site;
use crate::model::TrainingPath;
use crate::urls::normalize;
/// Training paths and quizzes (needs page analysis for reading times).
pub(crate) fn paths_and_quizzes(site: &mut Site, diags: &mut Vec<Diagnostic>) {
    // Training paths are numbered in reading order.
    let path_pages: Vec<PageId> =
        site.reading_order().into_iter().filter(|&i| site.pages[i].kind == Kind::TrainingPath).collect();
    for i in path_pages {
        let modules = path_modules(site, i, diags);
        let p = &site.pages[i];
        let id = parent_dir(p.rel.as_deref().unwrap_or("")).rsplit('/').next().unwrap_or("").to_string();
        // The total is what the modules show, added up; a written estimate that says
        // otherwise is reported, not shown.
        let minutes: u32 = modules.iter().map(|&m| site.pages[m].minutes()).sum();
        check_estimate(p, minutes, diags);
        let pi = site.add_path(TrainingPath { id, page: i, modules, minutes });
        for (pos, &m) in site.paths[pi].modules.iter().enumerate() {
            site.pages[m].memberships.push((pi, pos));
        }
    }
    for p in &site.pages {
        quiz_positions(p, diags);
        check_quiz(p, diags);
    }
}

/// The pages a training path (page `i`) lists under `modules:`, in order; a module
/// listed twice or missing is an error, one missing only in this language a warning.
fn path_modules(site: &Site, i: PageId, diags: &mut Vec<Diagnostic>) -> Vec<PageId> {
    let p = &site.pages[i];
    let dir = parent_dir(p.rel.as_deref().unwrap_or(""));
    let mut modules = Vec::new();
    for (n, m) in p.fm.modules.iter().enumerate() {
        let Span { line, col, .. } = p.fm.item_span(&p.text, "modules", n);
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
                    .with_hint(missing_hint(site.by_rel.keys().map(String::as_str), &dir, m))
                    .with_source(&p.text, m.chars().count()),
            ),
        }
    }
    modules
}

/// A path's written `estimated_minutes` that differs from its modules' `minutes`: warn.
fn check_estimate(p: &Page, minutes: u32, diags: &mut Vec<Diagnostic>) {
    if let Some(said) = p.fm.estimated_minutes.filter(|&said| said != minutes) {
        let line = p.fm.key_lines.get("estimated_minutes").copied().unwrap_or(1);
        diags.push(
            Diagnostic::warning(
                &p.display,
                line,
                1,
                format!(
                    "`estimated_minutes: {said}` differs from the {minutes} minutes the path's modules add up to (reading plus exercises); the path shows {minutes}"
                ),
            )
            .with_hint("remove `estimated_minutes` (primer adds the modules' times up), and give the modules with exercises an `exercise_minutes`")
            .with_source(&p.text, "estimated_minutes".len()),
        );
    }
}

/// Each quiz question of page `p` needs two options or more, one of them its answer.
fn check_quiz(p: &Page, diags: &mut Vec<Diagnostic>) {
    for (n, q) in p.fm.quiz.iter().enumerate() {
        if !q.options.contains(&q.answer) {
            let at = p.fm.field_span(&p.text, "quiz", "answer", n);
            diags.push(
                Diagnostic::error_at(
                    &p.display,
                    &p.text,
                    at,
                    format!("quiz answer `{}` is not one of the options", q.answer),
                )
                .with_hint(format!("the answer must be exactly one of: {}", q.options.join(" | "))),
            );
        }
        if q.options.len() < 2 {
            let at = p.fm.field_span(&p.text, "quiz", "options", n);
            diags.push(Diagnostic::error_at(&p.display, &p.text, at, "a quiz question needs at least two options"));
        }
    }
}

/// A quiz of three questions or more whose right answers are all shown in one position
/// (after the build's shuffle, or as pinned) can be passed by pattern: warn.
fn quiz_positions(p: &Page, diags: &mut Vec<Diagnostic>) {
    if p.fm.quiz.len() < 3 {
        return;
    }
    let key = p.url.trim_start_matches('/');
    let mut shown = p.fm.quiz.iter().enumerate().map(|(n, q)| {
        let order = p.fm.quiz_order(key, n);
        order.iter().position(|&k| q.options.get(k) == Some(&q.answer))
    });
    let Some(Some(first)) = shown.next() else { return };
    if shown.all(|k| k == Some(first)) {
        let line = p.fm.key_lines.get("quiz").copied().unwrap_or(1);
        let pinned = p.fm.quiz_shuffle == Some(false) || p.fm.quiz.iter().all(|q| q.pin);
        diags.push(
            Diagnostic::warning(
                &p.display,
                line,
                1,
                format!(
                    "every right answer of this quiz is shown as option {} of its question, so the check can be passed by position",
                    first + 1
                ),
            )
            .with_hint(if pinned {
                "reorder the options so the right answers sit in different positions, or let primer shuffle them (remove `quiz_shuffle: false` / `pin: true`)"
            } else {
                "pin some questions (`pin: true`) with their right answer in another position, or reword a question (the shuffle is seeded by its text)"
            })
            .with_source(&p.text, "quiz".len()),
        );
    }
}
