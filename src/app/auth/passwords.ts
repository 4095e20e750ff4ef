/**
 * Passwords (issue 14, docs/adr/0022-accounts-sessions-roles.md): scrypt from node:crypto, memory-hard, with a random
 * 16-byte salt and its parameters stored beside the hash as `scrypt$N$r$p$salt$hash` (base64url), so stronger
 * parameters later still verify the old hashes. Comparison in constant time; `verifyPassword(password, null)` runs a
 * dummy verification of the same cost, so a login for a name that does not exist takes as long as a wrong password.
 * Hashing is asynchronous (libuv's thread pool): a login never stalls the server's other requests.
 */
import crypto from 'node:crypto';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** The parameters of every new hash: 2^15 × 8 × 128 bytes = 32 MiB and about 0.1 s per hash on a server core. */
export const SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 15, r: 8, p: 1 });
/**
 * Cheap parameters for tests only (about 1 ms). Code must pass them explicitly (`hashPassword(p, TEST_SCRYPT_PARAMS)`,
 * `new Accounts(store, audit, { scrypt: TEST_SCRYPT_PARAMS })`); the server and the CLI never do.
 */
export const TEST_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({ N: 2 ** 10, r: 8, p: 1 });

export const SALT_BYTES = 16;
export const HASH_BYTES = 32;
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;
/** Largest N a stored hash may name (a corrupt or hostile row must not make one verification take 1 GiB). */
const MAX_N = 2 ** 20;

/** scrypt needs 128·N·r bytes; node's default limit (32 MiB) is exactly the default's need, so give it room. */
const maxmemOf = (params: ScryptParams): number => 128 * params.N * params.r * 2 + 1024 * 1024;

function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    crypto.scrypt(password.normalize('NFC'), salt, HASH_BYTES, { N: params.N, r: params.r, p: params.p, maxmem: maxmemOf(params) }, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

/** The stored form of `password`: `scrypt$N$r$p$salt$hash`. */
export async function hashPassword(password: string, params: ScryptParams = SCRYPT_PARAMS): Promise<string> {
  const salt = crypto.randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

const isPowerOfTwo = (n: number): boolean => Number.isInteger(n) && n >= 2 && (n & (n - 1)) === 0;

/** The parts of a stored hash, or null when it is not one this code wrote (never verifies). */
export function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map((part) => (/^\d{1,8}$/.test(part) ? Number(part) : NaN)) as [number, number, number];
  if (!isPowerOfTwo(N) || N > MAX_N || !(r >= 1 && r <= 32) || !(p >= 1 && p <= 16)) return null;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const key = Buffer.from(parts[5]!, 'base64url');
  if (salt.length < SALT_BYTES || key.length !== HASH_BYTES) return null;
  return { params: { N, r, p }, salt, key };
}

/** A hash of no password, for the dummy verification (made once, on first need). */
let dummy: Promise<string> | null = null;

/**
 * True when `password` matches `stored`. `stored` null (no such user) or unreadable: a verification of the same cost
 * runs anyway and the answer is false.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parsed = stored === null ? null : parseHash(stored);
  if (parsed === null) {
    dummy ??= hashPassword(crypto.randomBytes(SALT_BYTES).toString('base64url'));
    const fallback = parseHash(await dummy)!;
    const key = await scrypt(password, fallback.salt, fallback.params);
    crypto.timingSafeEqual(key, fallback.key);
    return false;
  }
  const key = await scrypt(password, parsed.salt, parsed.params);
  return crypto.timingSafeEqual(key, parsed.key);
}

/** Why `password` cannot be `username`'s new password, or null when it can. */
export function passwordProblem(password: string, username: string): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `the password must have at least ${PASSWORD_MIN} characters (it has ${length})`;
  if (length > PASSWORD_MAX) return `the password must have at most ${PASSWORD_MAX} characters (it has ${length})`;
  if (password.trim() === '') return 'the password must not be only spaces';
  if (password.toLowerCase() === username.toLowerCase()) return 'the password must not be the user name';
  return null;
}

/** A one-time password: 18 random bytes, 24 characters of base64url (144 bits). */
export function oneTimePassword(): string {
  return crypto.randomBytes(18).toString('base64url');
}
