/**
 * The live bus a server uses for its database (ADR 0031): PostgreSQL gets the bus between servers (pg-live-bus.ts),
 * SQLite the in-process one (one server per data directory, as before).
 */
import type { DatabaseLocator, Sql } from '../store/sql.ts';
import { LocalLiveBus, type LiveBus } from './live-bus.ts';
import { PgLiveBus, type PgLiveBusOptions } from './pg-live-bus.ts';

export async function openLiveBus(sql: Sql, locator: DatabaseLocator, options: PgLiveBusOptions = {}): Promise<LiveBus> {
  if (locator.kind === 'postgres') return PgLiveBus.open(sql, locator.url, options);
  return new LocalLiveBus();
}
