/**
 * Signed feature hashing: 32-bit FNV-1a of a feature string, the low bits pick the bucket, the top bit the sign.
 */

/** FNV-1a over the UTF-16 code units of `s`, continuing from `seed` (pass the result to extend a prefix). */
export function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Bucket of hash `h` in a table of `2^bits` entries. */
export function bucketOf(h: number, bits: number): number {
  return h & ((1 << bits) - 1);
}

/** +1 or -1 from the top bit of `h` (signed hashing keeps collisions unbiased). */
export function signOf(h: number): 1 | -1 {
  return h >>> 31 === 1 ? -1 : 1;
}
