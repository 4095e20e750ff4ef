/**
 * Vitest globalSetup of the node tests: a throw-away PostgreSQL (pg-cluster.ts) for the PostgreSQL half of the
 * store suite.
 *
 * Contract: with `THREADSCOPE_TEST_DATABASE_URL` already set, nothing is started (that server is used). Otherwise, when
 * the PostgreSQL binaries are installed, a cluster is started, its URL set in `THREADSCOPE_TEST_DATABASE_URL` for the
 * test workers (they are spawned after this runs and inherit the environment), and stopped after the run. Without
 * the binaries one line says that the PostgreSQL half is skipped; under CI (`CI` set) that is an error instead, so
 * that CI never passes without testing PostgreSQL.
 */
import { findPgBin, startCluster, type Cluster } from './pg-cluster.ts';

const VARIABLE = 'THREADSCOPE_TEST_DATABASE_URL';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env[VARIABLE]?.trim()) return undefined;
  if (findPgBin() === null) {
    if (process.env.CI) throw new Error(`PostgreSQL is not installed (no initdb) and CI is set: install Debian's postgresql package (.ci/run does) or set ${VARIABLE}`);
    console.log(`PostgreSQL is not installed (no initdb): the PostgreSQL half of the store suite is skipped (install postgresql or set ${VARIABLE})`);
    return undefined;
  }
  const cluster: Cluster = await startCluster();
  process.env[VARIABLE] = cluster.url;
  return async () => {
    delete process.env[VARIABLE];
    await cluster.stop();
  };
}
