//! `primer serve` end to end: the real binary on a copy of a fixture site, driven
//! over HTTP (ureq, and raw sockets where a client would tidy the request up) and
//! WebSocket (tungstenite).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tungstenite::client::IntoClientRequest;
use tungstenite::stream::MaybeTlsStream;

const BIN: &str = env!("CARGO_BIN_EXE_primer");
/// How long to wait for the server (`PRIMER_SERVE_WAIT` seconds; the benchmark's large sites need more).
fn wait() -> Duration {
    Duration::from_secs(std::env::var("PRIMER_SERVE_WAIT").ok().and_then(|w| w.parse().ok()).unwrap_or(30))
}

/// The binary under test; the benchmark may point it at a release build.
fn bin() -> String {
    std::env::var("PRIMER_BENCH_BIN").unwrap_or_else(|_| BIN.to_string())
}

fn fixture(name: &str) -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve").join(name);
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&src, dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// A running `primer serve`, killed on drop.
struct Server {
    child: Child,
    port: u16,
    out: Arc<Mutex<Vec<String>>>,
    err: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(root: &Path, extra: &[&str]) -> Server {
        Self::start_with(root, "0", extra)
    }

    fn start_with(root: &Path, port: &str, extra: &[&str]) -> Server {
        Self::start_env(root, port, extra, &[])
    }

    fn start_env(root: &Path, port: &str, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let mut cmd = Command::new(bin());
        cmd.envs(env.iter().copied()).args(["serve", "--root"]).arg(root).args(["--port", port]).args(extra);
        Self::spawn(cmd)
    }

    /// Start `cmd`, a command line that runs `primer serve` (perhaps through a wrapper).
    fn spawn(mut cmd: Command) -> Server {
        let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let out = Arc::new(Mutex::new(Vec::new()));
        let err = Arc::new(Mutex::new(Vec::new()));
        for (stream, sink) in [
            (Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>, out.clone()),
            (Box::new(child.stderr.take().unwrap()) as Box<dyn Read + Send>, err.clone()),
        ] {
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    sink.lock().unwrap().push(line);
                }
            });
        }
        let mut server = Server { child, port: 0, out, err };
        let line = server.wait_for_line(|l| l.starts_with("Serving "));
        let after = line.split("http://127.0.0.1:").nth(1).expect(&line);
        server.port = after.split('/').next().unwrap().parse().unwrap();
        server
    }

    fn wait_for_line(&mut self, pred: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            if let Some(l) = self.out.lock().unwrap().iter().find(|l| pred(l)) {
                return l.clone();
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "primer serve exited with {status}: {:?} {:?}",
                    self.out.lock().unwrap(),
                    self.err.lock().unwrap()
                );
            }
            assert!(
                start.elapsed() < wait(),
                "timed out; stdout: {:?} stderr: {:?}",
                self.out.lock().unwrap(),
                self.err.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn stdout(&self) -> Vec<String> {
        self.out.lock().unwrap().clone()
    }

    fn stderr(&self) -> String {
        self.err.lock().unwrap().join("\n")
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn get(&self, path: &str) -> Resp {
        let agent: ureq::Agent =
            ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into();
        let mut r = agent.get(&self.url(path)).call().unwrap();
        let headers =
            r.headers().iter().map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string())).collect();
        let body = r.body_mut().with_config().limit(64 << 20).read_to_vec().unwrap();
        Resp { status: r.status().as_u16(), headers, body }
    }

    fn text(&self, path: &str) -> String {
        let r = self.get(path);
        assert_eq!(r.status, 200, "{path}");
        r.text()
    }

    /// A request written by hand, for what HTTP clients would normalise away.
    fn raw(&self, request: &str) -> (u16, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(wait())).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut buf = Vec::new();
        s.read_to_end(&mut buf).unwrap();
        let text = String::from_utf8_lossy(&buf).into_owned();
        let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        (status, text)
    }

    fn raw_get(&self, path: &str) -> (u16, String) {
        self.raw(&format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n", self.port))
    }

    fn ws(&self) -> Ws {
        self.ws_with_origin(&format!("http://127.0.0.1:{}", self.port)).unwrap()
    }

    fn ws_with_origin(&self, origin: &str) -> Result<Ws, tungstenite::Error> {
        let mut req = format!("ws://127.0.0.1:{}/__primer/ws", self.port).into_client_request().unwrap();
        req.headers_mut().insert("Origin", origin.parse().unwrap());
        let (socket, _) = tungstenite::connect(req)?;
        if let MaybeTlsStream::Plain(s) = socket.get_ref() {
            s.set_read_timeout(Some(Duration::from_millis(100))).unwrap();
        }
        Ok(Ws { socket })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Resp {
    status: u16,
    headers: BTreeMap<String, String>,
    body: Vec<u8>,
}

impl Resp {
    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

struct Ws {
    socket: tungstenite::WebSocket<MaybeTlsStream<TcpStream>>,
}

impl Ws {
    /// The next JSON message within `within`, if any.
    fn next(&mut self, within: Duration) -> Option<serde_json::Value> {
        let end = Instant::now() + within;
        while Instant::now() < end {
            match self.socket.read() {
                Ok(tungstenite::Message::Text(t)) => return Some(serde_json::from_str(t.as_str()).unwrap()),
                Ok(_) => {}
                Err(tungstenite::Error::Io(e))
                    if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) => {}
                Err(e) => panic!("websocket: {e}"),
            }
        }
        None
    }

    /// Wait for a message of type `ty`, skipping others; panics on timeout.
    fn expect(&mut self, ty: &str) -> serde_json::Value {
        let end = Instant::now() + wait();
        while Instant::now() < end {
            if let Some(m) = self.next(Duration::from_millis(200)) {
                if m["type"] == ty {
                    return m;
                }
            }
        }
        panic!("no `{ty}` message within {:?}", wait());
    }

    /// All messages until `quiet` passes without one.
    fn drain(&mut self, quiet: Duration) -> Vec<serde_json::Value> {
        let mut all = Vec::new();
        while let Some(m) = self.next(quiet) {
            all.push(m);
        }
        all
    }
}

/// Remove what the dev server injects into HTML.
fn strip_injected(html: &str) -> String {
    let start = "<!-- primer serve -->";
    let end = "<!-- /primer serve -->";
    match (html.find(start), html.find(end)) {
        (Some(a), Some(b)) => format!("{}{}", &html[..a], &html[b + end.len()..]),
        _ => html.to_string(),
    }
}

/// Write a file the way most editors do: a temp file next to it, renamed over it.
fn atomic_write(path: &Path, text: &str) {
    let tmp = path.with_file_name(format!(".{}.tmp", path.file_name().unwrap().to_string_lossy()));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

fn alpha(root: &Path) -> PathBuf {
    root.join("content/guide/alpha.md")
}

const ALPHA: &str = "---\ntitle: Alpha\ndescription: The first page.\ntags: [basics]\n---\n## First heading\n\n";

fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn an_edit_pushes_a_reload_and_the_served_site_equals_a_clean_build() {
    let site = fixture("basic");
    let server = Server::start(site.path(), &[]);
    assert!(server.text("/guide/alpha/").contains("version one"));
    let mut ws = server.ws();
    atomic_write(&alpha(site.path()), &format!("{ALPHA}Alpha body text, version two.\n"));
    ws.expect("reload");
    let page = server.text("/guide/alpha/");
    assert!(page.contains("version two"), "{page}");
    assert!(page.contains("<script src=\"/__primer/client.js\"></script>"));

    let files = assert_serves_a_clean_build(&server, site.path());
    assert!(files.contains(&"guide/alpha/index.html".to_string()), "{files:?}");
}

/// A clean `primer build` of the site at `root`, file by file, equals what `server`
/// serves; returns the built files.
fn assert_serves_a_clean_build(server: &Server, root: &Path) -> Vec<String> {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let build = Command::new(BIN).arg("build").arg("--root").arg(root).arg("--output").arg(&public).output().unwrap();
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    let files = files_under(&public);
    // `.primer-output` marks the folder as a build's output; it is not part of the site.
    for f in files.iter().filter(|f| !f.starts_with("pagefind/") && *f != ".primer-output") {
        let built = std::fs::read(public.join(f)).unwrap();
        assert!(!String::from_utf8_lossy(&built).contains("__primer"), "{f} of `primer build` mentions __primer");
        let served = server.get(&format!("/{}", f.strip_suffix("index.html").unwrap_or(f)));
        assert_eq!(served.status, 200, "{f}");
        if f.ends_with(".html") {
            // `primer build` versions asset URLs (`style.css?v=<hash>`); the dev server,
            // which sends no-store, does not.
            let built = unversioned(&String::from_utf8(built).unwrap());
            assert_eq!(strip_injected(&served.text()), built, "{f} differs");
        } else if served.body != built {
            // `primer build` writes the theme's stylesheets and scripts minified; the dev
            // server serves them as written: the built file is the served one, minified.
            let text = String::from_utf8(served.body.clone()).unwrap();
            let small = if f.ends_with(".css") {
                minifier::css::minify(&text).map(|m| m.to_string()).ok()
            } else if f.ends_with(".js") {
                Some(minifier::js::minify(&text).to_string())
            } else {
                None
            };
            assert!(small.is_some_and(|m| m.as_bytes() == built.as_slice()), "{f} differs");
        }
    }
    files
}

/// A built page without the `?v=<10 hex digits>` of its asset URLs.
fn unversioned(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("?v=") {
        let tail = &rest[at + 3..];
        let hex = tail.len() >= 10 && tail.as_bytes()[..10].iter().all(u8::is_ascii_hexdigit);
        out.push_str(&rest[..at]);
        if hex {
            rest = &tail[10..];
        } else {
            out.push_str("?v=");
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn a_broken_page_shows_the_overlay_keeps_the_last_good_page_and_clears_when_fixed() {
    let site = fixture("basic");
    let server = Server::start(site.path(), &[]);
    let mut ws = server.ws();
    let evil = "<img src=x onerror=alert(1)>";
    std::fs::write(alpha(site.path()), format!("---\ntitle: Alpha\n\"{evil}\": 1\n---\nBroken version.\n")).unwrap();
    let msg = ws.expect("error");
    let html = msg["html"].as_str().unwrap();
    assert!(html.contains("__primer-overlay"), "{html}");
    assert!(html.contains("content/guide/alpha.md:3"), "{html}");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{html}");
    assert!(!html.contains("<img"), "{html}");
    let diags = msg["diagnostics"].as_array().unwrap();
    assert!(diags.iter().any(|d| d["message"].as_str().unwrap().contains(evil)), "{msg}");

    // The last good page is still served, with the overlay on top.
    let page = server.text("/guide/alpha/");
    assert!(page.contains("version one"), "{page}");
    assert!(!page.contains("Broken version"));
    assert!(page.contains("__primer-overlay"));
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(!page.contains(evil));
    // And in the terminal, rendered like `primer build` does.
    let start = Instant::now();
    while !server.stderr().contains("content/guide/alpha.md:3") {
        assert!(start.elapsed() < wait(), "{}", server.stderr());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(server.stderr().contains("Build failed"), "{}", server.stderr());

    // A new tab opened while the build is broken hears about it too.
    let mut late = server.ws();
    assert_eq!(late.expect("error")["type"], "error");

    std::fs::write(alpha(site.path()), format!("{ALPHA}Fixed version.\n")).unwrap();
    ws.expect("reload");
    let page = server.text("/guide/alpha/");
    assert!(page.contains("Fixed version"), "{page}");
    assert!(!page.contains("__primer-overlay"));
}

#[test]
fn the_overlay_shows_the_references_folded_into_an_error_and_the_json_fields() {
    let site = fixture("basic");
    let server = Server::start(site.path(), &[]);
    let mut ws = server.ws();
    // The home page links to alpha; alpha's front matter breaks, so that link is not
    // checked, and the terminal's hint says so: the overlay must too.
    atomic_write(&alpha(site.path()), "---\ntitle: Alpha\ntags: [basics\n---\nBroken.\n");
    let msg = ws.expect("error");
    let folded = "so 1 reference(s) to it are not checked: content/_index.md:5:30";
    let html = msg["html"].as_str().unwrap();
    assert!(html.contains(folded), "{html}");
    // The code frame is the terminal's.
    assert!(html.contains("4 | ---\n  | ^"), "{html}");
    let d = &msg["diagnostics"][0];
    assert_eq!(d["file"], "content/guide/alpha.md", "{msg}");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(4), Some(1)), "{msg}");
    assert_eq!(d["code"], "front-matter-invalid", "{msg}");
    assert!(d["hint"].as_str().unwrap().ends_with(folded), "{msg}");
    wait_for_stderr(&server, folded);
}

/// Waits until the server's stderr contains `needle`.
fn wait_for_stderr(server: &Server, needle: &str) {
    let start = Instant::now();
    while !server.stderr().contains(needle) {
        assert!(start.elapsed() < wait(), "no `{needle}` on stderr: {}", server.stderr());
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn text_whose_lower_case_changes_length_rebuilds_and_links_the_term() {
    // This text used to panic the glossary matcher and stop the rebuilding thread for good.
    let site = fixture("basic");
    let glossary = site.path().join("content/glossary/ledger.md");
    std::fs::create_dir_all(glossary.parent().unwrap()).unwrap();
    std::fs::write(&glossary, "---\ntitle: Ledger\ndefinition: A record of transactions.\n---\nText.\n").unwrap();
    let server = Server::start(site.path(), &[]);
    let mut ws = server.ws();
    atomic_write(&alpha(site.path()), &format!("{ALPHA}İİ ledger \u{212A}\n\nAnd ẞ Σ ﬁ 区块链 😀 ledgers.\n"));
    ws.expect("reload");
    let page = server.text("/guide/alpha/");
    assert!(page.contains(">ledger</a>"), "{page}");
    assert!(page.contains("İİ "), "{page}");
    assert!(!server.stderr().contains("panicked"), "{}", server.stderr());
    // And the next edit is built too.
    atomic_write(&alpha(site.path()), &format!("{ALPHA}Version three.\n"));
    ws.expect("reload");
    assert!(server.text("/guide/alpha/").contains("Version three"));
}

#[test]
fn a_panic_inside_a_rebuild_is_reported_and_the_next_edit_rebuilds() {
    // `PRIMER_TEST_PANIC` (debug builds only) makes rendering a page that contains the
    // marker panic on a rayon thread: a stand-in for any bug in any stage.
    let marker = "PANIC-MARKER-4b1d";
    let site = fixture("basic");
    let mut server = Server::start_env(site.path(), "0", &[], &[("PRIMER_TEST_PANIC", marker)]);
    assert!(server.text("/guide/alpha/").contains("version one"));
    let mut ws = server.ws();

    atomic_write(&alpha(site.path()), &format!("{ALPHA}Crash here: {marker}.\n"));
    let msg = ws.expect("error");
    let html = msg["html"].as_str().unwrap();
    assert!(html.contains("__primer-overlay"), "{html}");
    assert!(html.contains("internal error: primer panicked while building the site"), "{html}");
    assert!(html.contains(&format!("PRIMER_TEST_PANIC: the page contains `{marker}`")), "{html}");
    assert!(html.contains("src/markdown/render.rs:"), "the panic's location is shown: {html}");
    assert!(html.contains("this is a bug in primer"), "{html}");
    wait_for_stderr(&server, "internal error: primer panicked while building the site");
    wait_for_stderr(&server, "this is a bug in primer");
    assert!(server.stderr().contains("Build failed (content/guide/alpha.md changed)"), "{}", server.stderr());
    // The process and the last good page survive, with the overlay on top.
    assert!(server.child.try_wait().unwrap().is_none(), "primer serve exited");
    let page = server.text("/guide/alpha/");
    assert!(page.contains("version one"), "{page}");
    assert!(!page.contains("Crash here"), "{page}");
    assert!(page.contains("this is a bug in primer"), "{page}");

    // Fixing the file rebuilds and reloads, and so does the edit after it.
    atomic_write(&alpha(site.path()), &format!("{ALPHA}Fixed after the crash.\n"));
    ws.expect("reload");
    let page = server.text("/guide/alpha/");
    assert!(page.contains("Fixed after the crash"), "{page}");
    assert!(!page.contains("__primer-overlay"), "{page}");
    std::fs::write(site.path().join("content/guide/beta.md"), "---\ntitle: Beta\n---\nBeta, edited.\n").unwrap();
    ws.expect("reload");
    assert!(server.text("/guide/beta/").contains("Beta, edited."));
    server.wait_for_line(|l| l.starts_with("Rebuilt in") && l.contains("beta.md"));
}

#[test]
fn deleting_renaming_and_adding_folders_are_picked_up() {
    let site = fixture("basic");
    let server = Server::start(site.path(), &[]);
    let mut ws = server.ws();
    let guide = site.path().join("content/guide");

    std::fs::remove_file(guide.join("beta.md")).unwrap();
    ws.expect("reload");
    let r = server.get("/guide/beta/");
    assert_eq!(r.status, 404);
    assert!(r.text().contains("Page not found"), "the site's 404.html is served");

    // Deleted and re-created (as some editors save).
    std::fs::write(guide.join("beta.md"), "---\ntitle: Beta again\n---\nBack.\n").unwrap();
    ws.expect("reload");
    assert!(server.text("/guide/beta/").contains("Beta again"));

    std::fs::rename(guide.join("beta.md"), guide.join("gamma.md")).unwrap();
    ws.expect("reload");
    assert!(server.text("/guide/gamma/").contains("Beta again"));
    assert_eq!(server.get("/guide/beta/").status, 404);

    // A new folder with files in it.
    let new = site.path().join("content/extra/deep");
    std::fs::create_dir_all(&new).unwrap();
    std::fs::write(new.join("page.md"), "---\ntitle: Deep page\n---\nDeep.\n").unwrap();
    std::fs::write(new.join("other.md"), "---\ntitle: Other deep page\n---\nOther.\n").unwrap();
    let start = Instant::now();
    loop {
        ws.expect("reload");
        if server.get("/extra/deep/other/").status == 200 {
            break;
        }
        assert!(start.elapsed() < wait());
    }
    assert!(server.text("/extra/deep/page/").contains("Deep page"));

    // A static folder created after the start is watched too.
    std::fs::create_dir_all(site.path().join("static/img")).unwrap();
    std::fs::write(site.path().join("static/img/dot.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    let start = Instant::now();
    while server.get("/img/dot.svg").status != 200 {
        assert!(start.elapsed() < wait());
        ws.next(Duration::from_millis(200));
    }
    assert_eq!(server.get("/img/dot.svg").headers["content-type"], "image/svg+xml; charset=utf-8");
}

#[test]
fn replacing_the_whole_content_folder_is_picked_up() {
    let site = fixture("basic");
    let server = Server::start(site.path(), &[]);
    let mut ws = server.ws();
    let content = site.path().join("content");
    let old = site.path().join("content-old");
    // What a `git checkout` or a sync tool may do: move the folder away, put a new one.
    std::fs::rename(&content, &old).unwrap();
    copy_dir(&old, &content);
    std::fs::write(content.join("guide/alpha.md"), format!("{ALPHA}From the new folder.\n")).unwrap();
    let start = Instant::now();
    while !server.get("/guide/alpha/").text().contains("From the new folder.") {
        assert!(start.elapsed() < wait(), "{:?}", server.stdout());
        ws.next(Duration::from_millis(200));
    }
    // The new folder is watched.
    ws.drain(Duration::from_millis(500));
    std::fs::write(content.join("guide/alpha.md"), format!("{ALPHA}Edited in the new folder.\n")).unwrap();
    ws.expect("reload");
    assert!(server.text("/guide/alpha/").contains("Edited in the new folder."));
}

#[test]
fn a_burst_of_writes_becomes_one_rebuild_and_temp_files_are_ignored() {
    let site = fixture("basic");
    let server = Server::start(site.path(), &[]);
    let mut ws = server.ws();

    // Swap and backup files alone do not rebuild.
    let guide = site.path().join("content/guide");
    std::fs::write(guide.join(".alpha.md.swp"), "swap").unwrap();
    std::fs::write(guide.join("alpha.md~"), "backup").unwrap();
    std::fs::write(guide.join("4913"), "").unwrap();
    assert!(ws.drain(Duration::from_millis(800)).is_empty());

    for i in 0..50 {
        std::fs::write(alpha(site.path()), format!("{ALPHA}Burst write number {i}.\n")).unwrap();
    }
    ws.expect("reload");
    let more = ws.drain(Duration::from_millis(1500));
    let reloads = 1 + more.iter().filter(|m| m["type"] == "reload").count();
    assert!(reloads <= 2, "{reloads} reloads for one burst: {more:?}");
    assert!(server.text("/guide/alpha/").contains("Burst write number 49."));
    let rebuilds = server.stdout().iter().filter(|l| l.starts_with("Rebuilt")).count();
    assert_eq!(rebuilds, reloads, "{:?}", server.stdout());
}

#[test]
fn a_stylesheet_change_swaps_stylesheets_instead_of_reloading() {
    let site = fixture("basic");
    let server = Server::start(site.path(), &[]);
    let mut ws = server.ws();
    std::fs::write(site.path().join("static/custom.css"), "body { color: red; }\n").unwrap();
    assert_eq!(ws.expect("css")["type"], "css");
    assert_eq!(server.text("/custom.css"), "body { color: red; }\n");
    // Anything else besides stylesheets reloads.
    std::fs::write(site.path().join("static/custom.css"), "body { color: blue; }\n").unwrap();
    std::fs::write(site.path().join("static/app.js"), "1;\n").unwrap();
    let m = ws.expect("reload");
    assert_eq!(m["type"], "reload");
}

/// The dev server keeps its memoized steps across a change of site.toml: a new
/// highlight theme restyles the code (its stylesheet), and every served file equals a
/// clean build's.
#[test]
fn a_new_highlight_theme_in_site_toml_restyles_code_like_a_clean_build() {
    let site = fixture("basic");
    atomic_write(&alpha(site.path()), &format!("{ALPHA}Code:\n\n```rust\nfn main() {{}}\n```\n"));
    let server = Server::start(site.path(), &[]);
    assert!(server.text("/guide/alpha/").contains("hl-"));
    let before = server.text("/highlight.css");
    let mut ws = server.ws();
    let config = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    atomic_write(&site.path().join("site.toml"), &format!("{config}\n[highlight]\nlight = \"Dracula\"\n"));
    ws.expect("reload");
    let after = server.text("/highlight.css");
    assert_ne!(before, after);
    assert!(after.contains("Dracula"), "{after}");
    assert_serves_a_clean_build(&server, site.path());
}

#[test]
fn site_toml_and_template_changes_rebuild() {
    let site = fixture("basic");
    let server = Server::start(site.path(), &[]);
    let mut ws = server.ws();
    let config = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    atomic_write(&site.path().join("site.toml"), &config.replace("Serve fixture", "Renamed fixture"));
    ws.expect("reload");
    assert!(server.text("/").contains("Renamed fixture"));
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(site.path().join("templates/404.html"), "<html><body>Custom missing page</body></html>").unwrap();
    let start = Instant::now();
    while !server.get("/nowhere").text().contains("Custom missing page") {
        assert!(start.elapsed() < wait());
        ws.next(Duration::from_millis(200));
    }
}

#[test]
fn requests_outside_the_site_are_refused() {
    let site = fixture("basic");
    std::fs::write(site.path().join("secret.txt"), "TOP SECRET").unwrap();
    let server = Server::start(site.path(), &[]);
    for path in [
        "/../Cargo.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E/site.toml",
        "/..%2fsite.toml",
        "/%5c..%5csite.toml",
        "/guide/../../site.toml",
        "/..\\site.toml",
        "/%2e%2e%2fsecret.txt",
        "/site.toml",
        "/secret.txt",
        "/content/guide/alpha.md",
        "/%00",
        "//etc/passwd",
    ] {
        let (status, text) = server.raw_get(path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(
            !text.contains("title = ") && !text.contains("TOP SECRET") && !text.contains("[package]"),
            "{path}: {text}"
        );
    }
    let (status, _) = server
        .raw(&format!("GET /etc/passwd HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n", server.port));
    assert_eq!(status, 404);
}

#[test]
fn wrong_hosts_methods_and_origins_are_refused() {
    let site = fixture("basic");
    let server = Server::start(site.path(), &[]);
    let p = server.port;
    for host in ["evil.example", "evil.example:{p}", "127.0.0.1:1", "localhost.evil.example:{p}", "192.168.0.10:{p}"] {
        let host = host.replace("{p}", &p.to_string());
        let (status, _) = server.raw(&format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
        assert_eq!(status, 403, "{host}");
    }
    let (status, _) = server.raw("GET / HTTP/1.0\r\n\r\n");
    assert_eq!(status, 403, "no Host header");
    let (status, _) = server.raw(&format!("GET / HTTP/1.1\r\nHost: localhost:{p}\r\nConnection: close\r\n\r\n"));
    assert_eq!(status, 200);
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let (status, text) = server.raw(&format!(
            "{method} / HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(status, 405, "{method}");
        assert!(text.to_ascii_lowercase().contains("allow: get, head"), "{text}");
    }
    let (status, text) =
        server.raw(&format!("HEAD /guide/alpha/ HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nConnection: close\r\n\r\n"));
    assert_eq!(status, 200);
    assert!(text.ends_with("\r\n\r\n"), "HEAD has no body: {text}");

    let r = server.get("/guide/alpha/");
    assert_eq!(r.headers["x-content-type-options"], "nosniff");
    assert_eq!(r.headers["content-type"], "text/html; charset=utf-8");
    assert!(!r.headers.contains_key("access-control-allow-origin"));
    assert_eq!(server.get("/custom.css").headers["content-type"], "text/css; charset=utf-8");
    let r = server.get("/guide");
    assert_eq!(r.status, 302);
    assert_eq!(r.headers["location"], "/guide/");
    let r = server.get("/missing/");
    assert_eq!(r.status, 404);
    assert!(r.text().contains("__primer/client.js"), "the 404 page reloads too");

    for origin in
        ["http://evil.example", &format!("http://evil.example:{p}"), "null", &format!("https://127.0.0.1:{p}")]
    {
        match server.ws_with_origin(origin) {
            Err(tungstenite::Error::Http(r)) => assert_eq!(r.status(), 403, "{origin}"),
            Err(e) => panic!("{origin}: {e}"),
            Ok(_) => panic!("{origin} was accepted"),
        }
    }
    assert!(server.ws_with_origin(&format!("http://localhost:{p}")).is_ok());
}

#[test]
fn clients_that_hang_up_and_many_tabs_do_not_hurt() {
    let site = fixture("basic");
    let big: Vec<u8> = (0..24u32 << 20).map(|i| (i % 251) as u8).collect();
    std::fs::write(site.path().join("static/big.bin"), &big).unwrap();
    let server = Server::start(site.path(), &[]);
    for _ in 0..10 {
        let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        write!(s, "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", server.port).unwrap();
        let mut first = [0u8; 4096];
        let _ = s.read(&mut first).unwrap();
        drop(s);
    }
    // Half-sent requests and idle connections.
    let idle: Vec<TcpStream> = (0..5)
        .map(|_| {
            let mut s = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
            s.write_all(b"GET / HTTP/1.1\r\nHo").unwrap();
            s
        })
        .collect();
    assert!(server.get("/big.bin").body == big);

    let mut tabs: Vec<Ws> = (0..40).map(|_| server.ws()).collect();
    drop(tabs.drain(30..));
    atomic_write(&alpha(site.path()), &format!("{ALPHA}Seen by every tab.\n"));
    for tab in &mut tabs {
        tab.expect("reload");
    }
    assert!(server.text("/guide/alpha/").contains("Seen by every tab."));
    drop(idle);
}

#[test]
fn a_taken_port_moves_to_the_next_free_one() {
    let site = fixture("basic");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut server = Server::start_with(site.path(), &port.to_string(), &[]);
    assert_ne!(server.port, port);
    let note = server.wait_for_line(|l| l.starts_with("Port "));
    assert!(note.contains(&format!("using port {}", server.port)), "{note}");
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn a_site_that_starts_broken_serves_the_overlay_until_fixed() {
    let site = fixture("basic");
    std::fs::write(alpha(site.path()), "---\ntitle: [unclosed\n---\nx\n").unwrap();
    let server = Server::start(site.path(), &[]);
    let r = server.get("/guide/alpha/");
    assert_eq!(r.status, 404);
    assert!(r.text().contains("__primer-overlay"));
    let mut ws = server.ws();
    assert_eq!(ws.expect("error")["type"], "error");
    std::fs::write(alpha(site.path()), format!("{ALPHA}Now fine.\n")).unwrap();
    ws.expect("reload");
    assert!(server.text("/guide/alpha/").contains("Now fine."));
}

#[test]
fn polling_mode_sees_changes_too() {
    let site = fixture("basic");
    let server = Server::start(site.path(), &["--poll"]);
    let mut ws = server.ws();
    // Two saves within the same second (PollWatcher keeps whole-second mtimes).
    for text in ["Seen by polling.", "Seen again."] {
        std::fs::write(alpha(site.path()), format!("{ALPHA}{text}\n")).unwrap();
        ws.expect("reload");
        assert!(server.text("/guide/alpha/").contains(text));
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let site = fixture("basic");
    let mut server = Server::start(site.path(), &[]);
    let _ws = server.ws();
    let status = Command::new("kill").args(["-INT", &server.child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let start = Instant::now();
    let exit = loop {
        if let Some(s) = server.child.try_wait().unwrap() {
            break s;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(exit.success(), "{exit}");
    server.wait_for_line(|l| l == "Stopped.");
}

#[test]
fn two_host_headers_are_a_bad_request() {
    let site = fixture("basic");
    let server = Server::start(site.path(), &[]);
    let p = server.port;
    let ours = format!("127.0.0.1:{p}");
    // Ours twice, ours then a stranger, a stranger then ours, with different spellings.
    for (a, b) in [(&*ours, &*ours), (&*ours, "evil.example"), ("evil.example", &*ours), (&*ours, "localhost")] {
        for path in ["/", "/guide/alpha/", "/__primer/client.js"] {
            let (status, text) =
                server.raw(&format!("GET {path} HTTP/1.1\r\nHost: {a}\r\nHost: {b}\r\nConnection: close\r\n\r\n"));
            assert_eq!(status, 400, "Host: {a} + Host: {b} on {path}: {text}");
            assert!(text.contains("more than one Host header"), "{text}");
        }
    }
    // A single Host header still works.
    let (status, _) = server.raw(&format!("GET / HTTP/1.1\r\nHost: {ours}\r\nConnection: close\r\n\r\n"));
    assert_eq!(status, 200);
}

/// The inotify watches `pid` holds, counted from /proc (one `inotify wd:` line per watch).
#[cfg(target_os = "linux")]
fn inotify_watches(pid: u32) -> usize {
    let mut n = 0;
    for fd in std::fs::read_dir(format!("/proc/{pid}/fd")).unwrap().flatten() {
        let is_inotify = std::fs::read_link(fd.path()).is_ok_and(|t| t.to_string_lossy() == "anon_inode:inotify");
        if is_inotify {
            let info = std::fs::read_to_string(format!("/proc/{pid}/fdinfo/{}", fd.file_name().to_string_lossy()));
            n += info.unwrap_or_default().lines().filter(|l| l.starts_with("inotify wd:")).count();
        }
    }
    n
}

#[cfg(target_os = "linux")]
#[test]
fn links_out_of_the_site_are_not_watched_and_a_loop_is_reported_once() {
    let site = fixture("basic");
    // A big tree elsewhere, linked into content/, and a link back to the site root.
    let elsewhere = tempfile::tempdir().unwrap();
    for i in 0..200 {
        std::fs::create_dir_all(elsewhere.path().join(format!("d{i}/sub"))).unwrap();
    }
    std::os::unix::fs::symlink(elsewhere.path(), site.path().join("content/big")).unwrap();
    std::os::unix::fs::symlink("..", site.path().join("content/loop")).unwrap();
    std::os::unix::fs::symlink("self", site.path().join("content/guide/self")).unwrap();
    let server = Server::start(site.path(), &[]);
    // root, content, content/guide, static: nothing of the 400 linked folders.
    assert_eq!(inotify_watches(server.child.id()), 4, "{}", server.stderr());
    wait_for_stderr(&server, "content/loop: symbolic link loop (it leads to the site folder, which holds it)");
    wait_for_stderr(&server, "content/guide/self: symbolic link loop (it leads back to itself)");

    // New folders (which make the watches be synced again) and edits: still seen,
    // and the loops are not reported again.
    let mut ws = server.ws();
    std::fs::create_dir_all(site.path().join("content/more/deeper")).unwrap();
    std::fs::write(site.path().join("content/more/deeper/page.md"), "---\ntitle: Deeper\n---\nDeep.\n").unwrap();
    let start = Instant::now();
    while server.get("/more/deeper/page/").status != 200 {
        assert!(start.elapsed() < wait());
        ws.next(Duration::from_millis(200));
    }
    ws.drain(Duration::from_millis(300));
    std::fs::write(site.path().join("content/more/deeper/page.md"), "---\ntitle: Deeper\n---\nEdited.\n").unwrap();
    ws.expect("reload");
    assert!(server.text("/more/deeper/page/").contains("Edited."));
    assert_eq!(inotify_watches(server.child.id()), 6);
    let err = server.stderr();
    assert_eq!(err.matches("content/loop: symbolic link loop").count(), 1, "{err}");
    assert_eq!(err.matches("content/guide/self: symbolic link loop").count(), 1, "{err}");
}

#[test]
fn a_theme_outside_the_site_is_watched_when_allowed() {
    let site = fixture("basic");
    let themes = tempfile::tempdir().unwrap();
    let theme = themes.path().join("shared");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"), &theme);
    let toml = site.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    let abs = theme.to_string_lossy().into_owned();
    std::fs::write(&toml, format!("theme = {abs:?}\nallow_theme_outside_site = true\n{text}")).unwrap();
    let server = Server::start(site.path(), &[]);
    let mut ws = server.ws();
    let base = theme.join("templates/base.html");
    let html = std::fs::read_to_string(&base).unwrap();
    assert!(html.contains("</footer>"), "the theme's base.html has a footer");
    atomic_write(&base, &html.replacen("</footer>", "Shared footer</footer>", 1));
    ws.expect("reload");
    assert!(server.text("/guide/alpha/").contains("Shared footer"));
    // A stylesheet of that theme is swapped without a reload.
    ws.drain(Duration::from_millis(300));
    std::fs::write(theme.join("static/style.css"), "body { color: teal }\n").unwrap();
    assert_eq!(ws.expect("css")["type"], "css");
    assert_eq!(server.text("/style.css"), "body { color: teal }\n");
}

/// `primer serve` run inside a new user namespace whose inotify limits are set to
/// `watches` and `instances`: genuine kernel limits for this process only (the
/// machine-wide `fs.inotify.*` settings are left alone). `None` when the system does
/// not allow unprivileged user namespaces.
#[cfg(target_os = "linux")]
fn serve_with_inotify_limits(root: &Path, watches: u32, instances: u32) -> Option<Server> {
    let probe = Command::new("unshare").args(["-Ur", "true"]).status();
    if !probe.is_ok_and(|s| s.success()) {
        eprintln!("skipped: `unshare -Ur` (unprivileged user namespaces) is not available here");
        return None;
    }
    let mut cmd = Command::new("unshare");
    cmd.args(["-Ur", "sh", "-c"])
        .arg(format!(
            "echo {watches} > /proc/sys/user/max_inotify_watches && \
             echo {instances} > /proc/sys/user/max_inotify_instances && exec \"$0\" \"$@\""
        ))
        .arg(bin())
        .args(["serve", "--port", "0", "--root"])
        .arg(root);
    Some(Server::spawn(cmd))
}

#[cfg(target_os = "linux")]
#[test]
fn running_out_of_inotify_watches_falls_back_to_polling_and_edits_are_still_seen() {
    let site = fixture("basic");
    // Two watches: the site root and content/ fit, content/guide/ does not.
    let Some(mut server) = serve_with_inotify_limits(site.path(), 2, 128) else { return };
    wait_for_stderr(&server, "the limit on inotify watches is reached at content/guide");
    let err = server.stderr();
    assert!(err.contains("(fs.inotify.max_user_watches = 2, shared by all programs of this user)"), "{err}");
    assert!(err.contains("sudo sysctl fs.inotify.max_user_watches=524288"), "{err}");
    assert!(err.contains("primer serve --poll"), "{err}");
    assert!(err.contains("watching by polling instead"), "{err}");
    server.wait_for_line(|l| l == "Watching for changes by polling.");
    let mut ws = server.ws();
    ws.drain(Duration::from_millis(300));
    // An edit deep in the tree, where no watch could be set: seen and rebuilt.
    atomic_write(&alpha(site.path()), &format!("{ALPHA}Seen after the fallback.\n"));
    ws.expect("reload");
    assert!(server.text("/guide/alpha/").contains("Seen after the fallback."));
    assert_eq!(inotify_watches(server.child.id()), 0, "the native watcher is gone");
}

#[cfg(target_os = "linux")]
#[test]
fn running_out_of_inotify_instances_polls_from_the_start_and_says_which_limit() {
    let site = fixture("basic");
    let Some(mut server) = serve_with_inotify_limits(site.path(), 1000, 0) else { return };
    wait_for_stderr(&server, "the limit on inotify instances (or open files) is reached");
    let err = server.stderr();
    assert!(err.contains("(fs.inotify.max_user_instances = 0,"), "{err}");
    assert!(err.contains("sudo sysctl fs.inotify.max_user_instances=1024"), "{err}");
    server.wait_for_line(|l| l == "Watching for changes by polling.");
    let mut ws = server.ws();
    ws.drain(Duration::from_millis(300));
    atomic_write(&alpha(site.path()), &format!("{ALPHA}Seen by polling.\n"));
    ws.expect("reload");
    assert!(server.text("/guide/alpha/").contains("Seen by polling."));
}

/// Not a test: median time from saving a page to the reload message on a WebSocket
/// client, next to the clean `primer build` time of the same site.
///
/// `PRIMER_BENCH_BIN=target/release/primer PRIMER_BENCH_SITES=dir1:dir2 cargo test --test serve -- --ignored --nocapture live_reload_benchmark`
///
/// Each site is edited in place (one page, restored at the end). `PRIMER_BENCH_PAGE`
/// picks the page (default: the first page found under content/ that is neither a section's
/// `_index` nor a translation);
/// `PRIMER_BENCH_RUNS` the number of edits (default 9).
#[test]
#[ignore]
fn live_reload_benchmark() {
    let sites = std::env::var("PRIMER_BENCH_SITES").expect("set PRIMER_BENCH_SITES=dir[:dir…]");
    let runs: usize = std::env::var("PRIMER_BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(9);
    println!(
        "| site | pages | clean `primer build` | first build in `serve` | save → reload, median | min | max | save → new HTML served, median |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for root in sites.split(':').filter(|s| !s.is_empty()) {
        let root = Path::new(root);
        let page = match std::env::var("PRIMER_BENCH_PAGE") {
            Ok(p) => root.join(p),
            Err(_) => first_page(&root.join("content")).expect("no page under content/"),
        };
        let original = std::fs::read_to_string(&page).unwrap();
        let rel = page.strip_prefix(root.join("content")).unwrap().to_string_lossy().replace('\\', "/");
        let url = format!("/{}/", rel.trim_end_matches(".md").trim_end_matches("/index"));
        let mut clean = Vec::new();
        for _ in 0..3 {
            let out = tempfile::tempdir().unwrap();
            let r = Command::new(bin())
                .arg("build")
                .arg("--root")
                .arg(root)
                .arg("--output")
                .arg(out.path().join("p"))
                .output()
                .unwrap();
            let text = String::from_utf8_lossy(&r.stdout).into_owned();
            assert!(r.status.success(), "{text}{}", String::from_utf8_lossy(&r.stderr));
            let ms: f64 = text.rsplit(" in ").next().unwrap().split(' ').next().unwrap().parse().unwrap();
            clean.push(ms);
        }
        clean.sort_by(f64::total_cmp);
        let mut server = Server::start(root, &[]);
        let built = server.wait_for_line(|l| l.starts_with("Built "));
        let mut ws = server.ws();
        let mut times = Vec::new();
        let mut served = Vec::new();
        for i in 0..runs {
            ws.drain(Duration::from_millis(300));
            let start = Instant::now();
            std::fs::write(&page, format!("{original}\nBenchmark edit {i}.\n")).unwrap();
            ws.expect("reload");
            times.push(start.elapsed());
            let html = server.text(&url);
            served.push(start.elapsed());
            assert!(html.contains(&format!("Benchmark edit {i}.")), "{url} does not show edit {i}");
        }
        std::fs::write(&page, &original).unwrap();
        times.sort();
        served.sort();
        let ms = |d: Duration| format!("{:.0} ms", d.as_secs_f64() * 1000.0);
        let pages = built.split(' ').nth(1).unwrap_or("?");
        let first = built.rsplit(" in ").next().unwrap_or("?").split(" with").next().unwrap_or("?");
        println!(
            "| {} | {pages} | {:.0} ms | {first} | {} | {} | {} | {} |",
            root.display(),
            clean[1],
            ms(times[times.len() / 2]),
            ms(times[0]),
            ms(times[times.len() - 1]),
            ms(served[served.len() / 2])
        );
    }
}

fn first_page(dir: &Path) -> Option<PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(dir).ok()?.map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in &entries {
        // A page in the default language: not a section's index, not a translation (`a.zh.md`).
        let stem = p.file_stem().unwrap().to_string_lossy();
        if p.is_file() && p.extension().is_some_and(|e| e == "md") && !stem.starts_with("_index") && !stem.contains('.')
        {
            return Some(p.clone());
        }
    }
    entries.iter().filter(|p| p.is_dir()).find_map(|p| first_page(p))
}

#[test]
fn the_served_search_index_equals_the_built_one_byte_for_byte() {
    let site = fixture("basic");
    // More pages than the fixture has, in folders whose order differs from the URL order.
    for (dir, name) in [("zeta", "a"), ("alpha", "z"), ("guide", "middle"), ("mid", "b")] {
        let path = site.path().join(format!("content/{dir}/{name}.md"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(
            &path,
            format!("---\ntitle: {dir} {name}\ntags: [basics]\n---\n## Part {name}\n\nWords about {dir}.\n"),
        )
        .unwrap();
    }
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let build =
        Command::new(BIN).arg("build").arg("--root").arg(site.path()).arg("--output").arg(&public).output().unwrap();
    assert!(build.status.success(), "{}", String::from_utf8_lossy(&build.stderr));
    let built: Vec<String> = files_under(&public).into_iter().filter(|f| f.starts_with("pagefind/")).collect();
    assert!(built.iter().any(|f| f.starts_with("pagefind/fragment/")), "{built:?}");

    let server = Server::start(site.path(), &[]);
    // The index is built in the background after the first publish.
    let start = Instant::now();
    while server.get("/pagefind/pagefind-entry.json").status != 200 {
        assert!(start.elapsed() < wait(), "the served site never got a search index: {}", server.stderr());
        std::thread::sleep(Duration::from_millis(50));
    }
    for f in &built {
        let served = server.get(&format!("/{f}"));
        assert_eq!(served.status, 200, "{f} is not served");
        assert!(
            served.body == std::fs::read(public.join(f)).unwrap(),
            "{f} differs between `primer serve` and `primer build`"
        );
    }
}

#[test]
fn translations_and_theme_strings_rebuild_like_any_page() {
    let site = fixture("basic");
    let server = Server::start(site.path(), &[]);
    let mut ws = server.ws();
    let config = std::fs::read_to_string(site.path().join("site.toml")).unwrap();
    atomic_write(&site.path().join("site.toml"), &format!("{config}\n[[languages]]\ncode = \"zh\"\n"));
    ws.expect("reload");
    let zh = site.path().join("content/guide/alpha.zh.md");
    atomic_write(&zh, "---\ntitle: 甲\n---\n## 第一个标题\n\n第一版。\n");
    ws.expect("reload");
    let page = server.text("/zh/guide/alpha/");
    assert!(page.contains("第一版") && page.contains("<html lang=\"zh\" dir=\"ltr\">"), "{page}");
    assert!(server.text("/guide/alpha/").contains("hreflang=\"zh\""));
    atomic_write(&zh, "---\ntitle: 甲\n---\n## 第一个标题\n\n第二版。\n");
    ws.expect("reload");
    assert!(server.text("/zh/guide/alpha/").contains("第二版"));
    // The site's own theme strings.
    std::fs::create_dir_all(site.path().join("i18n")).unwrap();
    atomic_write(&site.path().join("i18n/zh.toml"), "skip_to_content = \"跳至正文\"\n");
    let start = Instant::now();
    while !server.text("/zh/guide/alpha/").contains("跳至正文") {
        assert!(start.elapsed() < wait(), "the site's i18n/zh.toml was not picked up: {}", server.stderr());
        ws.next(Duration::from_millis(200));
    }
}
