import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Served by the ASP.NET host at /console/ with SPA fallback; the API is same-origin.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    // CSP is script-src 'self': keep every script in a file, never inlined.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:5000' },
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts'],
  },
});
