/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// The ASP.NET server serves dist/ at /web-enrolment/ under a strict CSP
// (script-src 'self'; style-src 'self'), so the build must not emit inline scripts or styles.
export default defineConfig({
  base: '/web-enrolment/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // Every browser that can run this app supports <link rel=modulepreload>; the polyfill is dead weight.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
