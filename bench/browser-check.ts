/**
 * The browser's scoring worker on a whole thread ("Check in browser"): time until every comment is scored in the
 * worker and compared with the server, the worker's comments per second, and the longest task the page's main
 * thread ran meanwhile (PerformanceObserver "longtask": tasks over 50 ms), which says whether the UI froze.
 */
import type { Case } from './served.ts';
import { withServedThread } from './served.ts';

export function benchBrowserCheck(c: Case): Promise<string> {
  return withServedThread(c, async (browser, baseUrl) => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${baseUrl}/`);
    const button = page.getByRole('button', { name: 'Check in browser' });
    await button.waitFor();
    // Page code as a string: this file is type-checked for Node, not the DOM.
    await page.evaluate(`window.longTasks = [];
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.longTasks.push(e.duration); }).observe({ type: 'longtask' });`);
    const started = Date.now();
    await button.click();
    const status = page.getByRole('status').filter({ hasText: /Browser and server|Browser check failed|differ in the browser/ });
    await status.waitFor({ timeout: 600_000 });
    const seconds = (Date.now() - started) / 1000;
    const text = (await status.textContent()) ?? '';
    const longTasks = (await page.evaluate('window.longTasks')) as number[];
    await page.close();
    const count = /all (\d+) scored/.exec(text)?.[1];
    const rate = count ? `${(Number(count) / seconds).toFixed(0)} comments/s including the model download` : 'no rate (the check did not pass)';
    const longest = longTasks.length === 0 ? 'none over 50 ms' : `${longTasks.length} over 50 ms, longest ${Math.max(...longTasks).toFixed(0)} ms`;
    return `${c.name}: Check in browser ${seconds.toFixed(2)} s, ${rate}; main-thread long tasks meanwhile: ${longest}\n  the page said: ${text}`;
  });
}
