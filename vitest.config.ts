import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'node', environment: 'node', include: ['src/**/*.test.ts'], exclude: ['src/ui/**'] },
      },
      {
        extends: true,
        test: { name: 'ui', environment: 'jsdom', include: ['src/ui/**/*.test.{ts,tsx}'], setupFiles: ['src/test-setup.ts'] },
      },
    ],
  },
});
