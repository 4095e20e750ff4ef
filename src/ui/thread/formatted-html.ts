/**
 * Second sanitizing pass (defence in depth) over a comment's importer-sanitized HTML before the
 * "Show formatted" view renders it: basic formatting only, links forced to open safely, non-http(s) links dropped.
 */
import DOMPurify from 'dompurify';

const ALLOWED_TAGS = ['a', 'p', 'br', 'blockquote', 'code', 'pre', 'em', 'strong', 'b', 'i', 'u', 's', 'sub', 'sup', 'ul', 'ol', 'li'];
const ALLOWED_ATTR = ['href', 'title'];

/** True for an absolute http: or https: URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** A DOMPurify instance of our own, so that its hook never affects other users of the library. */
function makePurifier(): ReturnType<typeof DOMPurify> | null {
  if (typeof window === 'undefined') return null;
  const purifier = DOMPurify(window);
  if (!purifier.isSupported) return null;
  purifier.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    const href = node.getAttribute('href');
    if (href !== null && !isHttpUrl(href)) node.removeAttribute('href');
    if (node.hasAttribute('href')) {
      node.setAttribute('rel', 'noopener noreferrer nofollow');
      node.setAttribute('target', '_blank');
    }
  });
  return purifier;
}

let purifier: ReturnType<typeof DOMPurify> | null | undefined;

/**
 * Sanitizes `html` for display. Returns null when no DOM sanitizer is available, in which case the caller must
 * not render HTML at all.
 */
export function sanitizeCommentHtml(html: string): string | null {
  if (purifier === undefined) purifier = makePurifier();
  if (purifier === null) return null;
  return purifier.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR, ALLOW_DATA_ATTR: false, ALLOW_ARIA_ATTR: false });
}
