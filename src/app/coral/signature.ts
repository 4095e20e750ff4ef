/**
 * Coral's request signature: the `X-Coral-Signature` header holds `sha256=<hex HMAC-SHA256 of the raw body, keyed
 * with the signing secret>`, several of them comma-separated while a secret rolls (one per secret still active).
 * A request is genuine when any listed signature matches any stored secret; every comparison is constant-time and
 * every pair is compared (no early exit that would tell which secret or position matched).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header Coral signs with. */
export const CORAL_SIGNATURE_HEADER = 'x-coral-signature';

/** Most signatures read from one header (Coral sends one per active secret: two during a roll). */
const MAX_SIGNATURES = 8;

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/** HMAC-SHA256 of the bytes with the secret (its UTF-8 bytes, as Coral keys it). */
function hmac(secret: string, body: Uint8Array | string): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

/** The header value Coral sends for this body and these secrets: `sha256=<hex>` per secret, comma-separated. */
export function coralSignature(secrets: readonly string[], body: Uint8Array | string): string {
  return secrets.map((secret) => `sha256=${hmac(secret, body).toString('hex')}`).join(',');
}

/** The signatures of a header value (entries that are not `sha256=<64 hex>` are skipped); empty when none. */
export function parseSignatures(header: string | undefined): Buffer[] {
  if (header === undefined) return [];
  const digests: Buffer[] = [];
  for (const part of header.split(',').slice(0, MAX_SIGNATURES)) {
    const match = SIGNATURE.exec(part.trim());
    if (match) digests.push(Buffer.from(match[1]!, 'hex'));
  }
  return digests;
}

/** Why a request is refused, or null when one of its signatures matches one of the secrets. */
export function signatureProblem(header: string | undefined, body: Uint8Array, secrets: readonly string[]): string | null {
  if (secrets.length === 0) return 'no Coral signing secret is set on this server (npm run integration -- coral-secret)';
  if (header === undefined || header.trim() === '') return `the request has no ${CORAL_SIGNATURE_HEADER} header`;
  const given = parseSignatures(header);
  if (given.length === 0) return `the ${CORAL_SIGNATURE_HEADER} header holds no sha256=<hex> signature`;
  let matched = false;
  for (const secret of secrets) {
    const expected = hmac(secret, body);
    for (const digest of given) matched = timingSafeEqual(expected, digest) || matched;
  }
  return matched ? null : `the ${CORAL_SIGNATURE_HEADER} header matches no signing secret of this server`;
}
