import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Hosts that only serve files (GitHub Pages-style) answer unknown paths with 404.html: a copy of
 * index.html there boots the app with the full URL kept, so deep links open directly.
 */
function spaFallback(): Plugin {
  let outDir = 'dist';
  return {
    name: 'spa-404-fallback',
    apply: 'build',
    configResolved(c) {
      outDir = c.build.outDir;
    },
    writeBundle() {
      const index = join(outDir, 'index.html');
      if (existsSync(index)) copyFileSync(index, join(outDir, '404.html'));
    },
  };
}

/**
 * Content-Security-Policy for the built app: its own origin only, no inline script, no plugins.
 * (Build only: Vite's dev server injects an inline React-refresh preamble.)
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace(
        '<meta charset="UTF-8" />',
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`,
      ),
  };
}

export default defineConfig({
  // Build for a sub-path with BASE_PATH=/tokenfactory/ npm run build.
  base: process.env.BASE_PATH ?? '/',
  plugins: [
    react(),
    VitePWA({
      // A new release is offered ("reload to update"), never swapped in under a running page.
      registerType: 'prompt',
      includeAssets: ['favicon.svg'],
      manifest: {
        name: 'Token Factory',
        short_name: 'Token Factory',
        description:
          'Plan and price the serving of DeepSeek-V4 and peer MoE models on GPU clusters.',
        theme_color: '#0f4c81',
        background_color: '#f6f7f9',
        display: 'standalone',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // The catalogs are precached with the code of the same release: offline, code and data
        // always come from one build.
        globPatterns: ['**/*.{js,css,html,svg,png,json}'],
        // Measured kernel tables (about 2.5 MB per GPU) are fetched for the GPUs a view uses and
        // kept once fetched, newest first: not precached for every GPU on the first visit.
        globIgnores: ['**/catalog/kernels/**'],
        runtimeCaching: [
          {
            urlPattern: ({ url }) => url.pathname.includes('/catalog/kernels/'),
            handler: 'NetworkFirst',
            options: { cacheName: 'kernel-tables' },
          },
        ],
        maximumFileSizeToCacheInBytes: 5_000_000,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
      },
    }),
    spaFallback(),
    contentSecurityPolicy(),
  ],
  build: {
    rollupOptions: {
      output: {
        // zod and the app's zod-config (jitless: no eval probe, which the CSP forbids) travel in
        // one chunk, so the config runs before any schema in any other chunk is built, however
        // the views are split.
        manualChunks: (id: string) =>
          id.includes('/node_modules/zod/') || id.endsWith('/src/app/zod-config.ts')
            ? 'zod'
            : undefined,
      },
    },
  },
});
