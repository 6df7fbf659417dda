// A tiny static file server for built primer sites, for the browser tests.
//
// serveSite(root) listens on 127.0.0.1, port 0 (a free port), and serves the built site
// both at `/` and under the sub-path `/portal/`, to prove that the output works under
// any sub-path. A miss is answered with the site's 404.html and status 404. Every
// request is recorded in `server.log` ({method, url, status}) so tests can assert on
// what the browser asked for.

import http from "node:http";
import fs from "node:fs";
import path from "node:path";

export const PORTAL = "/portal/";

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".htm": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".yaml": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".pdf": "application/pdf",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".wasm": "application/wasm",
  // Pagefind's index files (already gzip-compressed by pagefind; served as is).
  ".pf_meta": "application/octet-stream",
  ".pf_fragment": "application/octet-stream",
  ".pf_index": "application/octet-stream",
  ".pf_filter": "application/octet-stream",
};

export function mimeType(file) {
  const base = path.basename(file);
  // pagefind's wasm files are named `wasm.<lang>.pagefind` (and `*.pagefind`).
  if (base.endsWith(".pagefind")) return "application/octet-stream";
  return MIME[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}

/**
 * Map a URL path to a file of the site, or null. `urlPath` is the path part of a URL
 * (no query), already stripped of the mount prefix, starting with "/".
 * Returns {file} for a file, {redirect} when a directory is asked without its slash.
 */
export function resolvePath(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const rel = path.posix.normalize(decoded);
  if (rel.split("/").includes("..")) return null;
  const full = path.join(root, rel);
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  let st;
  try {
    st = fs.statSync(full);
  } catch {
    return null;
  }
  if (st.isDirectory()) {
    if (!decoded.endsWith("/")) return { redirect: true };
    const index = path.join(full, "index.html");
    return fs.existsSync(index) ? { file: index } : null;
  }
  return st.isFile() ? { file: full } : null;
}

/** Start a server for the built site at `root`. Resolves to {origin, url, portal, log, close, exists}. */
export function serveSite(root) {
  root = path.resolve(root);
  const log = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url, "http://localhost");
    let mount = "/";
    let p = u.pathname;
    if (p === "/portal") {
      res.writeHead(301, { Location: PORTAL + u.search });
      res.end();
      log.push({ method: req.method, url: req.url, status: 301 });
      return;
    }
    if (p.startsWith(PORTAL)) {
      mount = PORTAL;
      p = "/" + p.slice(PORTAL.length);
    }
    const hit = resolvePath(root, p);
    let status = 200;
    let file;
    if (hit && hit.redirect) {
      status = 301;
      res.writeHead(301, { Location: u.pathname + "/" + u.search });
      res.end();
    } else if (hit) {
      file = hit.file;
    } else {
      status = 404;
      file = path.join(root, "404.html");
    }
    log.push({ method: req.method, url: req.url, status, mount });
    if (status === 301) return;
    let body;
    try {
      body = fs.readFileSync(file);
    } catch {
      body = Buffer.from("<!doctype html><title>Not found</title><h1>Not found</h1>");
      file = "404.html";
    }
    res.writeHead(status, {
      "Content-Type": mimeType(file),
      "Content-Length": body.length,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      const origin = `http://127.0.0.1:${port}`;
      resolve({
        root,
        origin,
        url: origin + "/",
        portal: origin + PORTAL,
        log,
        /** Does this absolute URL (on this server) name an existing file? */
        exists(absUrl) {
          const u = new URL(absUrl);
          if (u.origin !== origin) return false;
          let p = u.pathname;
          if (p.startsWith(PORTAL)) p = "/" + p.slice(PORTAL.length);
          const hit = resolvePath(root, p);
          return Boolean(hit);
        },
        close() {
          return new Promise((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          });
        },
      });
    });
  });
}
