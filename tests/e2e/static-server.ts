import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

/**
 * A plain static file host, like GitHub Pages: files under `prefix` from `dir`; anything else is
 * answered with 404.html and status 404 (the address bar keeps the URL). `publish(dir)` switches
 * to another build at once, as a host does when a release is deployed.
 */
export async function serveStatic(
  firstDir: string,
  prefix: string,
): Promise<{ url: string; close: () => Promise<void>; publish: (dir: string) => void }> {
  let dir = firstDir;
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file: string | null = null;
    if (path.startsWith(prefix)) {
      const rel = normalize(path.slice(prefix.length)).replace(/^(\.\.[/\\])+/, '');
      const candidate = join(dir, rel === '' || rel === '.' ? 'index.html' : rel);
      if (candidate.startsWith(dir) && existsSync(candidate) && statSync(candidate).isFile())
        file = candidate;
    }
    const status = file ? 200 : 404;
    file ??= join(dir, '404.html');
    res.writeHead(status, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => server.close(() => r())),
    publish: (next) => {
      dir = next;
    },
  };
}
