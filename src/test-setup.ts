import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// The ui project shares one jsdom per worker across files (vitest.config.ts, isolate: false): whatever a test
// rendered is removed after it, also when its file forgets to.
afterEach(() => cleanup());

// jsdom has no layout: give elements a size so that virtualized lists render rows in unit tests.
// Real scrolling is tested in Playwright.
if (typeof HTMLElement !== 'undefined') {
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 800 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1200 });
  HTMLElement.prototype.getBoundingClientRect = function () {
    return { x: 0, y: 0, top: 0, left: 0, bottom: 800, right: 1200, width: 1200, height: 800, toJSON: () => ({}) } as DOMRect;
  };
}
