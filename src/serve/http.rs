//! The HTTP side: axum router, the request guard (Host check against DNS
//! rebinding, GET/HEAD only), path containment, and serving the in-memory site with
//! the reload client injected into HTML responses.
//!
//! Request paths are never joined to a filesystem path: they are validated and then
//! looked up as keys in the built site (rendered files in memory, assets by their
//! output path), so nothing outside the built site can be reached.

use super::reload;
use super::{Shared, Status};
use crate::model::AssetSource;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use percent_encoding::percent_decode_str;
use std::net::IpAddr;
use std::sync::Arc;
use tower_http::set_header::SetResponseHeaderLayer;

/// Which Host (and Origin) values the server answers to.
#[derive(Debug, Clone)]
pub(crate) struct HostPolicy {
    pub(crate) port: u16,
    /// Bound to a non-loopback address: any IP literal is fine too (never a name
    /// other than `localhost`, so DNS rebinding stays impossible).
    pub(crate) any_ip: bool,
}

impl HostPolicy {
    /// Is `host` (a Host header value, `name[:port]`) one of ours?
    pub(crate) fn allows(&self, host: &str) -> bool {
        let Some((name, port)) = split_host_port(host) else {
            return false;
        };
        if port.unwrap_or(80) != self.port {
            return false;
        }
        if name.eq_ignore_ascii_case("localhost") {
            return true;
        }
        let bare = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(name);
        if name.contains(':') && bare == name {
            return false; // an IPv6 literal must be bracketed
        }
        match bare.parse::<IpAddr>() {
            Ok(ip) => ip.is_loopback() || self.any_ip,
            Err(_) => false,
        }
    }

    /// Is `origin` (an Origin header value) this server's own origin?
    pub(crate) fn allows_origin(&self, origin: &str) -> bool {
        match origin.strip_prefix("http://") {
            Some(rest) if !rest.contains('/') && !rest.contains('@') => self.allows(rest),
            _ => false,
        }
    }
}

fn split_host_port(host: &str) -> Option<(&str, Option<u16>)> {
    if host.is_empty() || host.contains(['/', '@', ' ', '\\']) {
        return None;
    }
    let (name, port) = if host.starts_with('[') {
        let end = host.find(']')?;
        let (n, rest) = host.split_at(end + 1);
        match rest {
            "" => (n, None),
            r => (n, Some(r.strip_prefix(':')?)),
        }
    } else {
        match host.rsplit_once(':') {
            Some((n, p)) if !n.contains(':') => (n, Some(p)),
            Some(_) => (host, None),
            None => (host, None),
        }
    };
    let port = match port {
        Some(p) => Some(p.parse::<u16>().ok()?),
        None => None,
    };
    Some((name, port))
}

/// Why a request path is refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct BadPath(pub &'static str);

/// A validated request path: decoded segments (no empty ones) and whether it ended in `/`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct SitePath {
    pub(crate) segments: Vec<String>,
    pub(crate) dir: bool,
}

impl SitePath {
    /// The key of the file in the built site (`a/b/index.html` for a directory).
    pub(crate) fn key(&self) -> String {
        let mut k = self.segments.join("/");
        if self.dir {
            if !k.is_empty() {
                k.push('/');
            }
            k.push_str("index.html");
        }
        k
    }
}

/// Validate a raw (still percent-encoded) URL path. Percent-encoding is decoded once,
/// per segment; `.` and `..` segments (plain or encoded), encoded slashes, backslashes,
/// NUL, empty segments, drive letters and invalid UTF-8 are refused.
pub(crate) fn parse_path(raw: &str) -> Result<SitePath, BadPath> {
    let rest = raw.strip_prefix('/').ok_or(BadPath("does not start with /"))?;
    if raw.contains('\\') {
        return Err(BadPath("contains a backslash"));
    }
    if rest.is_empty() {
        return Ok(SitePath { segments: Vec::new(), dir: true });
    }
    let dir = rest.ends_with('/');
    let body = if dir { &rest[..rest.len() - 1] } else { rest };
    let mut segments = Vec::new();
    for seg in body.split('/') {
        if seg.is_empty() {
            return Err(BadPath("has an empty segment"));
        }
        let decoded = percent_decode_str(seg).decode_utf8().map_err(|_| BadPath("is not UTF-8"))?;
        if decoded == "." || decoded == ".." {
            return Err(BadPath("has a dot segment"));
        }
        if decoded.contains(['/', '\\', '\0']) {
            return Err(BadPath("has an encoded separator or NUL"));
        }
        if decoded.chars().any(|c| c.is_control()) {
            return Err(BadPath("has a control character"));
        }
        let b = decoded.as_bytes();
        if b.len() >= 2 && b[1] == b':' && b[0].is_ascii_alphabetic() && segments.is_empty() {
            return Err(BadPath("is an absolute path"));
        }
        segments.push(decoded.into_owned());
    }
    Ok(SitePath { segments, dir })
}

/// The router: reload endpoints, then the site for everything else.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(reload::WS_PATH, get(reload::ws_handler))
        .route(reload::CLIENT_PATH, get(client_js))
        .fallback(serve_site)
        .layer(middleware::from_fn_with_state(shared.clone(), guard))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        .with_state(shared)
}

/// Host check (DNS rebinding), then GET and HEAD only. A request with more than one
/// Host header is malformed (RFC 9112, section 3.2): which one a proxy or a browser
/// would honour is anyone's guess, so it is answered 400 before anything else.
async fn guard(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    if req.headers().get_all(header::HOST).iter().nth(1).is_some() {
        return plain(StatusCode::BAD_REQUEST, "400 Bad Request: more than one Host header\n");
    }
    let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok());
    if !host.is_some_and(|h| shared.hosts.allows(h)) {
        return plain(StatusCode::FORBIDDEN, "403 Forbidden: this server only answers requests for its own address (localhost or 127.0.0.1 with its port)\n");
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "405 Method Not Allowed\n");
        r.headers_mut().insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    next.run(req).await
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

async fn client_js() -> Response {
    ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], reload::CLIENT_JS).into_response()
}

/// What a key found in the site.
enum Found {
    Bytes(Vec<u8>),
    Asset(AssetSource),
}

async fn serve_site(State(shared): State<Arc<Shared>>, req: Request) -> Response {
    let path = match parse_path(req.uri().path()) {
        Ok(p) => p,
        Err(_) => return plain(StatusCode::BAD_REQUEST, "400 Bad Request\n"),
    };
    let site = shared.site.load_full();
    let key = path.key();
    if let Some(found) = lookup(&site, &key) {
        return respond(&shared, StatusCode::OK, &key, found).await;
    }
    if !path.dir && !path.segments.is_empty() && site.contains(&format!("{key}/index.html")) {
        let mut location = format!("{}/", req.uri().path());
        if let Some(q) = req.uri().query() {
            location.push('?');
            location.push_str(q);
        }
        if let Ok(v) = HeaderValue::from_str(&location) {
            return (StatusCode::FOUND, [(header::LOCATION, v)]).into_response();
        }
    }
    not_found(&shared, &site).await
}

fn lookup(site: &super::Snapshot, key: &str) -> Option<Found> {
    if let Some(bytes) = site.file(key) {
        return Some(Found::Bytes(bytes.to_vec()));
    }
    site.asset(key).map(|a| Found::Asset(a.clone()))
}

async fn not_found(shared: &Shared, site: &super::Snapshot) -> Response {
    let mut r = match site.file("404.html") {
        Some(b) => respond(shared, StatusCode::NOT_FOUND, "404.html", Found::Bytes(b.to_vec())).await,
        None => {
            let page = b"<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1></body></html>\n";
            respond(shared, StatusCode::NOT_FOUND, "404.html", Found::Bytes(page.to_vec())).await
        }
    };
    *r.status_mut() = StatusCode::NOT_FOUND;
    r
}

async fn respond(shared: &Shared, status: StatusCode, key: &str, found: Found) -> Response {
    let bytes: Vec<u8> = match found {
        Found::Bytes(b) => b,
        Found::Asset(AssetSource::Embedded(b)) => b.to_vec(),
        Found::Asset(AssetSource::Made(b)) => b.to_vec(),
        Found::Asset(AssetSource::Disk(p)) => match tokio::fs::read(&p).await {
            Ok(b) => b,
            // Deleted since the last build: the next build will drop it.
            Err(_) => return plain(StatusCode::NOT_FOUND, "404 Not Found\n"),
        },
    };
    let mime = content_type(key);
    let body = if mime.starts_with("text/html") {
        let status_now = shared.status.load();
        inject(bytes, &status_now)
    } else {
        bytes
    };
    let ct = HeaderValue::from_str(&mime).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    (status, [(header::CONTENT_TYPE, ct)], Body::from(body)).into_response()
}

/// The Content-Type for a site path, with a charset for text.
pub(crate) fn content_type(key: &str) -> String {
    let mime = mime_guess::from_path(key).first_or_octet_stream();
    let essence = match mime.essence_str() {
        "application/javascript" | "application/x-javascript" => "text/javascript",
        e => e,
    };
    let texty =
        essence.starts_with("text/") || matches!(essence, "application/json" | "image/svg+xml" | "application/xml");
    if texty {
        format!("{essence}; charset=utf-8")
    } else {
        essence.to_string()
    }
}

/// Start and end of what the dev server adds to an HTML page.
pub(crate) const INJECT_START: &str = "<!-- primer serve -->";
pub(crate) const INJECT_END: &str = "<!-- /primer serve -->";

/// Insert the reload client (and the error overlay, if the last build failed)
/// before the last `</body>`, or at the end if there is none.
pub(crate) fn inject(mut html: Vec<u8>, status: &Status) -> Vec<u8> {
    let mut snippet = String::from(INJECT_START);
    if let Status::Failed { overlay, .. } = status {
        snippet.push_str(overlay);
    }
    snippet.push_str("<script src=\"");
    snippet.push_str(reload::CLIENT_PATH);
    snippet.push_str("\"></script>");
    snippet.push_str(INJECT_END);
    let at = rfind_ignore_case(&html, b"</body").unwrap_or(html.len());
    html.splice(at..at, snippet.into_bytes());
    html
}

fn rfind_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if hay.len() < needle.len() {
        return None;
    }
    (0..=hay.len() - needle.len()).rev().find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> String {
        parse_path(raw).unwrap().key()
    }

    #[test]
    fn paths_map_to_keys() {
        assert_eq!(ok("/"), "index.html");
        assert_eq!(ok("/a/b/"), "a/b/index.html");
        assert_eq!(ok("/style.css"), "style.css");
        assert_eq!(ok("/caf%C3%A9/"), "café/index.html");
        assert_eq!(ok("/a%20b.png"), "a b.png");
        // Decoded once only: a double-encoded dot stays literal.
        assert_eq!(ok("/%252e%252e/x"), "%2e%2e/x");
    }

    #[test]
    fn traversal_and_odd_paths_are_refused() {
        for raw in [
            "/../Cargo.toml",
            "/a/../../site.toml",
            "/%2e%2e/site.toml",
            "/%2E%2e/site.toml",
            "/.%2e/site.toml",
            "/..%2fsite.toml",
            "/..%2Fsite.toml",
            "/%5c..%5csite.toml",
            "/a\\..\\site.toml",
            "/a/./b",
            "/a/%00.html",
            "//etc/passwd",
            "/a//b",
            "/C:/Windows/win.ini",
            "/c%3a/x",
            "/%ff",
            "/%0a",
            "relative",
        ] {
            assert!(parse_path(raw).is_err(), "{raw} was accepted");
        }
    }

    #[test]
    fn hosts_must_be_loopback_or_localhost_with_our_port() {
        let h = HostPolicy { port: 1111, any_ip: false };
        assert!(h.allows("127.0.0.1:1111"));
        assert!(h.allows("localhost:1111"));
        assert!(h.allows("LocalHost:1111"));
        assert!(h.allows("[::1]:1111"));
        assert!(!h.allows("127.0.0.1:1112"));
        assert!(!h.allows("127.0.0.1"));
        assert!(!h.allows("evil.example:1111"));
        assert!(!h.allows("localhost.evil.example:1111"));
        assert!(!h.allows("192.168.1.2:1111"));
        assert!(!h.allows("::1:1111"));
        assert!(!h.allows(""));
        assert!(!h.allows("user@localhost:1111"));
        let lan = HostPolicy { port: 1111, any_ip: true };
        assert!(lan.allows("192.168.1.2:1111"));
        assert!(!lan.allows("evil.example:1111"));
    }

    #[test]
    fn origins_must_be_our_own() {
        let h = HostPolicy { port: 8080, any_ip: false };
        assert!(h.allows_origin("http://127.0.0.1:8080"));
        assert!(h.allows_origin("http://localhost:8080"));
        assert!(!h.allows_origin("https://localhost:8080"));
        assert!(!h.allows_origin("http://localhost:8081"));
        assert!(!h.allows_origin("http://evil.example:8080"));
        assert!(!h.allows_origin("null"));
        assert!(!h.allows_origin("http://localhost:8080/x"));
    }

    #[test]
    fn the_client_goes_before_the_last_body_end_tag() {
        let out = inject(b"<html><body><p>&lt;/body&gt;</p></BODY></html>".to_vec(), &Status::Ok);
        let s = String::from_utf8(out).unwrap();
        assert!(s.ends_with("<!-- /primer serve --></BODY></html>"), "{s}");
        assert!(s.contains("<script src=\"/__primer/client.js\"></script>"));
        let s = String::from_utf8(inject(b"no body".to_vec(), &Status::Ok)).unwrap();
        assert!(s.starts_with("no body<!-- primer serve -->"));
    }

    #[test]
    fn the_overlay_is_injected_when_the_build_failed() {
        let failed = Status::Failed { overlay: "<div id=\"__primer-overlay\"></div>".into(), message: String::new() };
        let s = String::from_utf8(inject(b"<body></body>".to_vec(), &failed)).unwrap();
        assert!(s.contains("__primer-overlay"));
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("x.js"), "text/javascript; charset=utf-8");
        assert_eq!(content_type("logo.svg"), "image/svg+xml; charset=utf-8");
        assert_eq!(content_type("a.png"), "image/png");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }
}
