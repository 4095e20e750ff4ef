/**
 * The console's layout in Chromium at the widths moderators use: from 1024 px up both panes show, the top bar does not
 * overflow, the queue's Decision and Flag columns are in view, flag pills are whole and a badge's tooltip stays in the
 * window; below 1024 px one pane shows at a time, switched by keyboard.
 */
import { expect, test, type Page } from '@playwright/test';
import { DEMO_TITLE, gotoThread, queue, threadPane } from './helpers.ts';

/** The box of an element in the page, or a failure naming it. */
async function box(page: Page, selector: string) {
  const found = await page.locator(selector).first().boundingBox();
  if (!found) throw new Error(`${selector} is not laid out`);
  return found;
}

for (const width of [1024, 1280, 1440]) {
  test(`at ${width} px the top bar fits, Decision and Flag are in view, pills are whole, the tooltip stays in the window`, async ({ page }) => {
    await page.setViewportSize({ width, height: 820 });
    await gotoThread(page, DEMO_TITLE);

    // The top bar wraps instead of overflowing: nothing in it passes the window's right edge.
    const bar = page.locator('header.top-bar');
    expect(await bar.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    const rights = await bar.locator(':scope > *').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().right));
    for (const right of rights) expect(right).toBeLessThanOrEqual(width);
    expect(await page.locator('html').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

    // Decision and Flag headers inside the queue's visible area, without scrolling it sideways.
    const scroller = await box(page, '.queue .grid-scroll');
    for (const name of ['Decision', 'Flag']) {
      const header = await queue(page).getByRole('columnheader', { name, exact: true }).boundingBox();
      expect(header, name).not.toBeNull();
      expect(header!.x).toBeGreaterThanOrEqual(scroller.x);
      expect(header!.x + header!.width).toBeLessThanOrEqual(scroller.x + scroller.width + 0.5);
    }

    // Every flag pill in the queue is as wide as its text needs, inside its cell.
    const pills = await page.locator('.queue .flag-badge').evaluateAll((els) =>
      els.map((el) => ({ clipped: el.scrollWidth > el.clientWidth + 1, over: el.getBoundingClientRect().right > el.closest('td')!.getBoundingClientRect().right + 0.5 })),
    );
    expect(pills.length).toBeGreaterThan(0);
    expect(pills.filter((p) => p.clipped || p.over)).toEqual([]);

    // The right-most badge of the thread pane: its tooltip opens inside the window and the pane.
    const badges = threadPane(page).locator('.tp-badge');
    const count = await badges.count();
    expect(count).toBeGreaterThan(0);
    let rightmost = 0;
    let bestRight = -1;
    for (let i = 0; i < count; i += 1) {
      const b = await badges.nth(i).boundingBox();
      if (b && b.x + b.width > bestRight) {
        bestRight = b.x + b.width;
        rightmost = i;
      }
    }
    const badge = badges.nth(rightmost);
    await badge.focus();
    const tooltip = page.locator(`[id="${await badge.getAttribute('aria-describedby')}"]`);
    await expect(tooltip).toBeVisible();
    const tip = (await tooltip.boundingBox())!;
    const pane = await box(page, '.tp-scroll');
    expect(tip.x).toBeGreaterThanOrEqual(0);
    expect(tip.x + tip.width).toBeLessThanOrEqual(width);
    expect(tip.x + tip.width).toBeLessThanOrEqual(pane.x + pane.width + 0.5);
    expect(tip.y + tip.height).toBeLessThanOrEqual(820);
  });
}

test('every control reached with Tab shows a focus ring that is not cut off', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 820 });
  await gotoThread(page, DEMO_TITLE);
  const unringed: string[] = [];
  for (let i = 0; i < 40; i += 1) {
    await page.keyboard.press('Tab');
    const state = await page.locator(':focus').evaluate((el) => {
      const view = el.ownerDocument.defaultView!;
      const style = view.getComputedStyle(el);
      const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
      // A ring drawn outside the element is cut off by an ancestor that clips (overflow other than visible).
      let clipped = false;
      if (ring && parseFloat(style.outlineOffset) >= 0) {
        const box = el.getBoundingClientRect();
        for (let up = el.parentElement; up; up = up.parentElement) {
          const s = view.getComputedStyle(up);
          if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
          const clip = up.getBoundingClientRect();
          if (box.left - 2 < clip.left || box.right + 2 > clip.right || box.top - 2 < clip.top || box.bottom + 2 > clip.bottom) clipped = true;
          break;
        }
      }
      return { name: `${el.tagName.toLowerCase()} ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30) ?? ''}`, ring, clipped };
    });
    if (!state.ring || state.clipped) unringed.push(`${state.name}: ${state.ring ? 'ring cut off' : 'no ring'}`);
  }
  expect(unringed).toEqual([]);
});

test('below 1024 px one pane shows at a time; the toggle works by keyboard and Escape returns to the queue', async ({ page }) => {
  await gotoThread(page, DEMO_TITLE);
  await page.setViewportSize({ width: 800, height: 800 });
  const toggle = page.getByRole('group', { name: 'Show pane' });
  await expect(toggle).toBeVisible();
  await expect(page.locator('.queue')).toBeVisible();
  await expect(page.locator('.context')).toBeHidden();
  expect(await page.locator('html').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

  // Select a row, then show the thread with the keyboard: Tab reaches the toggle, Enter presses it.
  await queue(page).getByRole('row', { name: /:/ }).first().click();
  const threadButton = toggle.getByRole('button', { name: 'Thread', exact: true });
  await threadButton.focus();
  await page.keyboard.press('Enter');
  await expect(threadButton).toHaveAttribute('aria-pressed', 'true');
  await expect(threadPane(page).getByRole('heading', { name: DEMO_TITLE })).toBeVisible();
  await expect(page.locator('.queue')).toBeHidden();

  // Escape from the thread brings the queue back with the focus on the current row.
  await threadPane(page).getByRole('region', { name: 'Thread' }).focus();
  await page.keyboard.press('Escape');
  await expect(page.locator('.queue')).toBeVisible();
  await expect(queue(page).locator('tr[aria-selected="true"]')).toBeFocused();

  // Wide again: both panes, no toggle.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(toggle).toBeHidden();
  await expect(page.locator('.context')).toBeVisible();
});
